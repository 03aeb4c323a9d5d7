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
  return isRegionName(timeZone) && IANAZone.isValidZone(timeZone);
}

/** Quarter hours: UTC offsets change at most once in any of them (clock changes are months apart). */
const QUARTER_HOUR_MS = 15 * 60_000;
/** About 208 days of quarter hours per zone before its memo starts afresh. */
const OFFSETS_PER_ZONE_LIMIT = 20_000;

/**
 * An IANA zone that remembers its UTC offsets. Luxon asks the zone for the offset of an instant on every
 * DateTime it makes or moves (through Intl's formatToParts, ~4 µs each, several per call), and the slot
 * checks, searches and summaries make many DateTimes at the same few instants. The offset is remembered per
 * quarter hour of UTC when it is the same at both ends of the quarter hour, which, with at most one change in
 * it, means all through it; a quarter hour with a clock change inside is asked about exactly, every time.
 */
class RememberingZone extends IANAZone {
  private readonly offsets = new Map<number, number>();

  override offset(ts: number): number {
    if (!Number.isFinite(ts)) return super.offset(ts);
    const quarter = Math.floor(ts / QUARTER_HOUR_MS);
    const known = this.offsets.get(quarter);
    if (known !== undefined) return known;
    const start = quarter * QUARTER_HOUR_MS;
    const offset = super.offset(start);
    if (super.offset(start + QUARTER_HOUR_MS - 1) !== offset) return super.offset(ts);
    if (this.offsets.size >= OFFSETS_PER_ZONE_LIMIT) this.offsets.clear();
    this.offsets.set(quarter, offset);
    return offset;
  }
}

const rememberingZones = new Map<string, RememberingZone>();

/**
 * The Luxon zone for a clinic's stored timezone, or null if isValidTimeZone would refuse it. One per name
 * (unlike IANAZone.isValidZone, which builds an Intl formatter, ~0.1 ms, on every call), and one that remembers
 * its offsets (RememberingZone), so the engine can afford it on every search.
 */
export function clinicZone(timeZone: string): IANAZone | null {
  if (!isRegionName(timeZone)) return null;
  let zone = rememberingZones.get(timeZone);
  if (zone === undefined) {
    if (!IANAZone.create(timeZone).isValid) return null;
    zone = new RememberingZone(timeZone);
    rememberingZones.set(timeZone, zone);
  }
  return zone;
}

/**
 * What to pass Luxon as the `zone` of a clinic's DateTimes: the clinic's zone (clinicZone), or, for a name it
 * refuses, the name itself, which gives the invalid DateTime Luxon gives for it.
 */
export function luxonZone(timeZone: string): IANAZone | string {
  return clinicZone(timeZone) ?? timeZone;
}

function isRegionName(timeZone: string): boolean {
  return typeof timeZone === 'string' && timeZone !== '' && !/^[+-]/.test(timeZone);
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

/**
 * When each local date of one zone starts, memoised across searches: the answer never changes for
 * a zone, and "next available" for many doctors asks about the same few dates over and over.
 * A date's midnight is found from the previous date's with one offset lookup when no clock change
 * lies between them (the previous midnight plus 24 h shows 00:00 at the same offset); otherwise,
 * or for the first date asked about, through wallTimeToInstant. Assumes no zone changes its offset
 * and back again within one day, which none does.
 */
class ZoneDays {
  private readonly midnights = new Map<number, ResolvedWallTime>();

  constructor(readonly zone: IANAZone) {}

  /** Start of local date dayNo: its midnight, or the shifted instant if midnight was skipped. */
  midnight(dayNo: number): ResolvedWallTime {
    const known = this.midnights.get(dayNo);
    if (known !== undefined) return known;
    let found: ResolvedWallTime | undefined;
    const previous = this.midnights.get(dayNo - 1);
    if (previous?.exact) {
      const candidate = previous.ms + DAY_MS;
      if (this.zone.offset(candidate) === previous.offset) found = { ms: candidate, offset: previous.offset, exact: true };
    }
    found ??= wallTimeToInstant(this.zone, civilDate(dayNo), 0);
    if (this.midnights.size >= DAYS_PER_ZONE_LIMIT) this.midnights.clear();
    this.midnights.set(dayNo, found);
    return found;
  }

  /** The local date (day number) an instant falls on. */
  dayOf(instant: number): number {
    // A local date is the UTC date or one either side (offsets lie within −12 h…+14 h).
    const utcDay = Math.floor(instant / DAY_MS);
    if (this.midnight(utcDay).ms > instant) return utcDay - 1;
    return this.midnight(utcDay + 1).ms <= instant ? utcDay + 1 : utcDay;
  }
}

/** About 27 years of dates per zone before the memo starts afresh. */
const DAYS_PER_ZONE_LIMIT = 10_000;
const zoneDays = new Map<string, ZoneDays>();

function daysOf(zone: IANAZone): ZoneDays {
  let days = zoneDays.get(zone.name);
  if (days === undefined) {
    days = new ZoneDays(zone);
    zoneDays.set(zone.name, days);
  }
  return days;
}

/** Forgets memoised dates, so tests can exercise the uncached path. */
export function clearLocalDayMemo(): void {
  zoneDays.clear();
}

/**
 * Converts the wall times of one local date at a time to instants, with Luxon calls per date, not
 * per slot or window. A date that starts and ends (both midnights exact) at the same UTC offset has
 * no clock change, so each of its wall times is its start plus the elapsed minutes. Only on a date
 * with a change is each window edge resolved through wallTimeToInstant.
 */
export class LocalDayClock {
  private readonly days: ZoneDays;
  private date: CivilDate = { year: 1970, month: 1, day: 1 };
  private opening = 0;
  private closing = 0;
  /** True when the current date has no clock change. */
  private uniform = false;

  constructor(private readonly zone: IANAZone) {
    this.days = daysOf(zone);
  }

  /** The local date (day number) an instant falls on. */
  dayOf(instant: number): number {
    return this.days.dayOf(instant);
  }

  /** Moves to a local date and returns the instant it starts. */
  enterDay(dayNo: number, date: CivilDate): number {
    const open = this.days.midnight(dayNo);
    const close = this.days.midnight(dayNo + 1);
    this.uniform = open.exact && close.exact && open.offset === close.offset;
    this.date = date;
    this.opening = open.ms;
    this.closing = close.ms;
    return open.ms;
  }

  /** Instant of minuteOfDay (0–1440, 1440 = start of the next local date) on the current date. */
  instant(minuteOfDay: number): number {
    if (this.uniform) return this.opening + minuteOfDay * MINUTE_MS;
    if (minuteOfDay === 0) return this.opening;
    if (minuteOfDay >= MINUTES_PER_DAY) return this.closing;
    return wallTimeToInstant(this.zone, this.date, minuteOfDay).ms;
  }
}
