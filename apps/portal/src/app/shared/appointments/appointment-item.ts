import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import type { Appointment } from '@carebook/api-client';
import { StatusChip } from '../status-chip';
import { dayWords, timeRange } from './appointment-status-text';
import { formatLocalDate, localDate } from '../clinic-time';
import { DoctorAvatar } from '../doctor-avatar';
import { experienceText } from '../doctor-card';

/**
 * One appointment in a list, as a link to its page: the date on a calendar leaf, the doctor, the time and
 * the status. `with` picks whose name leads: the doctor's (for patients and admins) or the patient's.
 */
@Component({
  selector: 'cb-appointment-item',
  imports: [DoctorAvatar, MatIconModule, RouterLink, StatusChip],
  templateUrl: './appointment-item.html',
  styleUrl: './appointment-item.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppointmentItem {
  readonly appointment = input.required<Appointment>();
  /** The clinic's IANA timezone. */
  readonly timezone = input.required<string>();
  readonly with = input<'doctor' | 'patient'>('doctor');

  private readonly date = computed(() => localDate(this.appointment().startsAt, this.timezone()));
  protected readonly month = computed(() => formatLocalDate(this.date(), { month: 'short' }));
  protected readonly dayOfMonth = computed(() => formatLocalDate(this.date(), { day: 'numeric' }));
  protected readonly day = computed(() => dayWords(this.appointment().startsAt, this.timezone()));
  protected readonly times = computed(() => timeRange(this.appointment().startsAt, this.appointment().endsAt, this.timezone()));
  /** "Cardiology · 14 years’ experience": what the patient knows of the doctor at a glance. */
  protected readonly doctorFacts = computed(() => {
    const { specialty, experienceYears } = this.appointment().doctor;
    const experience = experienceText(experienceYears);
    return experience ? `${specialty} · ${experience}` : specialty;
  });
  /** Past, or no longer going ahead: shown quieter. */
  protected readonly ended = computed(() => {
    const { status, endsAt } = this.appointment();
    return status === 'declined' || status === 'cancelled' || Date.parse(endsAt) < Date.now();
  });
}
