import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import type { Appointment } from '@carebook/api-client';
import { StatusChip } from '../status-chip';
import { dayWords, timeRange } from './appointment-status-text';
import { formatLocalDate, localDate } from '../clinic-time';
import { DoctorAvatar } from '../doctor-avatar';

/**
 * One appointment in a list, as a link to its page: the date on a calendar leaf, the doctor, the time and
 * the status. `with` picks whose name leads: the doctor's (for patients and admins) or the patient's.
 */
@Component({
  selector: 'cb-appointment-item',
  imports: [DoctorAvatar, MatIconModule, RouterLink, StatusChip],
  template: `
    <a class="item" [routerLink]="['/appointments', appointment().id]" [class.ended]="ended()" data-testid="appointment-item">
      <span class="leaf" aria-hidden="true">
        <span class="month">{{ month() }}</span>
        <span class="day">{{ dayOfMonth() }}</span>
      </span>
      <span class="main">
        <span class="when">
          <span class="day-words">{{ day() }}</span>
          <span class="time">{{ times() }}</span>
        </span>
        @if (with() === 'doctor') {
          <span class="who">
            <cb-doctor-avatar class="avatar" [name]="appointment().doctor.fullName" [photoUrl]="appointment().doctor.photoUrl" lazy />
            <span class="names">
              <span class="name">{{ appointment().doctor.fullName }}</span>
              <span class="cb-muted sub">{{ appointment().doctor.specialty }}</span>
            </span>
          </span>
        } @else {
          <span class="who">
            <span class="names">
              <span class="name">{{ appointment().patient.fullName }}</span>
              <span class="cb-muted sub reason">{{ appointment().reason }}</span>
            </span>
          </span>
        }
      </span>
      <span class="side">
        <cb-status-chip kind="appointment" [status]="appointment().status" />
        <mat-icon class="chevron" aria-hidden="true">chevron_right</mat-icon>
      </span>
    </a>
  `,
  styles: `
    :host {
      display: block;
    }
    .item {
      display: flex;
      align-items: center;
      gap: 16px;
      padding: 12px 16px;
      border-radius: var(--mat-sys-corner-medium);
      border: 1px solid var(--mat-sys-outline-variant);
      background: var(--mat-sys-surface);
      color: var(--mat-sys-on-surface);
      text-decoration: none;
      transition: background-color 120ms;
    }
    .item:hover {
      background: var(--mat-sys-surface-container-low);
    }
    .item:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
    .leaf {
      flex: 0 0 52px;
      display: flex;
      flex-direction: column;
      align-items: center;
      padding: 4px 0 6px;
      border-radius: var(--mat-sys-corner-small);
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    .ended .leaf {
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface-variant);
    }
    .month {
      font: var(--mat-sys-label-small);
      text-transform: uppercase;
      letter-spacing: 0.06em;
    }
    .day {
      font: var(--mat-sys-title-large);
    }
    .main {
      flex: 1;
      min-width: 0;
      display: flex;
      flex-direction: column;
      gap: 6px;
    }
    .when {
      display: flex;
      flex-wrap: wrap;
      gap: 0 8px;
      font: var(--mat-sys-title-small);
    }
    .time {
      color: var(--mat-sys-on-surface-variant);
    }
    .who {
      display: flex;
      align-items: center;
      gap: 10px;
      min-width: 0;
    }
    .avatar {
      --cb-avatar-size: 32px;
      font: var(--mat-sys-label-medium);
    }
    .names {
      display: flex;
      flex-direction: column;
      min-width: 0;
    }
    .name {
      font: var(--mat-sys-body-large);
    }
    .sub {
      font: var(--mat-sys-body-small);
    }
    .name,
    .sub {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .side {
      display: flex;
      align-items: center;
      gap: 4px;
    }
    .chevron {
      color: var(--mat-sys-on-surface-variant);
    }
    /* Phones: the status sits in the top corner, so the names get the whole width. */
    @media (max-width: 599px) {
      .item {
        position: relative;
        gap: 12px;
        padding: 12px;
        align-items: flex-start;
      }
      .when {
        padding-right: 88px;
      }
      .side {
        position: absolute;
        top: 12px;
        right: 12px;
      }
      .chevron {
        display: none;
      }
    }
  `,
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
  /** Past, or no longer going ahead: shown quieter. */
  protected readonly ended = computed(() => {
    const { status, endsAt } = this.appointment();
    return status === 'declined' || status === 'cancelled' || Date.parse(endsAt) < Date.now();
  });
}
