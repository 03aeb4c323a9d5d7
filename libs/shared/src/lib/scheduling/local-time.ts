import { DateTime, IANAZone } from 'luxon';
import { MINUTES_PER_DAY } from './time-of-day';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/**
 * True for an IANA time-zone name Luxon (and so the platform's Intl data) knows, e.g. "Europe/London".
 * Bare offsets such as "+01:00", which newer Intl versions accept as zones, are refused: a clinic
 * must name its region so that its clock changes are followed.
 */
export function isValidTimeZone(timeZone: string): boolean {
  return typeof timeZone === 'string' && !/^[+-]/.test(timeZone) && IANAZone.isValidZone(timeZone);
}

/** A proleptic Gregorian calendar date with no zone attached: a clinic-local date. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/*
 * Local dates are numbered as days since 1970-01-01 so the engine can step through them with ++.
 * This is plain calendar arithmetic (JS Date in UTC is used only as a calendar); it involves no
 * zone or offset.
 */

export function dayNumber(date: CivilDate): number {
  return Date.UTC(date.year, date.month - 1, date.day) / DAY_MS;
}

export function civilDate(dayNo: number): CivilDate {
  const d = new Date(dayNo * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** ISO weekday (1=Monday..7=Sunday) of a day number; day 0, 1970-01-01, was a Thursday. */
export function isoWeekday(dayNo: number): number {
  return ((((dayNo + 3) % 7) + 7) % 7) + 1;
}

interface ResolvedWallTime {
  /** The UTC instant in epoch milliseconds. */
  ms: number;
  /** UTC offset in minutes in force at that instant. */
  offset: number;
  /** False when the wall time doesn't exist (clocks went forward over it) and was moved on. */
  exact: boolean;
}

/**
 * Instant of a wall-clock time (minuteOfDay 0–1439) on a local date, via Luxon.
 * A time skipped by a forward change moves forward by the gap, as Luxon does (London 01:30 on the
 * last Sunday of March is 02:30 BST). A time repeated by a backward change is its earlier
 * occurrence: Luxon itself picks the occurrence whose offset matches the offset in force *when the
 * code runs*, so without this correction results would change with the season of the server.
 */
export function wallTimeToInstant(zone: IANAZone, date: CivilDate, minuteOfDay: number): ResolvedWallTime {
  const hour = Math.floor(minuteOfDay / 60);
  const minute = minuteOfDay % 60;
  const resolved = DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour, minute }, { zone });
  const exact = resolved.day === date.day && resolved.hour === hour && resolved.minute === minute;
  const ms = resolved.toMillis();
  // If the offset was larger a day earlier, clocks went back in between and the same wall time
  // may also have been shown under that larger offset, earlier.
  const offsetBefore = zone.offset(ms - DAY_MS);
  if (offsetBefore > resolved.offset) {
    const earlier = ms - (offsetBefore - resolved.offset) * MINUTE_MS;
    if (zone.offset(earlier) === offsetBefore) return { ms: earlier, offset: offsetBefore, exact };
  }
  return { ms, offset: resolved.offset, exact };
}

interface Midnight extends ResolvedWallTime {
  dayNo: number;
}

function midnight(zone: IANAZone, dayNo: number): Midnight {
  return { dayNo, ...wallTimeToInstant(zone, civilDate(dayNo), 0) };
}

/**
 * Converts wall times of one local day at a time (days visited in ascending order) while keeping
 * Luxon calls per day, not per slot or window. A day whose UTC offset is the same at both of its
 * midnights has no clock change (no zone changes twice and back within a day), so each of its wall
 * times is its midnight plus the elapsed minutes, and its closing midnight is the next day's
 * opening one: one offset lookup per ordinary day. Only a day with a change resolves each window
 * edge through wallTimeToInstant.
 */
export class LocalDayClock {
  private date: CivilDate = { year: 1970, month: 1, day: 1 };
  private opening = 0;
  /** Midnight that ends the current day, reused as the next day's opening (none before the first day). */
  private closing: Midnight = { dayNo: Number.NaN, ms: 0, offset: 0, exact: false };
  /** True when the current day has no clock change. */
  private uniform = false;

  constructor(private readonly zone: IANAZone) {}

  /** Moves to a local date and returns the instant it starts (its midnight, or later if skipped). */
  enterDay(dayNo: number, date: CivilDate): number {
    const open = this.closing.dayNo === dayNo ? this.closing : midnight(this.zone, dayNo);
    const nextMidnight = open.ms + DAY_MS;
    this.uniform = open.exact && this.zone.offset(nextMidnight) === open.offset;
    this.closing = this.uniform
      ? { dayNo: dayNo + 1, ms: nextMidnight, offset: open.offset, exact: true }
      : midnight(this.zone, dayNo + 1);
    this.date = date;
    this.opening = open.ms;
    return open.ms;
  }

  /** Instant of minuteOfDay (0–1440, 1440 = start of the next local day) on the current day. */
  instant(minuteOfDay: number): number {
    if (this.uniform) return this.opening + minuteOfDay * MINUTE_MS;
    if (minuteOfDay === 0) return this.opening;
    if (minuteOfDay >= MINUTES_PER_DAY) return this.closing.ms;
    return wallTimeToInstant(this.zone, this.date, minuteOfDay).ms;
  }
}
