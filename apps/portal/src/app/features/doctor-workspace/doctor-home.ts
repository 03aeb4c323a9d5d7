import { ChangeDetectionStrategy, Component, computed, effect, inject, untracked } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { AppointmentsApi, AuthApi, DoctorsApi } from '@carebook/api-client';
import { debounceTime } from 'rxjs';
import { describeError } from '../../core/api-error';
import { Clinic } from '../../core/clinic';
import { PendingRequests } from '../../core/pending-requests';
import { Realtime } from '../../core/realtime';
import { Session } from '../../core/session';
import { APPOINTMENT_STATUS_LABELS } from '../../shared/status-chip';
import { addDays, formatDateTime, formatLocalDate, formatTime, todayIn } from '../../shared/clinic-time';
import { CALENDAR_STATUSES } from './calendar-range';
import { formatDuration, groupWeekly, weeklyMinutes } from '../../shared/weekly-hours/weekly-hours';

/** How far ahead the home page looks for the next free time (the API's widest range). */
const LOOK_AHEAD_DAYS = 30;

@Component({
  selector: 'cb-doctor-home',
  imports: [MatButtonModule, MatCardModule, MatIconModule, MatProgressBarModule, RouterLink],
  template: `
    <section class="cb-page cb-stack">
      <div class="progress">
        @if (account.isLoading() || availability.isLoading()) {
          <mat-progress-bar mode="indeterminate" aria-label="Loading your practice" />
        }
      </div>
      <h1 class="cb-page-title">Welcome, {{ user()?.fullName }}</h1>

      <div class="today-grid">
        <mat-card appearance="outlined" class="requests-card" data-testid="requests-card">
          <mat-card-header>
            <mat-icon mat-card-avatar aria-hidden="true">inbox</mat-icon>
            <mat-card-title>Requests</mat-card-title>
            <mat-card-subtitle>Waiting for your answer</mat-card-subtitle>
          </mat-card-header>
          <mat-card-content>
            @if (pendingCount() === null) {
              <p class="count cb-muted" aria-label="Loading">–</p>
            } @else {
              <p class="count" data-testid="pending-count">{{ pendingCount() }}</p>
              <p class="cb-muted">
                {{ pendingCount() === 0 ? 'You’re all caught up.' : pendingCount() === 1 ? 'A patient is waiting to hear from you.' : 'Patients are waiting to hear from you.' }}
              </p>
            }
          </mat-card-content>
          <mat-card-actions>
            <a [matButton]="pendingCount() ? 'filled' : 'outlined'" routerLink="/doctor/requests">Review requests</a>
          </mat-card-actions>
        </mat-card>

        <mat-card appearance="outlined" class="today-card" data-testid="today-card">
          <mat-card-header>
            <mat-icon mat-card-avatar aria-hidden="true">today</mat-icon>
            <mat-card-title>Today</mat-card-title>
            <mat-card-subtitle>{{ todayTitle() }}</mat-card-subtitle>
          </mat-card-header>
          <mat-card-content>
            @if (todays.error(); as error) {
              <p role="alert">Today’s appointments could not be loaded. {{ describeError(error) }}</p>
            } @else if (todays.hasValue()) {
              @if (todayRows().length === 0) {
                <p class="cb-muted" data-testid="today-empty">No appointments booked today.</p>
              } @else {
                <ul class="today-list" aria-label="Today’s appointments">
                  @for (row of todayRows(); track row.id) {
                    <li>
                      <a
                        class="today-item"
                        [class.done]="row.done"
                        [class.next]="row.next"
                        [routerLink]="['/appointments', row.id]"
                        [attr.data-testid]="'today-' + row.id"
                      >
                        <span class="time">{{ row.time }}</span>
                        <span class="who">{{ row.patient }}</span>
                        @if (row.next) {
                          <span class="tag">Next</span>
                        } @else if (row.needsOutcome) {
                          <span class="tag outcome-tag">Needs outcome</span>
                        } @else if (row.status) {
                          <span class="tag done-tag">{{ row.status }}</span>
                        }
                      </a>
                    </li>
                  }
                </ul>
              }
            }
          </mat-card-content>
          <mat-card-actions>
            <a matButton routerLink="/doctor/calendar" [queryParams]="{ view: 'day' }">Open today’s calendar</a>
          </mat-card-actions>
        </mat-card>
      </div>

      @if (status() === 'pending') {
        <mat-card appearance="outlined" data-testid="application-pending">
          <mat-card-header>
            <mat-icon mat-card-avatar aria-hidden="true">hourglass_top</mat-icon>
            <mat-card-title>Your application is under review</mat-card-title>
            <mat-card-subtitle>Until then, patients can’t find or book you</mat-card-subtitle>
          </mat-card-header>
          <mat-card-content>
            <p>
              An administrator checks your license number and specialty before patients can find and book you.
              Meanwhile you can prepare your profile, weekly hours and time off.
            </p>
          </mat-card-content>
        </mat-card>
      }

      <mat-card appearance="outlined" data-testid="schedule-card">
        <mat-card-header>
          <mat-icon mat-card-avatar aria-hidden="true">event_available</mat-icon>
          <mat-card-title>Your booking calendar</mat-card-title>
          @if (specialty(); as name) {
            <mat-card-subtitle>{{ name }}</mat-card-subtitle>
          }
        </mat-card-header>
        <mat-card-content>
          @if (availability.error(); as error) {
            <p role="alert">Your hours could not be loaded. {{ describeError(error) }}</p>
          } @else if (availability.hasValue()) {
            @if (weeklyHours() === 0) {
              <p class="callout" data-testid="no-hours">
                <mat-icon aria-hidden="true">info</mat-icon>
                <span>You have no weekly hours yet, so patients can’t book you. <a routerLink="/doctor/hours">Set them</a>.</span>
              </p>
            } @else {
              <p>
                You see patients <strong>{{ weeklyHoursText() }}</strong> a week.
                @if (slots.hasValue()) {
                  @if (nextSlot(); as next) {
                    Next free time: <strong data-testid="next-slot">{{ next }}</strong>.
                  } @else {
                    No free times in the next {{ lookAhead }} days.
                  }
                } @else if (slots.error()) {
                  Your free times could not be loaded.
                }
              </p>
            }
          }
        </mat-card-content>
        <mat-card-actions>
          <a matButton routerLink="/doctor/hours">Edit weekly hours</a>
        </mat-card-actions>
      </mat-card>

      <nav class="links" aria-label="Your practice">
        @for (link of links; track link.path) {
          <a class="link" [routerLink]="link.path">
            <mat-icon aria-hidden="true">{{ link.icon }}</mat-icon>
            <span class="label">{{ link.label }}</span>
            <span class="cb-muted hint">{{ link.hint }}</span>
          </a>
        }
      </nav>
    </section>
  `,
  styles: `
    .progress {
      height: 4px;
      margin-bottom: -12px;
    }
    .callout {
      display: flex;
      gap: 8px;
      align-items: flex-start;
      mat-icon {
        flex: none;
        color: var(--mat-sys-primary);
      }
    }
    .today-grid {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 320px), 1fr));
      gap: 16px;
    }
    .count {
      margin: 0;
      font: var(--mat-sys-display-small);
    }
    .today-list {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .today-item {
      display: flex;
      align-items: center;
      gap: 12px;
      padding: 8px 4px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      color: var(--mat-sys-on-surface);
      text-decoration: none;
      &:hover {
        background: var(--mat-sys-surface-container-low);
      }
      &.done {
        color: var(--mat-sys-on-surface-variant);
      }
      &.next .time {
        color: var(--mat-sys-primary);
      }
    }
    .time {
      flex: none;
      width: 56px;
      font: var(--mat-sys-label-large);
    }
    .who {
      flex: 1 1 auto;
      min-width: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .tag {
      padding: 0 8px;
      border-radius: 999px;
      font: var(--mat-sys-label-small);
      line-height: 20px;
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    .outcome-tag {
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .done-tag {
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface-variant);
    }
    .links {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(220px, 1fr));
      gap: 12px;
    }
    .link {
      display: grid;
      grid-template-columns: auto 1fr;
      gap: 2px 12px;
      padding: 16px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: var(--mat-sys-corner-medium);
      color: var(--mat-sys-on-surface);
      text-decoration: none;
      &:hover {
        background: var(--mat-sys-surface-container-low);
      }
      &:focus-visible {
        outline: 2px solid var(--mat-sys-primary);
        outline-offset: 2px;
      }
      mat-icon {
        grid-row: span 2;
        color: var(--mat-sys-primary);
      }
    }
    .label {
      font: var(--mat-sys-title-small);
    }
    .hint {
      font: var(--mat-sys-body-small);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DoctorHome {
  private readonly session = inject(Session);
  private readonly authApi = inject(AuthApi);
  private readonly doctorsApi = inject(DoctorsApi);
  private readonly appointmentsApi = inject(AppointmentsApi);
  private readonly clinic = inject(Clinic);
  protected readonly user = this.session.user;
  protected readonly describeError = describeError;
  protected readonly lookAhead = LOOK_AHEAD_DAYS;
  protected readonly links = [
    { path: '/doctor/requests', icon: 'inbox', label: 'Requests', hint: 'Approve or decline new bookings' },
    { path: '/doctor/calendar', icon: 'calendar_month', label: 'Calendar', hint: 'Your booked days and weeks' },
    { path: '/doctor/appointments', icon: 'manage_search', label: 'Appointments', hint: 'Search by disease, date or status' },
    { path: '/doctor/profile', icon: 'badge', label: 'Profile', hint: 'Photo, specialty, languages, bio' },
    { path: '/doctor/hours', icon: 'schedule', label: 'Weekly hours', hint: 'When patients can book you' },
    { path: '/doctor/time-off', icon: 'event_busy', label: 'Time off', hint: 'Holidays and other absences' },
  ];

  // The stored user may predate an admin's decision; ask the server for the current status.
  protected readonly account = rxResource({ stream: () => this.authApi.getMe() });
  protected readonly status = computed(() =>
    this.account.hasValue() ? this.account.value().status : this.user()?.status,
  );
  protected readonly specialty = computed(() => (this.account.hasValue() ? this.account.value().specialty : null));

  protected readonly availability = rxResource({ stream: () => this.doctorsApi.getMyAvailability() });
  protected readonly weeklyHours = computed(() =>
    this.availability.hasValue() ? weeklyMinutes(groupWeekly(this.availability.value().weekly)) : 0,
  );
  protected readonly weeklyHoursText = computed(() => formatDuration(this.weeklyHours()));

  /** Only asked once there are hours (and the clinic's today is known). */
  protected readonly slots = rxResource({
    params: () => {
      if (this.weeklyHours() === 0 || this.clinic.info.isLoading()) return undefined;
      const from = todayIn(this.clinic.timezone());
      return { from, to: addDays(from, LOOK_AHEAD_DAYS) };
    },
    stream: ({ params }) => this.doctorsApi.getMySlots(params),
  });
  protected readonly nextSlot = computed(() => {
    const first = this.slots.value()?.[0];
    return first ? formatDateTime(first.startsAt, this.clinic.timezone()) : null;
  });

  protected readonly pendingCount = inject(PendingRequests).count;

  /** Today's booked appointments, in the clinic's today. */
  protected readonly todays = rxResource({
    params: () => {
      if (this.clinic.info.isLoading()) return undefined;
      const today = todayIn(this.clinic.timezone());
      return { from: today, to: today };
    },
    stream: ({ params }) =>
      this.appointmentsApi.listAppointments({ ...params, status: CALENDAR_STATUSES, order: 'asc', pageSize: 100 }),
  });
  protected readonly todayTitle = computed(() =>
    formatLocalDate(todayIn(this.clinic.timezone()), { weekday: 'long', day: 'numeric', month: 'long' }),
  );
  protected readonly todayRows = computed(() => {
    const zone = this.clinic.timezone();
    const items = this.todays.hasValue() ? this.todays.value().items : [];
    const now = Date.now();
    const next = items.find((a) => a.status === 'confirmed' && Date.parse(a.endsAt) > now);
    return items.map((a) => ({
      id: a.id,
      time: formatTime(a.startsAt, zone),
      patient: a.patient.fullName,
      done: a.status !== 'confirmed' || Date.parse(a.endsAt) <= now,
      next: a === next,
      // Over but not yet marked completed or no-show.
      needsOutcome: a.status === 'confirmed' && Date.parse(a.endsAt) <= now,
      status: a.status === 'confirmed' ? null : APPOINTMENT_STATUS_LABELS[a.status],
    }));
  });

  constructor() {
    inject(Realtime)
      .appointmentUpdates()
      .pipe(debounceTime(500), takeUntilDestroyed())
      .subscribe(() => this.todays.reload());
    effect(() => {
      if (this.account.hasValue()) {
        const account = this.account.value();
        untracked(() => this.session.updateUser(account));
      }
    });
  }
}
