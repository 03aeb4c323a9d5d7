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
  template: `
    <ol class="timeline" data-testid="history">
      @for (row of rows(); track row.id; let last = $last) {
        <li class="entry" [class.negative]="row.negative" [class.last]="last" data-testid="history-entry">
          <span class="marker" aria-hidden="true"><mat-icon>{{ row.icon }}</mat-icon></span>
          <div class="body">
            <p class="title">{{ row.title }}</p>
            <p class="meta cb-muted">
              <span>{{ row.change }}</span>
              <span aria-hidden="true"> · </span>
              <time>{{ row.at }}</time>
            </p>
            @if (row.moved) {
              <p class="moved"><mat-icon aria-hidden="true">schedule</mat-icon>{{ row.moved }}</p>
            }
            @if (row.reason) {
              <blockquote class="reason">{{ row.reason }}</blockquote>
            }
          </div>
        </li>
      }
    </ol>
  `,
  styles: `
    .timeline {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .entry {
      position: relative;
      display: flex;
      gap: 12px;
      padding-bottom: 16px;
    }
    /* The line joining one marker to the next. */
    .entry:not(.last)::before {
      content: '';
      position: absolute;
      left: 15px;
      top: 32px;
      bottom: 0;
      width: 2px;
      background: var(--mat-sys-outline-variant);
    }
    .marker {
      flex: 0 0 32px;
      height: 32px;
      display: grid;
      place-items: center;
      border-radius: 50%;
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    .negative .marker {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .marker mat-icon {
      font-size: 18px;
      width: 18px;
      height: 18px;
    }
    .body {
      min-width: 0;
      padding-top: 4px;
    }
    p {
      margin: 0;
    }
    .title {
      font: var(--mat-sys-title-small);
    }
    .meta {
      font: var(--mat-sys-body-small);
    }
    .moved {
      display: flex;
      align-items: center;
      gap: 4px;
      margin-top: 4px;
      font: var(--mat-sys-body-medium);
    }
    .moved mat-icon {
      font-size: 16px;
      width: 16px;
      height: 16px;
    }
    .reason {
      margin: 6px 0 0;
      padding: 6px 12px;
      border-left: 3px solid var(--mat-sys-outline-variant);
      font: var(--mat-sys-body-medium);
      overflow-wrap: anywhere;
      white-space: pre-line;
    }
  `,
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
