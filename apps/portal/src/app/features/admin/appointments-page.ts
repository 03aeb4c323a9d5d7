import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { rxResource, takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { AppointmentsApi, type Appointment } from '@carebook/api-client';
import { EMPTY, Observable, debounceTime, filter, of, switchMap } from 'rxjs';
import { describeError } from '../../core/api-error';
import { Clinic } from '../../core/clinic';
import { Realtime } from '../../core/realtime';
import { AppointmentFilterBar, ExtraChip } from '../../shared/appointment-filter-bar';
import {
  APPOINTMENT_PAGE_SIZES,
  AppointmentFilters,
  AppointmentOrder,
  NO_APPOINTMENT_FILTERS,
  appointmentFiltersFromParams,
  appointmentFiltersToParams,
  orderOf,
  toAppointmentListParams,
} from '../../shared/appointment-filters';
import { askReason } from '../../shared/appointment-reason-dialog';
import { AppointmentStatusChip } from '../../shared/appointment-status-chip';
import { patientSummary } from '../../shared/appointment-text';
import { formatLocalDate, formatTime, localDate, todayIn } from '../../shared/clinic-time';
import { confirmAction } from '../../shared/confirm-dialog';
import { matchesMedia } from '../../shared/media';
import { ACTION_DONE, TableAction } from './appointment-actions';
import { PersonPicker, PickedPerson } from './person-picker';
import { RowActions } from './row-actions';

interface Row {
  appointment: Appointment;
  date: string;
  time: string;
  patient: string;
}

/** Every appointment in the clinic, filtered through the URL, with the actions the server allows on each. */
@Component({
  selector: 'cb-appointments-page',
  imports: [
    AppointmentFilterBar,
    AppointmentStatusChip,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
        MatPaginatorModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
    PersonPicker,
    RowActions,
    RouterLink,
  ],
  templateUrl: './appointments-page.html',
  styleUrl: './appointments-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppointmentsPage {
  private readonly api = inject(AppointmentsApi);
  private readonly clinic = inject(Clinic);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);

  private readonly queryParams = toSignal(this.route.queryParams, { initialValue: {} });
  protected readonly filters = computed(() => appointmentFiltersFromParams(this.queryParams()));
  protected readonly order = computed(() => orderOf(this.filters()));
  protected readonly pageSizes = APPOINTMENT_PAGE_SIZES;
  protected readonly columns = ['when', 'patient', 'doctor', 'reason', 'status', 'actions'];
  protected readonly describeError = describeError;
  protected readonly isDesktop = matchesMedia('(min-width: 960px)');
  protected readonly timezone = computed(() => this.clinic.timezone());
  /** The appointment whose action is running (its buttons wait). */
  protected readonly busy = signal<string | null>(null);
  /** Names of people picked in this visit, for chips when the results hold none of their appointments. */
  private readonly names = signal<ReadonlyMap<string, string>>(new Map());

  protected readonly appointments = rxResource({
    params: () =>
      this.clinic.info.isLoading() ? undefined : toAppointmentListParams(this.filters(), todayIn(this.timezone())),
    stream: ({ params }) => this.api.listAppointments(params),
  });
  protected readonly total = computed(() => (this.appointments.hasValue() ? this.appointments.value().total : 0));
  protected readonly rows = computed<Row[]>(() => {
    const zone = this.timezone();
    const items = this.appointments.hasValue() ? this.appointments.value().items : [];
    return items.map((appointment) => ({
      appointment,
      date: formatLocalDate(localDate(appointment.startsAt, zone), { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }),
      time: `${formatTime(appointment.startsAt, zone)}–${formatTime(appointment.endsAt, zone)}`,
      patient: patientSummary(appointment.patientDetails),
    }));
  });

  protected readonly doctorName = computed(() => this.nameOf(this.filters().doctorId, (a) => a.doctor));
  protected readonly patientName = computed(() => this.nameOf(this.filters().patientId, (a) => a.patient));
  protected readonly personChips = computed<ExtraChip[]>(() => {
    const chips: ExtraChip[] = [];
    if (this.filters().doctorId) chips.push({ key: 'doctorId', label: `Doctor: ${this.doctorName() || 'chosen doctor'}` });
    if (this.filters().patientId) chips.push({ key: 'patientId', label: `Patient: ${this.patientName() || 'chosen patient'}` });
    return chips;
  });

  constructor() {
    inject(Realtime)
      .appointmentUpdates()
      .pipe(debounceTime(500), takeUntilDestroyed())
      .subscribe(() => this.appointments.reload());
    // A page past the end (after results shrank) moves to the last page.
    effect(() => {
      if (!this.appointments.hasValue()) return;
      const { page, pageSize } = this.filters();
      if (page > 1 && this.rows().length === 0 && this.total() > 0) {
        this.navigate({ page: Math.ceil(this.total() / pageSize) }, true);
      }
    });
  }

  protected navigate(change: Partial<AppointmentFilters>, replaceUrl = false): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: appointmentFiltersToParams(change),
      queryParamsHandling: 'merge',
      replaceUrl,
    });
  }

  protected pickPerson(key: 'doctorId' | 'patientId', person: PickedPerson | null): void {
    if (person) this.names.update((names) => new Map(names).set(person.id, person.fullName));
    this.navigate({ [key]: person?.id ?? '', page: 1 });
  }

  protected removePerson(key: string): void {
    if (key === 'doctorId' || key === 'patientId') this.navigate({ [key]: '', page: 1 });
  }

  protected setOrder(order: AppointmentOrder): void {
    this.navigate({ order, page: 1 });
  }

  /** Every narrowing filter back to its default; the page size stays. */
  protected clearFilters(): void {
    const { pageSize: _pageSize, ...cleared } = NO_APPOINTMENT_FILTERS;
    this.navigate(cleared);
  }

  protected changePage(event: PageEvent): void {
    this.navigate({ page: event.pageIndex + 1, pageSize: event.pageSize });
  }

  protected act(row: Row, action: TableAction): void {
    if (this.busy()) return;
    const { appointment } = row;
    if (action === 'decline' || action === 'cancel') {
      askReason(this.dialog, { action, appointment, timezone: this.timezone(), showDoctor: true }).subscribe((result) => {
        if (!result) return;
        if ('stale' in result) this.stale(result.stale);
        else this.done(action, result.done);
      });
      return;
    }
    const confirmed: Observable<boolean> =
      action === 'no_show'
        ? confirmAction(this.dialog, {
            title: 'Mark as no-show?',
            message: `${appointment.patient.fullName} did not come to the appointment with ${appointment.doctor.fullName} on ${row.date} at ${row.time}. This can’t be undone.`,
            confirm: 'Mark no-show',
            destructive: true,
          })
        : of(true);
    confirmed
      .pipe(
        filter(Boolean),
        switchMap(() => {
          this.busy.set(appointment.id);
          return this.call(action, appointment.id);
        }),
      )
      .subscribe({
        next: (updated) => {
          this.busy.set(null);
          this.done(action, updated);
        },
        error: (error: unknown) => {
          this.busy.set(null);
          if (error instanceof HttpErrorResponse && (error.status === 409 || error.status === 404)) {
            this.stale(describeError(error));
          } else {
            this.snackBar.open(describeError(error), 'Close', { duration: 8000 });
          }
        },
      });
  }

  private call(action: TableAction, id: string): Observable<Appointment> {
    switch (action) {
      case 'approve':
        return this.api.approveAppointment({ id });
      case 'complete':
        return this.api.completeAppointment({ id });
      case 'no_show':
        return this.api.markAppointmentNoShow({ id });
      default:
        return EMPTY;
    }
  }

  private done(action: TableAction, updated: Appointment): void {
    // Show the new status and actions at once; the reload also picks up whether it still matches the filters.
    this.appointments.update((page) =>
      page ? { ...page, items: page.items.map((a) => (a.id === updated.id ? updated : a)) } : page,
    );
    this.appointments.reload();
    this.snackBar.open(`${ACTION_DONE[action]}: ${updated.patient.fullName} with ${updated.doctor.fullName}`, 'Close', {
      duration: 5000,
    });
  }

  private stale(message: string): void {
    const why = message.replace(/\.$/, '');
    this.snackBar.open(`Already handled elsewhere: ${why.charAt(0).toLowerCase()}${why.slice(1)}. The list has been refreshed.`, 'Close', {
      duration: 8000,
    });
    this.appointments.reload();
  }

  private nameOf(id: string, person: (a: Appointment) => { id: string; fullName: string }): string {
    if (!id) return '';
    const picked = this.names().get(id);
    if (picked) return picked;
    const items = this.appointments.hasValue() ? this.appointments.value().items : [];
    return items.map(person).find((p) => p.id === id)?.fullName ?? '';
  }
}
