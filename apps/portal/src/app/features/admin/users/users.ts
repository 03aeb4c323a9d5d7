import { ClinicDatePipe } from '../../../shared/clinic-date-pipe';
import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, numberAttribute } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Params, Router } from '@angular/router';
import { AdminApi } from '@carebook/api-client';
import { AdminUser } from '../../../core/api-types';
import { ROLES, Role, USER_STATUSES, UserStatus } from '@carebook/shared';
import { Observable, debounceTime, distinctUntilChanged, filter, map, switchMap } from 'rxjs';
import { describeError } from '../../../core/api-error';
import { Session } from '../../../core/session';
import { matchesMedia } from '../../../shared/media';
import { FilterSelect } from '../../../shared/filter-select';
import { ListPaginator, type ListPage } from '../../../shared/list-paginator';
import { SearchField } from '../../../shared/search-field';
import { queryOneOf } from '../../../shared/query-params';
import { StatusChip } from '../../../shared/status-chip';
import { UserAction, UserActionData, UserActionDialog, UserActionResult } from './user-action-dialog';
import { ResourceStatus } from '../../../shared/resource-status';
import { EmailText } from '../../../shared/email-text';

const PAGE_SIZES = [10, 20, 50, 100];
const DEFAULT_PAGE_SIZE = 20;

const ROLE_LABELS: Record<Role, string> = { patient: 'Patient', doctor: 'Doctor', admin: 'Admin' };
const STATUS_LABELS: Record<UserStatus, string> = {
  active: 'Active',
  pending: 'Pending',
  rejected: 'Rejected',
  suspended: 'Suspended',
};
const DONE: Record<UserAction, string> = {
  approve: 'approved',
  reject: 'rejected',
  suspend: 'suspended',
  reactivate: 'reactivated',
};

/** People registered in the clinic, filtered through the URL so a filtered list survives reloads and links. */
const ROLE_OPTIONS = ROLES.map((value) => ({ value, label: ROLE_LABELS[value] }));
const STATUS_OPTIONS = USER_STATUSES.map((value) => ({ value, label: STATUS_LABELS[value] }));

@Component({
  selector: 'cb-users',
  imports: [
    EmailText,
    ResourceStatus,
    ClinicDatePipe,
    FilterSelect,
    ListPaginator,
    MatButtonModule,
    MatCardModule,
    MatIconModule,
    MatTableModule,
    NgTemplateOutlet,
    SearchField,
    StatusChip,
  ],
  templateUrl: './users.html',
  styleUrl: './users.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Users {
  private readonly adminApi = inject(AdminApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly session = inject(Session);

  // Bound from the query parameters.
  readonly role = input<string>();
  readonly status = input<string>();
  readonly q = input<string>();
  readonly page = input(1, { transform: (value: unknown) => Math.max(1, numberAttribute(value, 1)) });
  readonly pageSize = input(DEFAULT_PAGE_SIZE, {
    transform: (value: unknown) => {
      const size = numberAttribute(value, DEFAULT_PAGE_SIZE);
      return PAGE_SIZES.includes(size) ? size : DEFAULT_PAGE_SIZE;
    },
  });

  protected readonly roleFilter = computed(() => queryOneOf(ROLES, this.role()));
  protected readonly statusFilter = computed(() => queryOneOf(USER_STATUSES, this.status()));
  protected readonly search = new FormControl('', { nonNullable: true });

  protected readonly roles = ROLE_OPTIONS;
  protected readonly statuses = STATUS_OPTIONS;
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly columns = ['name', 'role', 'status', 'specialty', 'createdAt', 'actions'];
  protected readonly isDesktop = matchesMedia('(min-width: 960px)');

  protected readonly users = rxResource({
    params: () => ({
      role: this.roleFilter(),
      status: this.statusFilter(),
      q: this.q()?.trim() || undefined,
      page: this.page(),
      pageSize: this.pageSize(),
    }),
    stream: ({ params }) => this.adminApi.listUsers(params),
  });
  protected readonly rows = computed<AdminUser[]>(() => (this.users.hasValue() ? this.users.value().items : []));
  protected readonly total = computed(() => (this.users.hasValue() ? this.users.value().total : 0));

  constructor() {
    // Show the URL's search text in the field (on load, and on back/forward).
    effect(() => {
      const q = this.q() ?? '';
      if (this.search.value.trim() !== q.trim()) {
        this.search.setValue(q, { emitEvent: false });
      }
    });
    this.search.valueChanges
      .pipe(
        debounceTime(300),
        map((value) => value.trim()),
        distinctUntilChanged(),
        filter((value) => value !== (this.q() ?? '').trim()),
        takeUntilDestroyed(),
      )
      .subscribe((q) => this.navigate({ q: q || null, page: null }));
  }

  protected filterBy(name: 'role' | 'status', value: string | undefined): void {
    this.navigate({ [name]: value ?? null, page: null });
  }

  protected clearFilters(): void {
    this.search.setValue('', { emitEvent: false });
    this.navigate({ role: null, status: null, q: null, page: null });
  }

  protected changePage({ page, pageSize }: ListPage): void {
    this.navigate({
      page: page === 1 ? null : page,
      pageSize: pageSize === DEFAULT_PAGE_SIZE ? null : pageSize,
    });
  }

  protected actionsFor(user: AdminUser): UserAction[] {
    if (user.id === this.session.user()?.id) {
      return [];
    }
    if (user.status === 'pending' && user.role === 'doctor') {
      return ['approve', 'reject'];
    }
    if (user.status === 'active') {
      return ['suspend'];
    }
    if (user.status === 'suspended') {
      return ['reactivate'];
    }
    return [];
  }

  protected roleLabel(role: Role): string {
    return ROLE_LABELS[role];
  }

  protected actionLabel(action: UserAction): string {
    return action.charAt(0).toUpperCase() + action.slice(1);
  }

  protected act(user: AdminUser, action: UserAction): void {
    const data: UserActionData = { action, fullName: user.fullName, email: user.email };
    this.dialog
      .open<UserActionDialog, UserActionData, UserActionResult>(UserActionDialog, { data, width: '480px', maxWidth: '95vw' })
      .afterClosed()
      .pipe(
        // Only a confirmation carries a result object; Cancel, Escape and clicking outside do not.
        filter((result): result is UserActionResult => typeof result === 'object' && result !== null),
        switchMap((result) => this.perform(user.id, action, result)),
      )
      .subscribe({
        next: (updated) => {
          this.snackBar.open(`${updated.fullName} ${DONE[action]}`, 'Close', { duration: 4000 });
          this.users.reload();
        },
        error: (error: unknown) => {
          this.snackBar.open(describeError(error), 'Close', { duration: 6000 });
          this.users.reload();
        },
      });
  }

  private perform(id: string, action: UserAction, result: UserActionResult): Observable<AdminUser> {
    switch (action) {
      case 'approve':
        return this.adminApi.approveDoctor({ id });
      case 'reject':
        return this.adminApi.rejectDoctor({ id, body: result });
      case 'suspend':
        return this.adminApi.suspendUser({ id, body: result });
      case 'reactivate':
        return this.adminApi.reactivateUser({ id });
    }
  }

  private navigate(queryParams: Params): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams, queryParamsHandling: 'merge' });
  }
}
