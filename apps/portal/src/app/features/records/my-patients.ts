import { ChangeDetectionStrategy, Component, computed, effect, inject, input, numberAttribute } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { ActivatedRoute, type Params, Router, RouterLink } from '@angular/router';
import { PatientsApi, type PatientSummary } from '@carebook/api-client';
import { debounceTime, distinctUntilChanged, filter, map } from 'rxjs';
import { Clinic } from '../../core/clinic';
import { todayIn } from '../../shared/clinic-time';
import { ListPaginator, type ListPage } from '../../shared/list-paginator';
import { ResourceStatus } from '../../shared/resource-status';
import { SearchField } from '../../shared/search-field';
import { GENDER_LABELS } from '../appointments/booking-dialog';
import { EmailText } from '../../shared/email-text';

const PAGE_SIZES = [20, 50, 100];
const DEFAULT_PAGE_SIZE = 20;
/** The API's limit for `q`. */
const MAX_QUERY = 120;

/** Whole years from a date of birth to the clinic's today; null without one. */
export function ageOn(dateOfBirth: string | null, today: string): number | null {
  if (!dateOfBirth) return null;
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/**
 * The doctor's own patients (a pending, confirmed, completed or no-show appointment with them), searched by name or
 * email, each row opening the patient's chart. Search and page live in the URL.
 */
@Component({
  selector: 'cb-my-patients',
  imports: [EmailText, ListPaginator, MatButtonModule, MatIconModule, ResourceStatus, RouterLink, SearchField],
  templateUrl: './my-patients.html',
  styleUrl: './my-patients.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyPatients {
  private readonly api = inject(PatientsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly clinic = inject(Clinic);

  // Bound from the query parameters.
  readonly q = input<string>();
  readonly page = input(1, { transform: (value: unknown) => Math.max(1, numberAttribute(value, 1)) });
  readonly pageSize = input(DEFAULT_PAGE_SIZE, {
    transform: (value: unknown) => {
      const size = numberAttribute(value, DEFAULT_PAGE_SIZE);
      return PAGE_SIZES.includes(size) ? size : DEFAULT_PAGE_SIZE;
    },
  });

  protected readonly pageSizes = PAGE_SIZES;
  protected readonly search = new FormControl('', { nonNullable: true });
  protected readonly query = computed(() => (this.q() ?? '').trim().slice(0, MAX_QUERY));

  protected readonly patients = rxResource({
    params: () => ({ q: this.query() || undefined, page: this.page(), pageSize: this.pageSize() }),
    stream: ({ params }) => this.api.listMyPatients(params),
  });
  protected readonly rows = computed(() => {
    if (!this.patients.hasValue()) return [];
    const today = todayIn(this.clinic.timezone());
    return this.patients.value().items.map((p) => ({ ...p, facts: this.facts(p, today) }));
  });
  protected readonly total = computed(() => (this.patients.hasValue() ? this.patients.value().total : 0));

  constructor() {
    // Show the URL's search text in the field (on load, and on back/forward).
    effect(() => {
      const q = this.query();
      if (this.search.value.trim() !== q) this.search.setValue(q, { emitEvent: false });
    });
    this.search.valueChanges
      .pipe(
        debounceTime(300),
        map((value) => value.trim()),
        distinctUntilChanged(),
        filter((value) => value !== this.query()),
        takeUntilDestroyed(),
      )
      .subscribe((q) => this.navigate({ q: q || null, page: null }));
  }

  protected clearSearch(): void {
    this.search.setValue('', { emitEvent: false });
    this.navigate({ q: null, page: null });
  }

  protected changePage({ page, pageSize }: ListPage): void {
    this.navigate({ page: page === 1 ? null : page, pageSize: pageSize === DEFAULT_PAGE_SIZE ? null : pageSize });
  }

  private navigate(queryParams: Params): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams, queryParamsHandling: 'merge' });
  }

  /** "42 years · Female · +44 20 7946 0000": what the doctor knows at a glance. */
  private facts(patient: PatientSummary, today: string): string {
    const parts: string[] = [];
    const age = ageOn(patient.dateOfBirth, today);
    if (age !== null) parts.push(age === 1 ? '1 year' : `${age} years`);
    if (patient.gender && patient.gender !== 'unspecified') parts.push(GENDER_LABELS[patient.gender]);
    if (patient.phone) parts.push(patient.phone);
    return parts.join(' · ');
  }
}
