import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import type { ConsultationType } from '@carebook/shared';
import type { Doctor } from '../core/api-types';
import { Clinic } from '../core/clinic';
import { formatDay, formatTime } from './clinic-time';
import { DoctorAvatar } from './doctor-avatar';

export const CONSULTATION_LABELS: Record<ConsultationType, string> = { in_person: 'In person', video: 'Video' };
export const CONSULTATION_ICONS: Record<ConsultationType, string> = { in_person: 'apartment', video: 'videocam' };

/** "Next available: Tue 25 Nov, 09:00" in the clinic's timezone, or why there is nothing to offer. */
export function nextAvailableText(nextAvailableAt: string | null, timeZone: string, horizonDays?: number): string {
  if (nextAvailableAt) {
    return `Next available: ${formatDay(nextAvailableAt, timeZone)}, ${formatTime(nextAvailableAt, timeZone)}`;
  }
  return horizonDays === undefined ? 'No free slots at the moment' : `No free slots in the next ${horizonDays} days`;
}

/** "14 years’ experience" (nothing when unknown). */
export function experienceText(years: number | null): string {
  if (years === null || years === undefined) return '';
  if (years === 0) return 'Newly qualified';
  return years === 1 ? '1 year’s experience' : `${years} years’ experience`;
}

/** "128 visits completed here" (1 visit; none yet). */
export function visitsText(count: number): string {
  if (count === 0) return 'No visits completed here yet';
  return count === 1 ? '1 visit completed here' : `${count.toLocaleString('en-GB')} visits completed here`;
}

/** A doctor in a list: who, where, how, and when they are next free; the whole card leads to their page. */
@Component({
  selector: 'cb-doctor-card',
  imports: [DoctorAvatar, MatCardModule, MatIconModule, RouterLink],
  templateUrl: './doctor-card.html',
  styleUrl: './doctor-card.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DoctorCard {
  private readonly clinic = inject(Clinic);

  readonly doctor = input.required<Doctor>();
  /** The level of the doctor's name heading, to fit the page's outline. */
  readonly headingLevel = input<2 | 3>(3);
  /** A day (YYYY-MM-DD) the patient searched for: the doctor's page then opens on it. */
  readonly date = input<string | undefined>(undefined);
  /** Visits the doctor completed at the clinic, where the list ranks by them (top doctors). */
  readonly completedVisits = input<number | undefined>(undefined);

  protected readonly labels = CONSULTATION_LABELS;
  protected readonly icons = CONSULTATION_ICONS;
  protected readonly linkParams = computed(() => (this.date() ? { date: this.date() } : {}));
  protected readonly experience = computed(() => experienceText(this.doctor().experienceYears));
  protected readonly visits = computed(() => {
    const count = this.completedVisits();
    return count === undefined ? '' : visitsText(count);
  });
  protected readonly nextText = computed(() =>
    nextAvailableText(
      this.doctor().nextAvailableAt,
      this.clinic.timezone(),
      this.clinic.info.hasValue() ? this.clinic.info.value().bookingHorizonDays : undefined,
    ),
  );
}
