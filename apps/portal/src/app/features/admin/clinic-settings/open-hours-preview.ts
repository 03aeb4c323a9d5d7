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
  templateUrl: './open-hours-preview.html',
  styleUrl: './open-hours-preview.scss',
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
