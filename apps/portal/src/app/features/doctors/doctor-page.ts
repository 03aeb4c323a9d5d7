import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, linkedSignal, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Title } from '@angular/platform-browser';
import { Router, RouterLink, UrlTree } from '@angular/router';
import { DoctorsApi } from '@carebook/api-client';
import type { DoctorProfile, Slot } from '../../core/api-types';
import { describeError } from '../../core/api-error';
import { Clinic } from '../../core/clinic';
import { addDays, formatLocalDate, formatTime, localDate, todayIn } from '../../shared/clinic-time';
import { DoctorAvatar } from '../../shared/doctor-avatar';
import { CONSULTATION_ICONS, CONSULTATION_LABELS, experienceText } from '../../shared/doctor-card';
import { SlotPicker } from '../../shared/slot-picker';

const DAYS_SHOWN = 7;

/** A 404 from the API, also when a resource wrapped it. */
export function isNotFound(error: unknown): boolean {
  const cause = error instanceof Error && error.cause instanceof HttpErrorResponse ? error.cause : error;
  return cause instanceof HttpErrorResponse && cause.status === 404;
}

/** "Tuesday 25 November" and "09:00–09:30" for a slot, in the clinic's timezone. */
export function slotParts(slot: Slot, timeZone: string): { day: string; times: string } {
  return {
    day: formatLocalDate(localDate(slot.startsAt, timeZone), { weekday: 'long', day: 'numeric', month: 'long' }),
    times: `${formatTime(slot.startsAt, timeZone)}–${formatTime(slot.endsAt, timeZone)}`,
  };
}

/** "Tuesday 25 November, 09:00–09:30 with Dr Amara Okafor", in the clinic's timezone. */
export function slotSummary(slot: Slot, doctorName: string, timeZone: string): string {
  const { day, times } = slotParts(slot, timeZone);
  return `${day}, ${times} with ${doctorName}`;
}

/** A doctor's public profile and their free times. */
@Component({
  selector: 'cb-doctor-page',
  imports: [DoctorAvatar, MatButtonModule, MatCardModule, MatIconModule, MatProgressBarModule, RouterLink, SlotPicker],
  templateUrl: './doctor-page.html',
  styleUrl: './doctor-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DoctorPage {
  private readonly doctorsApi = inject(DoctorsApi);
  private readonly clinic = inject(Clinic);
  private readonly router = inject(Router);
  private readonly title = inject(Title);

  /** Bound from the route. */
  readonly id = input.required<string>();
  /** Optional `?date=YYYY-MM-DD` (from a search for a day): the picker opens on that day. */
  readonly date = input<string>();

  protected readonly describeError = describeError;
  protected readonly isNotFound = isNotFound;
  protected readonly consultationLabels = CONSULTATION_LABELS;
  protected readonly consultationIcons = CONSULTATION_ICONS;
  protected readonly days = DAYS_SHOWN;

  /** Back to the search this page was opened from, filters and all; else to a fresh search. */
  protected readonly backLink: UrlTree | string;
  protected readonly backLabel: string;

  protected readonly doctor = rxResource({
    params: () => ({ id: this.id() }),
    stream: ({ params }) => this.doctorsApi.getDoctor(params),
  });
  protected readonly profile = computed<DoctorProfile | undefined>(() => (this.doctor.hasValue() ? this.doctor.value() : undefined));
  protected readonly experience = computed(() => experienceText(this.profile()?.experienceYears ?? null));

  protected readonly timezone = computed(() => this.clinic.timezone());
  /** Clinic times are only trusted once the clinic has said which zone it is in. */
  private readonly clinicReady = computed(() => !this.clinic.info.isLoading());
  /** The first day the picker shows: today at the clinic (or the day asked for) until the patient moves on. */
  protected readonly from = linkedSignal(() => {
    const today = todayIn(this.timezone());
    const asked = this.date() ?? '';
    const horizon = this.clinic.info.hasValue() ? this.clinic.info.value().bookingHorizonDays : 0;
    return /^\d{4}-\d{2}-\d{2}$/.test(asked) && asked > today && asked <= addDays(today, horizon) ? asked : today;
  });

  protected readonly slots = rxResource({
    params: () =>
      this.clinicReady() && this.profile()
        ? { id: this.id(), from: this.from(), to: addDays(this.from(), DAYS_SHOWN - 1) }
        : undefined,
    stream: ({ params }) => this.doctorsApi.getDoctorSlots(params),
  });
  protected readonly slotList = computed<Slot[]>(() => (this.slots.hasValue() ? this.slots.value() : []));
  protected readonly slotsLoading = computed(() => !this.clinicReady() || this.slots.isLoading() || (!this.slots.hasValue() && !this.slots.error()));

  protected readonly selectedSlot = signal<Slot | undefined>(undefined);
  protected readonly summary = computed(() => {
    const slot = this.selectedSlot();
    return slot ? slotParts(slot, this.timezone()) : undefined;
  });

  constructor() {
    const navigation = this.router.currentNavigation() ?? this.router.lastSuccessfulNavigation();
    const previous = navigation?.previousNavigation?.finalUrl;
    const segments = previous?.root.children['primary']?.segments ?? [];
    const fromSearch = segments.length === 1 && segments[0].path === 'doctors';
    this.backLink = fromSearch && previous ? previous : '/doctors';
    this.backLabel = fromSearch ? 'Back to results' : 'Find a doctor';

    // The tab shows whose page this is.
    effect(() => {
      const doctor = this.profile();
      if (doctor) this.title.setTitle(`${doctor.fullName} · Carebook`);
    });
    // Another doctor (same component, new id) starts afresh.
    effect(() => {
      this.id();
      this.selectedSlot.set(undefined);
    });
  }

  protected changeRange(range: { from: string; to: string }): void {
    this.from.set(range.from);
  }

  protected select(slot: Slot): void {
    this.selectedSlot.set(slot);
  }
}
