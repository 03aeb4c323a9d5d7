import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { type WeeklyWindow, isValidTimeZone, parseTimeOfDay } from '@carebook/shared';
import type { Holiday } from '../../../core/api-types';
import { formatLocalDate, formatTime } from '../../../shared/clinic-time';
import { PreviewDay, hoursLabel, previewOpenHours } from './open-hours';

interface PreviewRow {
  date: string;
  day: string;
  today: boolean;
  hours: string;
  total: string;
  holiday: string | null;
  note: string | null;
}

type Preview = { rows: PreviewRow[]; total: string } | { problem: string };

/**
 * The next seven days' open hours for the settings as they stand in the form (saved or not), in the
 * chosen timezone, with holidays closed.
 */
@Component({
  selector: 'cb-open-hours-preview',
  imports: [MatIconModule],
  template: `
    @let result = preview();
    @if ('problem' in result) {
      <p class="cb-muted problem" data-testid="preview-problem">
        <mat-icon aria-hidden="true">info</mat-icon>
        {{ result.problem }}
      </p>
    } @else {
      <ul class="days" aria-label="Open hours for the next 7 days" data-testid="preview">
        @for (row of result.rows; track row.date) {
          <li class="day" [class.closed]="!row.total" [attr.data-testid]="'preview-' + row.date">
            <div class="date">
              {{ row.day }}
              @if (row.today) {
                <span class="today">Today</span>
              }
            </div>
            <div class="hours">
              @if (row.holiday) {
                <span class="holiday"><mat-icon aria-hidden="true">event_busy</mat-icon>Closed — {{ row.holiday }}</span>
              } @else {
                {{ row.hours }}
              }
              @if (row.note) {
                <div class="note">{{ row.note }}</div>
              }
            </div>
            <div class="total">{{ row.total }}</div>
          </li>
        }
      </ul>
      <p class="summary">
        <span>Week: <strong>{{ result.total }}</strong></span>
        <span class="cb-muted">Times in {{ timezone() }}</span>
      </p>
      @if (cutShort(); as minutes) {
        <p class="cb-muted note" data-testid="cut-short">
          Hours that aren’t a whole number of {{ minutes }}-minute appointments end at the last full one.
        </p>
      }
      @if (holidaysUnavailable()) {
        <p class="cb-muted note">Holidays could not be loaded, so none are shown.</p>
      }
    }
  `,
  styles: `
    .days {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .day {
      display: grid;
      grid-template-columns: 96px 1fr auto;
      gap: 8px;
      padding: 8px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      font: var(--mat-sys-body-medium);
    }
    .date {
      font: var(--mat-sys-title-small);
    }
    .today {
      display: block;
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-primary);
    }
    .closed .hours,
    .total {
      color: var(--mat-sys-on-surface-variant);
    }
    .total {
      text-align: right;
      white-space: nowrap;
    }
    .holiday {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      color: var(--mat-sys-tertiary);
    }
    mat-icon {
      font-size: 18px;
      width: 18px;
      height: 18px;
      flex: none;
    }
    .note {
      margin: 2px 0 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    p.note {
      margin-top: 8px;
    }
    .summary {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: 4px 12px;
      margin: 12px 0 0;
      font: var(--mat-sys-body-medium);
    }
    .problem {
      display: flex;
      gap: 8px;
      margin: 0;
      font: var(--mat-sys-body-medium);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OpenHoursPreview {
  readonly timezone = input.required<string>();
  readonly windows = input.required<readonly WeeklyWindow[]>();
  readonly slotMinutes = input.required<number | null>();
  readonly holidays = input<readonly Holiday[]>([]);
  readonly holidaysUnavailable = input(false);
  /** The moment the preview starts from (its clinic-local date is "today"). */
  readonly now = input(Date.now());

  /** The slot length, when some window isn't a whole number of slots (so it ends early). */
  protected readonly cutShort = computed(() => {
    const slot = this.slotMinutes();
    if (slot === null || slot <= 0) return null;
    const cut = this.windows().some((w) => {
      const start = parseTimeOfDay(w.start);
      const end = parseTimeOfDay(w.end);
      return start !== null && end !== null && end > start && (end - start) % slot !== 0;
    });
    return cut ? slot : null;
  });

  protected readonly preview = computed<Preview>(() => {
    const timezone = this.timezone().trim();
    const slotMinutes = this.slotMinutes();
    if (!isValidTimeZone(timezone)) {
      return { problem: 'Choose a valid timezone to see the open hours.' };
    }
    if (slotMinutes === null || !Number.isInteger(slotMinutes) || slotMinutes <= 0) {
      return { problem: 'Enter a slot length to see the open hours.' };
    }
    const days = previewOpenHours({
      timezone,
      windows: this.windows(),
      slotMinutes,
      holidays: this.holidays(),
      now: this.now(),
    });
    const total = days.reduce((sum, day) => sum + day.openMinutes, 0);
    return { rows: days.map((day, i) => this.row(day, timezone, i === 0)), total: hoursLabel(total) };
  });

  private row(day: PreviewDay, timezone: string, today: boolean): PreviewRow {
    const hours = day.windows.map((w) => `${formatTime(w.start, timezone)}–${formatTime(w.end, timezone)}`).join(', ');
    const clocks = day.clockChange === 'forward' ? 'Clocks go forward an hour' : day.clockChange === 'back' ? 'Clocks go back an hour' : null;
    return {
      date: day.date,
      day: formatLocalDate(day.date),
      today,
      hours: hours || 'Closed',
      total: day.openMinutes > 0 ? hoursLabel(day.openMinutes) : '',
      holiday: day.holiday,
      note: clocks,
    };
  }
}
