/**
 * The clinic's open hours over the coming days, computed from settings that may not be saved yet
 * with the same slot engine the API books with, so the preview shows what patients will be offered:
 * holidays closed, windows cut to whole slots, and wall-clock times in the chosen timezone on both
 * sides of a clock change.
 */
import { type Interval, type WeeklyWindow, computeSlots } from '@carebook/shared';
import { DateTime } from 'luxon';
import type { Holiday } from '../../../core/api-types';

export interface PreviewDay {
  /** Clinic-local date, YYYY-MM-DD. */
  date: string;
  /** Open stretches as instants: runs of back-to-back slots merged back together. */
  windows: Interval[];
  /** Real elapsed open time (an hour more or less when a window spans a clock change). */
  openMinutes: number;
  /** The holiday that closes the clinic that day. */
  holiday: string | null;
  /** The clocks change that day. */
  clockChange: 'forward' | 'back' | null;
}

export interface PreviewInput {
  timezone: string;
  windows: readonly WeeklyWindow[];
  slotMinutes: number;
  holidays: readonly Pick<Holiday, 'date' | 'name' | 'recurring'>[];
  /** Epoch ms; the preview starts on this instant's clinic-local date. */
  now: number;
  days?: number;
}

function holidayName(holidays: PreviewInput['holidays'], date: string): string | null {
  const monthDay = date.slice(5);
  const match = holidays.find((h) => h.date === date || (h.recurring && h.date.slice(5) === monthDay));
  return match?.name ?? null;
}

/**
 * Open hours for `days` clinic-local days from today. The timezone must be valid and slotMinutes
 * positive (the slot engine throws RangeError otherwise).
 */
export function previewOpenHours(input: PreviewInput): PreviewDay[] {
  const zone = input.timezone;
  const count = input.days ?? 7;
  const firstDay = DateTime.fromMillis(input.now, { zone }).startOf('day');
  const from = firstDay.toMillis();
  const to = firstDay.plus({ days: count }).toMillis();
  const slots = computeSlots(
    {
      timezone: zone,
      clinicHours: input.windows,
      doctorHours: input.windows,
      slotMinutes: input.slotMinutes,
      minNoticeMinutes: 0,
      bookingHorizonDays: 400,
      holidays: input.holidays.map(({ date, recurring }) => ({ date, recurring })),
    },
    { from, to, now: from, busy: [] },
  );

  const days: PreviewDay[] = [];
  const byDate = new Map<string, PreviewDay>();
  for (let i = 0; i < count; i++) {
    const start = firstDay.plus({ days: i });
    const next = firstDay.plus({ days: i + 1 });
    const date = start.toISODate() ?? '';
    const clockChange = next.offset > start.offset ? 'forward' : next.offset < start.offset ? 'back' : null;
    const day: PreviewDay = { date, windows: [], openMinutes: 0, holiday: holidayName(input.holidays, date), clockChange };
    days.push(day);
    byDate.set(date, day);
  }
  for (const slot of slots) {
    const day = byDate.get(DateTime.fromMillis(slot.start, { zone }).toISODate() ?? '');
    if (!day) continue;
    const last = day.windows[day.windows.length - 1];
    if (last !== undefined && last.end === slot.start) {
      last.end = slot.end;
    } else {
      day.windows.push({ start: slot.start, end: slot.end });
    }
    day.openMinutes += (slot.end - slot.start) / 60_000;
  }
  return days;
}

/** "8 h", "7 h 30 min", "45 min", "—" for none. */
export function hoursLabel(minutes: number): string {
  if (minutes === 0) return '—';
  const hours = Math.floor(minutes / 60);
  const rest = Math.round(minutes % 60);
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
