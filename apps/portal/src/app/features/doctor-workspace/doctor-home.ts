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
  templateUrl: './doctor-home.html',
  styleUrl: './doctor-home.scss',
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
    { path: '/doctor/patients', icon: 'group', label: 'My patients', hint: 'Their history and your visits together' },
    { path: '/doctor/profile', icon: 'badge', label: 'Profile', hint: 'Photo, specialty, languages, bio' },
    { path: '/doctor/hours', icon: 'schedule', label: 'Weekly hours', hint: 'The times patients can book' },
    { path: '/doctor/time-off', icon: 'event_busy', label: 'Time off', hint: 'Holidays and other absences' },
  ];

  // The stored user may predate an admin's decision; ask the server for the current status.
  protected readonly account = rxResource({ stream: () => this.authApi.getMe() });
  protected readonly status = computed(() =>
    this.account.hasValue() ? this.account.value().status : this.user()?.status,
  );
  /** An application not yet approved: nobody can find or book this doctor, and nothing on the page may suggest otherwise. */
  protected readonly pending = computed(() => this.status() === 'pending');
  protected readonly specialty = computed(() => (this.account.hasValue() ? this.account.value().specialty : null));

  protected readonly availability = rxResource({ stream: () => this.doctorsApi.getMyAvailability() });
  protected readonly weeklyHours = computed(() =>
    this.availability.hasValue() ? weeklyMinutes(groupWeekly(this.availability.value().weekly)) : 0,
  );
  protected readonly weeklyHoursText = computed(() => formatDuration(this.weeklyHours()));

  /** Only asked once there are hours (and the clinic's today is known). */
  protected readonly slots = rxResource({
    params: () => {
      if (this.weeklyHours() === 0 || this.pending() || this.clinic.info.isLoading()) return undefined;
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
