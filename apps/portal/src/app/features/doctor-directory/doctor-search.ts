import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject } from '@angular/core';
import { rxResource, takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatExpansionModule } from '@angular/material/expansion';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Router } from '@angular/router';
import { DoctorsApi } from '@carebook/api-client';
import { CONSULTATION_TYPES, SORT_DOCTORS_BY, type ConsultationType, type DoctorSort } from '@carebook/shared';
import { Observable, debounceTime, map, merge } from 'rxjs';
import type { Doctor } from '../../core/api-types';
import { ListPaginator, type ListPage } from '../../shared/list-paginator';
import { Clinic } from '../../core/clinic';
import { addDays, clinicLocale, todayIn } from '../../shared/clinic-time';
import { CONSULTATION_ICONS, CONSULTATION_LABELS, DoctorCard } from '../../shared/doctor-card';
import { matchesMedia } from '../../shared/media';
import { DateTime } from 'luxon';
import { dateFromIso, formatNumericDate, isoFromDate, provideClinicDateAdapter } from '../../shared/clinic-date-adapter';
import {
  DoctorFilters,
  NO_FILTERS,
  NarrowingFilter,
  PAGE_SIZES,
  SORT_LABELS,
  activeFilters,
  filtersFromParams,
  filtersToParams,
  toListParams,
} from './search-filters';
import { ResourceStatus } from '../../shared/resource-status';
import { FilterChips } from '../../shared/filter-chips';

type TextFilter = 'q' | 'location' | 'language';

/** Doctors patients can book, narrowed by filters kept in the URL so a search survives reloads and links. */
@Component({
  selector: 'cb-doctor-search',
  imports: [
    ResourceStatus,
    DoctorCard,
    FilterChips,
    ListPaginator,
    MatAutocompleteModule,
    MatButtonModule,
    MatButtonToggleModule,
    MatDatepickerModule,
    MatExpansionModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    NgTemplateOutlet,
    ReactiveFormsModule,
  ],
  providers: [provideClinicDateAdapter()],
  templateUrl: './doctor-search.html',
  styleUrl: './doctor-search.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DoctorSearch {
  private readonly doctorsApi = inject(DoctorsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly clinic = inject(Clinic);

  private readonly queryParams = toSignal(this.route.queryParams, { initialValue: {} });
  protected readonly filters = computed(() => filtersFromParams(this.queryParams()));
  protected readonly active = computed(() => activeFilters(this.filters()));

  protected readonly q = new FormControl('', { nonNullable: true });
  protected readonly location = new FormControl('', { nonNullable: true });
  protected readonly language = new FormControl('', { nonNullable: true });
  protected readonly availableOn = new FormControl<DateTime | null>(null);

  protected readonly consultationTypes = CONSULTATION_TYPES.map((value) => ({
    value,
    label: CONSULTATION_LABELS[value],
    icon: CONSULTATION_ICONS[value],
  }));
  protected readonly sorts = SORT_DOCTORS_BY.map((value) => ({ value, label: SORT_LABELS[value] }));
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly isDesktop = matchesMedia('(min-width: 960px)');

  protected readonly doctors = rxResource({
    params: () => toListParams(this.filters()),
    stream: ({ params }) => this.doctorsApi.listDoctors(params),
  });
  protected readonly items = computed<Doctor[]>(() => (this.doctors.hasValue() ? this.doctors.value().items : []));
  protected readonly total = computed(() => (this.doctors.hasValue() ? this.doctors.value().total : 0));

  protected readonly specialties = rxResource({ stream: () => this.doctorsApi.listSpecialties() });
  /** Only specialties someone can be booked in: a filter that can only find nobody is no help. */
  protected readonly offeredSpecialties = computed(() =>
    this.specialties.hasValue() ? this.specialties.value().filter((specialty) => specialty.doctorCount > 0) : [],
  );
  /** A specialty from the URL that the list does not offer (still searched, and shown as chosen). */
  protected readonly unlistedSpecialty = computed(() => {
    const chosen = this.filters().specialty;
    return chosen && !this.offeredSpecialties().some((specialty) => specialty.name === chosen) ? chosen : undefined;
  });
  private readonly locations = rxResource({ stream: () => this.doctorsApi.listDoctorLocations() });
  private readonly locationText = toSignal(this.location.valueChanges, { initialValue: '' });
  protected readonly locationOptions = computed(() => {
    const all = this.locations.hasValue() ? this.locations.value() : [];
    const typed = this.locationText().trim().toLocaleLowerCase();
    return typed ? all.filter((place) => place.toLocaleLowerCase().includes(typed)) : all;
  });

  /** Bookable days: from today to the clinic's booking horizon. */
  protected readonly minDate = computed(() => dateFromIso(todayIn(this.clinic.timezone()), this.clinic.timezone()));
  protected readonly maxDate = computed(() =>
    this.clinic.info.hasValue()
      ? dateFromIso(addDays(todayIn(this.clinic.timezone()), this.clinic.info.value().bookingHorizonDays), this.clinic.timezone())
      : null,
  );

  /** "28/11/2026" in the clinic's date order (as the picker reads it), for the date field's error. */
  protected readonly dateExample = computed(() => formatNumericDate(2026, 11, 28, clinicLocale()));
  protected readonly clinicHorizon = computed(() => (this.clinic.info.hasValue() ? this.clinic.info.value().bookingHorizonDays : ''));

  protected readonly resultLabel = computed(() => {
    const total = this.total();
    return total === 1 ? '1 doctor' : `${total} doctors`;
  });
  protected readonly emptyMessage = computed(() => {
    const labels = this.active().map((filter) => filter.label);
    return labels.length ? `No doctors match ${labels.join(', ')}` : 'No doctors are taking bookings yet';
  });
  /** Filters other than the search text, counted on the phone's collapsed filter panel. */
  protected readonly panelFilterCount = computed(() => this.active().filter((filter) => filter.key !== 'q').length);

  constructor() {
    // Show the URL's values in the fields (on load, and on back/forward).
    effect(() => {
      const filters = this.filters();
      for (const [name, control] of this.textControls()) {
        if (control.value.trim() !== filters[name]) {
          control.setValue(filters[name], { emitEvent: false });
        }
      }
      if (isoFromDate(this.availableOn.value) !== filters.availableOn) {
        this.availableOn.setValue(dateFromIso(filters.availableOn, this.clinic.timezone()), { emitEvent: false });
      }
    });
    // Typing narrows the search after a pause.
    merge(...this.textControls().map(([name, control]) => this.typed(name, control)))
      .pipe(takeUntilDestroyed())
      .subscribe((change) => this.navigate(change));
    this.availableOn.valueChanges.pipe(takeUntilDestroyed()).subscribe((date) => {
      // Only whole, valid dates (the field holds null while someone is still typing one).
      const iso = isoFromDate(date);
      if (iso !== this.filters().availableOn && (iso || date === null)) {
        this.navigate({ availableOn: iso, page: 1 });
      }
    });
    // A page past the end (after results shrank) moves to the last page.
    effect(() => {
      if (!this.doctors.hasValue()) return;
      const { page, pageSize } = this.filters();
      const total = this.total();
      if (page > 1 && this.items().length === 0 && total > 0) {
        this.navigate({ page: Math.ceil(total / pageSize) }, true);
      }
    });
  }

  protected setSpecialty(specialty: string | undefined): void {
    this.navigate({ specialty: specialty ?? '', page: 1 });
  }

  protected setConsultationType(type: ConsultationType | '' | undefined): void {
    this.navigate({ consultationType: type || undefined, page: 1 });
  }

  protected setSort(sort: DoctorSort): void {
    this.navigate({ sort, page: 1 });
  }

  protected chooseLocation(location: string): void {
    this.navigate({ location, page: 1 });
  }

  protected remove(key: NarrowingFilter): void {
    this.navigate({ [key]: NO_FILTERS[key], page: 1 });
  }

  /** Every narrowing filter back to its default, from the first page; the sort and page size stay. */
  protected clearFilters(): void {
    const { sort: _sort, pageSize: _pageSize, ...cleared } = NO_FILTERS;
    this.navigate(cleared);
  }

  protected changePage({ page, pageSize }: ListPage): void {
    this.navigate({ page, pageSize });
  }

  private textControls(): [TextFilter, FormControl<string>][] {
    return [
      ['q', this.q],
      ['location', this.location],
      ['language', this.language],
    ];
  }

  private typed(name: TextFilter, control: FormControl<string>): Observable<Partial<DoctorFilters>> {
    return control.valueChanges.pipe(
      debounceTime(350),
      map((value) => value.trim()),
      map((value): Partial<DoctorFilters> => ({ [name]: value, page: 1 })),
    );
  }

  private navigate(change: Partial<DoctorFilters>, replaceUrl = false): void {
    const current = this.filters();
    const changed = (Object.keys(change) as (keyof DoctorFilters)[]).some((key) => change[key] !== current[key]);
    if (!changed) return;
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: filtersToParams(change),
      queryParamsHandling: 'merge',
      replaceUrl,
    });
  }
}
