import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatExpansionModule } from '@angular/material/expansion';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { DoctorsApi } from '@carebook/api-client';
import { APPOINTMENT_LIMITS, APPOINTMENT_STATUSES, TIMES_OF_DAY, type AppointmentStatus, type TimeOfDay } from '@carebook/shared';
import { debounceTime, distinctUntilChanged, map } from 'rxjs';
import {
  APPOINTMENT_WHENS,
  AppointmentChipKey,
  AppointmentFilters,
  AppointmentWhen,
  timeOfDayLabel,
  WHEN_LABELS,
  appointmentChips,
  clearChip,
} from './appointment-filters';
import { FilterChips, type FilterChip } from '../filter-chips';
import { APPOINTMENT_STATUS_LABELS } from '../status-chip';
import { matchesMedia } from '../media';
import { DateTime } from 'luxon';
import { Clinic } from '../../core/clinic';
import { dateFromIso, isoFromDate, provideClinicDateAdapter } from '../clinic-date-adapter';
import { ChoiceToggle } from '../choice-toggle';

/** A filter the page adds itself (an admin's doctor or patient), shown as a removable chip beside the others. */
export type ExtraChip = FilterChip;

/**
 * The filters of an appointment search: words, status, dates, time of day and specialty. It only reports
 * changes (`changed`); the page keeps the filters in its URL and passes them back in. Extra fields a page
 * needs (an admin's doctor and patient pickers) are projected into it.
 */
@Component({
  selector: 'cb-appointment-filter-bar',
  imports: [
    FilterChips,
    MatButtonModule,
    ChoiceToggle,
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
  templateUrl: './appointment-filter-bar.html',
  styleUrl: './appointment-filter-bar.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppointmentFilterBar {
  readonly filters = input.required<AppointmentFilters>();
  readonly label = input('Search appointments');
  readonly searchLabel = input('Search reason, disease or patient');
  readonly showSpecialty = input(true);
  readonly extraChips = input<ExtraChip[]>([]);
  /** Filters projected into the panel, counted on its header on phones. */
  readonly extraCount = input(0);

  readonly changed = output<Partial<AppointmentFilters>>();
  readonly cleared = output<void>();
  readonly removeExtra = output<string>();

  protected readonly isPhone = matchesMedia('(max-width: 599px)');
  protected readonly searchMax = APPOINTMENT_LIMITS.search.max;
  protected readonly statuses = APPOINTMENT_STATUSES.map((value) => ({ value, label: APPOINTMENT_STATUS_LABELS[value] }));
  /** The parts of the day with their hours on the clinic's clock (computed, so a change of clock re-labels them). */
  protected readonly timesOfDay = computed(() => TIMES_OF_DAY.map((value) => ({ value, label: timeOfDayLabel(value) })));
  protected readonly whens = APPOINTMENT_WHENS.map((value) => ({ value, label: WHEN_LABELS[value] }));

  private readonly doctorsApi = inject(DoctorsApi);
  private readonly specialties = rxResource({ stream: () => this.doctorsApi.listSpecialties() });
  protected readonly specialtyNames = computed(() => {
    const names = this.specialties.hasValue() ? this.specialties.value().map((s) => s.name) : [];
    const chosen = this.filters().specialty;
    return chosen && !names.includes(chosen) ? [chosen, ...names] : names;
  });

  protected readonly chips = computed(() => appointmentChips(this.filters()));
  /** The page's own chips first, then those of the filters here. */
  protected readonly allChips = computed<FilterChip[]>(() => [...this.extraChips(), ...this.chips()]);
  protected readonly custom = computed(() => this.filters().from !== '' || this.filters().to !== '');
  protected readonly panelCount = computed(() => this.chips().filter((c) => c.key !== 'q').length + this.extraCount());

  private readonly clinic = inject(Clinic);
  protected readonly q = new FormControl('', { nonNullable: true });
  protected readonly dates = new FormGroup({
    start: new FormControl<DateTime | null>(null),
    end: new FormControl<DateTime | null>(null),
  });

  constructor() {
    // Show the URL's values in the fields (on load, and on back/forward).
    effect(() => {
      const { q, from, to } = this.filters();
      if (this.q.value.trim() !== q) this.q.setValue(q, { emitEvent: false });
      const { start, end } = this.dates.getRawValue();
      if (isoFromDate(start) !== from || isoFromDate(end) !== to) {
        const zone = this.clinic.timezone();
        this.dates.setValue({ start: dateFromIso(from, zone), end: dateFromIso(to, zone) }, { emitEvent: false });
      }
    });
    this.q.valueChanges
      .pipe(
        debounceTime(350),
        map((value) => value.trim()),
        distinctUntilChanged(),
        takeUntilDestroyed(),
      )
      .subscribe((q) => {
        if (q !== this.filters().q) this.changed.emit({ q, page: 1 });
      });
    // A range is applied once both ends are whole, valid dates (or both are emptied).
    this.dates.valueChanges.pipe(takeUntilDestroyed()).subscribe(({ start, end }) => {
      const from = isoFromDate(start ?? null);
      const to = isoFromDate(end ?? null);
      const complete = (from && to) || (!start && !end);
      if (complete && (from !== this.filters().from || to !== this.filters().to)) {
        this.changed.emit({ from, to, page: 1 });
      }
    });
  }

  protected setStatus(status: AppointmentStatus[]): void {
    this.changed.emit({ status, page: 1 });
  }

  protected setTimeOfDay(value: TimeOfDay | ''): void {
    this.changed.emit({ timeOfDay: value || undefined, page: 1 });
  }

  protected setWhen(when: AppointmentWhen): void {
    this.changed.emit({ when, from: '', to: '', order: undefined, page: 1 });
  }

  protected removeChip(key: string): void {
    if (this.extraChips().some((chip) => chip.key === key)) this.removeExtra.emit(key);
    else this.changed.emit(clearChip(key as AppointmentChipKey));
  }
}
