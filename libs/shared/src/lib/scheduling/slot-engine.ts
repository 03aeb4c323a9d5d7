/**
 * Slot engine: the appointment slots a doctor can offer. Framework-free and pure (its only state is
 * a memo of when local dates start in a zone) so the API (search, "next available", re-checking a
 * booking) and the portal (previews) agree to the minute.
 *
 * Semantics
 * 1. Days. Every clinic-local calendar date that can overlap [from, to) is considered. A date is
 *    skipped if it is a holiday: a rule with exactly that date, or a recurring rule with the same
 *    month-day in any year (a recurring 29 February only matches leap years). Otherwise the day's
 *    openings are that weekday's doctor windows (merged: overlapping or touching windows join)
 *    intersected with the union of that weekday's clinic windows, in minutes of the day. Malformed
 *    windows and holiday dates are ignored; validate with windowProblems / windowsOutside on input.
 * 2. Instants. Each opening's start and end wall time becomes a UTC instant through Luxon in
 *    rules.timezone; "24:00" is the start of the next local day. Slots of slotMinutes are cut in
 *    real elapsed time from the opening's start instant and a trailing partial slot is dropped.
 *    So 09:00 stays 09:00 local on both sides of a DST change (at different UTC offsets). On the
 *    spring-forward day an opening spanning the skipped hour is an hour shorter in real time and
 *    has no slot in that hour; on the fall-back day an opening spanning the repeated hour is an hour
 *    longer, with slots in both occurrences. A wall time inside the skipped hour moves forward by
 *    the gap, as Luxon does; a wall time inside the repeated hour means its earlier occurrence
 *    (fixed here, because Luxon alone would pick by the offset in force when the code runs).
 * 3. Filters. A slot is dropped if it overlaps any busy interval (half-open: busy ending exactly at
 *    a slot's start, or starting at its end, does not block), if it starts before
 *    now + minNoticeMinutes, or if it starts at or after the horizon: now plus bookingHorizonDays
 *    calendar days in the clinic's zone (same wall time, so not always a multiple of 24 h). Only
 *    slots starting in [from, to) are kept; a slot may end after `to`. `to` may be Infinity to
 *    search up to the horizon.
 * 4. Result: ascending by start, non-overlapping, each exactly slotMinutes long.
 *
 * Throws RangeError for an unknown timezone, a non-positive slot length or non-numeric limits:
 * those are data errors that must not quietly read as "fully booked".
 *
 * Performance (budget: a 28-day search well under 1 ms; "next available" for up to 1,000 doctors
 * per request). Time-zone lookups through Luxon/Intl cost microseconds each, so they are made per
 * local date, never per slot: LocalDayClock needs one offset lookup for an ordinary date and a few
 * on a date with a clock change, and remembers when each date starts across calls (the same dates
 * recur for every doctor). Dates without openings, and holidays, need none. Busy intervals are cut
 * to the searched span, sorted and merged once, then swept with a pointer that only moves forward.
 * The exact horizon, a Luxon calendar step, is taken only once a candidate slot is within two days
 * of it. Nothing is allocated per slot except the result, and firstSlot stops at the first slot.
 */
import { DateTime, IANAZone } from 'luxon';
import { CivilDate, DAY_MS, LocalDayClock, MINUTE_MS, civilDate, clinicZone, isoWeekday } from './local-time';
import { MinuteRange, WeeklyWindow, intersectRanges, rangesByWeekday } from './weekly-windows';

export interface HolidayRule {
  /** YYYY-MM-DD, clinic-local. */
  date: string;
  /** Every year on that month-day. */
  recurring: boolean;
}

/** Half-open [start, end) in epoch milliseconds (UTC instants). */
export interface Interval {
  start: number;
  end: number;
}

/** Window lists are read as immutable: the engine remembers what it derived from each list object. */
export interface SlotRules {
  /** IANA, e.g. Europe/London. */
  timezone: string;
  /** Clinic working hours (several windows per weekday allowed). */
  clinicHours: readonly WeeklyWindow[];
  /** Doctor's weekly availability (may overlap each other; merged). */
  doctorHours: readonly WeeklyWindow[];
  slotMinutes: number;
  minNoticeMinutes: number;
  bookingHorizonDays: number;
  holidays: readonly HolidayRule[];
}

export interface SlotQuery {
  from: number;
  to: number;
  now: number;
  /** Time off and held appointments, any order, may overlap. */
  busy: readonly Interval[];
}

/** UTC offsets lie within −12 h…+14 h, so a calendar-day step and 24 h differ by far less than this. */
const OFFSET_SLACK_MS = 2 * DAY_MS;

/** All bookable slots with a start in [query.from, query.to), ascending. */
export function computeSlots(rules: SlotRules, query: SlotQuery): Interval[] {
  return findSlots(rules, query, Number.POSITIVE_INFINITY);
}

/** The earliest bookable slot (same rules as computeSlots), or null if there is none before the horizon. */
export function firstSlot(rules: SlotRules, query: SlotQuery): Interval | null {
  const [first] = findSlots(rules, query, 1);
  return first ?? null;
}

function findSlots(rules: SlotRules, query: SlotQuery, limit: number): Interval[] {
  const zone = zoneOf(rules.timezone);
  const slotMs = slotLength(rules.slotMinutes);
  requireNumber('minNoticeMinutes', rules.minNoticeMinutes, false);
  requireNumber('bookingHorizonDays', rules.bookingHorizonDays, false);
  requireNumber('now', query.now, false);
  requireNumber('from', query.from, true);
  requireNumber('to', query.to, true);

  const openings = openingsByWeekday(rules.clinicHours, rules.doctorHours);
  if (openings.every((day) => day.length === 0)) return [];

  const earliest = Math.max(query.from, query.now + rules.minNoticeMinutes * MINUTE_MS);
  // Slots start before `latest`. It starts as an upper bound on the horizon and is tightened to
  // the exact horizon only if a slot gets near it, since that costs a Luxon calendar step.
  const roughHorizon = query.now + rules.bookingHorizonDays * DAY_MS;
  let latest = Math.min(query.to, roughHorizon + OFFSET_SLACK_MS);
  let horizonExact = false;
  if (!(earliest < latest)) return [];

  const busy = sortedBusy(query.busy, earliest, latest + slotMs);
  const isHoliday = holidayMatcher(rules.holidays);
  const clock = new LocalDayClock(zone);
  const slots: Interval[] = [];

  const firstDay = clock.dayOf(earliest);
  // A local date is never more than a day ahead of the UTC date.
  const lastDay = Math.floor((latest - 1) / DAY_MS) + 1;

  for (let dayNo = firstDay; dayNo <= lastDay; dayNo++) {
    const dayOpenings = openings[isoWeekday(dayNo) - 1];
    if (dayOpenings.length === 0) continue;
    const date = civilDate(dayNo);
    if (isHoliday(date)) continue;
    if (clock.enterDay(dayNo, date) >= latest) break;

    for (const opening of dayOpenings) {
      const openingStart = clock.instant(opening.start);
      const openingEnd = clock.instant(opening.end);
      let k = openingStart >= earliest ? 0 : Math.ceil((earliest - openingStart) / slotMs);
      let b = firstBusyEndingAfter(busy, openingStart + k * slotMs);
      for (; ; k++) {
        const start = openingStart + k * slotMs;
        const end = start + slotMs;
        if (end > openingEnd) break;
        if (!horizonExact && start >= roughHorizon - OFFSET_SLACK_MS) {
          horizonExact = true;
          const horizon = DateTime.fromMillis(query.now, { zone }).plus({ days: rules.bookingHorizonDays });
          latest = Math.min(latest, horizon.toMillis());
        }
        // Later openings and days only start later, so nothing after this can qualify.
        if (start >= latest) return slots;
        while (b < busy.count && busy.ends[b] <= start) b++;
        if (b < busy.count && busy.starts[b] < end) {
          // Jump so the next candidate starts at or after the end of this busy stretch.
          k = Math.max(k, Math.ceil((busy.ends[b] - openingStart) / slotMs) - 1);
          continue;
        }
        slots.push({ start, end });
        if (slots.length >= limit) return slots;
      }
    }
  }
  return slots;
}

function zoneOf(timezone: string): IANAZone {
  const zone = clinicZone(timezone);
  if (zone === null) throw new RangeError(`Unknown IANA time zone: ${String(timezone)}`);
  return zone;
}

function slotLength(slotMinutes: number): number {
  if (!Number.isFinite(slotMinutes) || slotMinutes <= 0) {
    throw new RangeError(`slotMinutes must be a positive number, got ${slotMinutes}`);
  }
  return slotMinutes * MINUTE_MS;
}

/** from/to may be ±Infinity (open-ended); the other limits must be finite. */
function requireNumber(name: string, value: number, infinityAllowed: boolean): void {
  if (typeof value !== 'number' || Number.isNaN(value) || (!infinityAllowed && !Number.isFinite(value))) {
    throw new RangeError(`${name} must be ${infinityAllowed ? 'a number' : 'a finite number'}, got ${String(value)}`);
  }
}

/**
 * Openings per weekday, by the identity of the window lists: a search over many doctors passes the same
 * clinic list each time and each doctor's (cached) list again and again, so parsing and merging happen
 * once per list, not once per call. Callers must treat window lists as immutable (see SlotRules).
 */
const openingsMemo = new WeakMap<readonly WeeklyWindow[], WeakMap<readonly WeeklyWindow[], MinuteRange[][]>>();

/** Openings per weekday (index weekday-1): merged doctor windows ∩ union of clinic windows. */
function openingsByWeekday(clinicHours: readonly WeeklyWindow[], doctorHours: readonly WeeklyWindow[]): MinuteRange[][] {
  let byDoctor = openingsMemo.get(clinicHours);
  if (!byDoctor) {
    byDoctor = new WeakMap();
    openingsMemo.set(clinicHours, byDoctor);
  }
  let openings = byDoctor.get(doctorHours);
  if (!openings) {
    const doctor = rangesByWeekday(doctorHours);
    openings = rangesByWeekday(clinicHours).map((clinic, i) => intersectRanges(clinic, doctor[i]));
    byDoctor.set(doctorHours, openings);
  }
  return openings;
}

/** Busy time as sorted, disjoint stretches, kept as two parallel arrays. */
interface BusyStretches {
  starts: number[];
  ends: number[];
  count: number;
}

/** Busy intervals that can touch [from, to), sorted and merged so a forward pointer can sweep them. */
function sortedBusy(busy: readonly Interval[], from: number, to: number): BusyStretches {
  const relevant = busy.filter((b) => b.start < b.end && b.end > from && b.start < to).sort((a, b) => a.start - b.start);
  const starts: number[] = [];
  const ends: number[] = [];
  for (const interval of relevant) {
    const last = ends.length - 1;
    if (last >= 0 && interval.start <= ends[last]) {
      ends[last] = Math.max(ends[last], interval.end);
    } else {
      starts.push(interval.start);
      ends.push(interval.end);
    }
  }
  return { starts, ends, count: starts.length };
}

/** Index of the first busy stretch ending after `instant` (binary search; ends are ascending). */
function firstBusyEndingAfter(busy: BusyStretches, instant: number): number {
  let low = 0;
  let high = busy.count;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (busy.ends[mid] <= instant) low = mid + 1;
    else high = mid;
  }
  return low;
}

const HOLIDAY_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether the clinic is closed on this clinic-local date (YYYY-MM-DD) under the same rules the engine applies. */
export function isHoliday(holidays: readonly HolidayRule[], date: string): boolean {
  const match = HOLIDAY_DATE.exec(date);
  return match !== null && holidayMatcher(holidays)({ year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) });
}

function holidayMatcher(holidays: readonly HolidayRule[]): (date: CivilDate) => boolean {
  const once = new Set<number>();
  const yearly = new Set<number>();
  for (const holiday of holidays) {
    const match = HOLIDAY_DATE.exec(holiday.date);
    if (match === null) continue;
    const monthDay = Number(match[2]) * 100 + Number(match[3]);
    if (holiday.recurring) yearly.add(monthDay);
    else once.add(Number(match[1]) * 10_000 + monthDay);
  }
  if (once.size === 0 && yearly.size === 0) return () => false;
  return (date) => {
    const monthDay = date.month * 100 + date.day;
    return yearly.has(monthDay) || once.has(date.year * 10_000 + monthDay);
  };
}
