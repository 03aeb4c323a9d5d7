import type { AppointmentStatus } from '@carebook/shared';
import { DateTime } from 'luxon';
import { addDays, formatLocalDate, formatLocalDateRange, isIsoDate } from '../../shared/clinic-time';
import { clinicWallTimeToInstant } from './clinic-instant';

/** Booked time: confirmed ahead, and how past appointments ended. */
export const CALENDAR_STATUSES: AppointmentStatus[] = ['confirmed', 'completed', 'no_show'];
/** The calendar page also shows requests still waiting for an answer, told apart from what is confirmed. */
export const CALENDAR_PAGE_STATUSES: AppointmentStatus[] = ['pending', ...CALENDAR_STATUSES];

export const CALENDAR_VIEWS = ['day', 'week'] as const;
export type CalendarView = (typeof CALENDAR_VIEWS)[number];

/** The days a calendar view shows and the instants that bound them in the clinic's timezone. */
export interface CalendarRange {
  view: CalendarView;
  /** Clinic-local dates (YYYY-MM-DD), Monday first in a week. */
  days: string[];
  /** The clinic's midnight starting the first day (ISO instant). */
  startsAt: string;
  /** The clinic's midnight ending the last day (ISO instant): a DST week is 167 or 169 hours long. */
  endsAt: string;
}

/** The Monday of a date's week (ISO weeks; the clinic's calendar dates carry no zone). */
export function weekStart(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday
  return addDays(date, -((weekday + 6) % 7));
}

export function calendarRange(view: CalendarView, date: string, zone: string): CalendarRange {
  const first = view === 'week' ? weekStart(date) : date;
  const count = view === 'week' ? 7 : 1;
  const days = Array.from({ length: count }, (_, i) => addDays(first, i));
  return {
    view,
    days,
    startsAt: clinicWallTimeToInstant(first, '00:00', zone) ?? '',
    endsAt: clinicWallTimeToInstant(addDays(first, count), '00:00', zone) ?? '',
  };
}

/** The date one view earlier (-1) or later (+1). */
export function shiftDate(view: CalendarView, date: string, steps: number): string {
  return addDays(view === 'week' ? weekStart(date) : date, steps * (view === 'week' ? 7 : 1));
}

/** Reads `date` from the URL; today (clinic-local) when missing or not a real day. */
export function dateOrToday(value: unknown, today: string): string {
  return typeof value === 'string' && isIsoDate(value) ? value : today;
}

/**
 * "Monday 23 November 2026" (compact: "Mon 23 Nov 2026") for a day; for a week the locale's own range,
 * "23–29 Nov 2026" in the UK, "Nov 23 – 29, 2026" in the US, naming a month or year twice only when it changes.
 */
export function rangeTitle(range: CalendarRange, compact = false): string {
  const first = range.days[0];
  const last = range.days[range.days.length - 1];
  if (range.view === 'day') {
    return formatLocalDate(
      first,
      compact
        ? { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }
        : { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
    );
  }
  return formatLocalDateRange(first, last);
}

/** Minutes after the clinic's midnight shown on the clock (wall time), so 09:00 sits at the 9 o'clock line even on a DST day. */
export function wallMinutes(instant: string, zone: string): number {
  const local = DateTime.fromISO(instant, { zone });
  return local.hour * 60 + local.minute;
}

export interface TimedItem {
  id: string;
  startsAt: string;
  endsAt: string;
}

/** An item placed in a day column of the time grid; `lane` of `lanes` side by side where items overlap. */
export interface PlacedItem<T extends TimedItem> {
  item: T;
  day: string;
  /** Wall-clock minutes after midnight. */
  start: number;
  end: number;
  lane: number;
  lanes: number;
}

/** Items grouped by clinic-local day, each with its place in the grid; items outside the days are left out. */
export function placeItems<T extends TimedItem>(items: readonly T[], days: readonly string[], zone: string): Map<string, PlacedItem<T>[]> {
  const byDay = new Map<string, PlacedItem<T>[]>(days.map((day) => [day, []]));
  for (const item of items) {
    const day = DateTime.fromISO(item.startsAt, { zone }).toISODate() ?? '';
    const column = byDay.get(day);
    if (!column) continue;
    const start = wallMinutes(item.startsAt, zone);
    const sameDayEnd = DateTime.fromISO(item.endsAt, { zone }).toISODate() === day;
    // Ends past midnight are drawn to the bottom of the day; a wall-clock end before the start (clocks went back) uses the real length.
    let end = sameDayEnd ? wallMinutes(item.endsAt, zone) : 24 * 60;
    if (end <= start) end = start + Math.max(1, Math.round((Date.parse(item.endsAt) - Date.parse(item.startsAt)) / 60_000));
    column.push({ item, day, start, end, lane: 0, lanes: 1 });
  }
  for (const column of byDay.values()) assignLanes(column);
  return byDay;
}

/** Side-by-side lanes for overlapping items: each cluster of overlaps shares its width evenly. */
function assignLanes<T extends TimedItem>(column: PlacedItem<T>[]): void {
  column.sort((a, b) => a.start - b.start || a.end - b.end);
  let cluster: PlacedItem<T>[] = [];
  let clusterEnd = -1;
  const close = () => {
    const lanes = Math.max(1, ...cluster.map((p) => p.lane + 1));
    for (const placed of cluster) placed.lanes = lanes;
    cluster = [];
  };
  for (const placed of column) {
    if (placed.start >= clusterEnd) {
      close();
      clusterEnd = -1;
    }
    const taken = new Set(cluster.filter((p) => p.end > placed.start).map((p) => p.lane));
    let lane = 0;
    while (taken.has(lane)) lane++;
    placed.lane = lane;
    cluster.push(placed);
    clusterEnd = Math.max(clusterEnd, placed.end);
  }
  close();
}

/**
 * The hours the grid shows: the usual working day (default 08:00–18:00), widened to whole hours
 * around anything placed outside it.
 */
export function gridHours(
  placed: Iterable<{ start: number; end: number }>,
  usual: { start: number; end: number } = { start: 8 * 60, end: 18 * 60 },
): { startHour: number; endHour: number } {
  let start = usual.start;
  let end = usual.end;
  for (const p of placed) {
    start = Math.min(start, p.start);
    end = Math.max(end, p.end);
  }
  return { startHour: Math.floor(start / 60), endHour: Math.min(24, Math.ceil(end / 60)) };
}
