import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import type { AppointmentEvent, AppointmentHistoryEntry } from '@carebook/api-client';
import { type Viewer, historyTitle, shortWhen, statusChange } from '../../shared/appointments/appointment-status-text';
import { formatDateTime } from '../../shared/clinic-time';

const EVENT_ICONS: Record<AppointmentEvent, string> = {
  booked: 'edit_calendar',
  approved: 'check_circle',
  declined: 'block',
  cancelled: 'event_busy',
  rescheduled: 'update',
  completed: 'task_alt',
  no_show: 'person_off',
  expired: 'timer_off',
};

/** Events that end the appointment badly are marked in the error colour. */
const NEGATIVE: ReadonlySet<AppointmentEvent> = new Set(['declined', 'cancelled', 'no_show', 'expired']);

interface TimelineRow {
  id: number;
  icon: string;
  negative: boolean;
  title: string;
  change: string;
  at: string;
  reason: string | null;
  /** "Tue 3 Mar, 09:00 → Wed 4 Mar, 10:30" for a reschedule. */
  moved: string | null;
}

/** An appointment's status history, oldest first: who did what, when, why, and the old and new time of a move. */
@Component({
  selector: 'cb-appointment-timeline',
  imports: [MatIconModule],
  templateUrl: './appointment-timeline.html',
  styleUrl: './appointment-timeline.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppointmentTimeline {
  readonly history = input.required<readonly AppointmentHistoryEntry[]>();
  readonly viewer = input<Viewer | null>(null);
  readonly timezone = input.required<string>();

  protected readonly rows = computed<TimelineRow[]>(() =>
    this.history().map((entry) => ({
      id: entry.id,
      icon: EVENT_ICONS[entry.event],
      negative: NEGATIVE.has(entry.event),
      title: historyTitle(entry, this.viewer()),
      change: statusChange(entry),
      at: formatDateTime(entry.at, this.timezone()),
      reason: entry.reason,
      moved:
        entry.event === 'rescheduled' && entry.previousStartsAt
          ? `${shortWhen(entry.previousStartsAt, this.timezone())} → ${shortWhen(entry.startsAt, this.timezone())}`
          : null,
    })),
  );
}
