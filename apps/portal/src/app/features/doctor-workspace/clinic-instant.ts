import { DateTime } from 'luxon';
import { addDays, formatLocalDate, formatTime } from '../../shared/clinic-time';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DAY_MS = 86_400_000;

/**
 * The UTC instant (ISO string) of a wall-clock time in the clinic's timezone, e.g. 09:00 on
 * 2026-07-01 in Europe/London → "2026-07-01T08:00:00.000Z". Null for an unreadable date or time.
 *
 * Clock changes: a time skipped when clocks go forward moves on by the gap (01:30 on London's
 * spring-forward day is 02:30 BST), as Luxon does. A time repeated when clocks go back is its
 * earlier occurrence; Luxon alone would pick by the offset in force when the code runs, so the
 * answer would change with the season of the browser.
 */
export function clinicWallTimeToInstant(date: string, time: string, zone: string): string | null {
  const d = DATE.exec(date);
  const t = TIME.exec(time);
  if (!d || !t) return null;
  const resolved = DateTime.fromObject(
    { year: Number(d[1]), month: Number(d[2]), day: Number(d[3]), hour: Number(t[1]), minute: Number(t[2]) },
    { zone },
  );
  if (!resolved.isValid) return null;
  let ms = resolved.toMillis();
  const dayBefore = DateTime.fromMillis(ms - DAY_MS, { zone });
  if (dayBefore.offset > resolved.offset) {
    const earlier = ms - (dayBefore.offset - resolved.offset) * 60_000;
    if (DateTime.fromMillis(earlier, { zone }).offset === dayBefore.offset) ms = earlier;
  }
  return new Date(ms).toISOString();
}

export interface TimeOffInput {
  allDay: boolean;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
}

/**
 * The instants a time-off form means. All day: from the clinic's midnight starting the first day to
 * the midnight ending the last day (so 28–29 March 2026 in London is 47 hours). Otherwise the two
 * wall times. Null when a date or time is missing.
 */
export function timeOffSpan(input: TimeOffInput, zone: string): { startsAt: string; endsAt: string } | null {
  const startsAt = clinicWallTimeToInstant(input.startDate, input.allDay ? '00:00' : input.startTime, zone);
  const endsAt = input.allDay
    ? DATE.test(input.endDate)
      ? clinicWallTimeToInstant(addDays(input.endDate, 1), '00:00', zone)
      : null
    : clinicWallTimeToInstant(input.endDate, input.endTime, zone);
  return startsAt && endsAt ? { startsAt, endsAt } : null;
}

/** True when an instant is midnight in the clinic's timezone (time off made with "All day"). */
export function isClinicMidnight(instant: string, zone: string): boolean {
  const local = DateTime.fromISO(instant, { zone });
  return local.isValid && local.hour === 0 && local.minute === 0;
}

/** The clinic-local date (YYYY-MM-DD) of an instant. */
export function clinicDate(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone }).toISODate() ?? '';
}

/** How a span of time off reads, in the clinic's timezone. */
export interface SpanText {
  /** "Thu 24 Dec 2026", "Thu 24 Dec 2026 – Sun 27 Dec 2026" or, for part days, with the times. */
  title: string;
  /** "All day", "All day · 4 days", "09:00–13:00", or null when the title says it all. */
  detail: string | null;
  allDay: boolean;
}

export interface SpanFormat {
  /** A YYYY-MM-DD clinic-local date for people (without its year when the span says it later). */
  date: (date: string, withYear?: boolean) => string;
  /** The clinic-local time of an instant for people. */
  time: (instant: string) => string;
}

const sameYear = (a: string, b: string): boolean => a.slice(0, 4) === b.slice(0, 4);

export function describeSpan(startsAt: string, endsAt: string, zone: string, format: SpanFormat): SpanText {
  const firstDate = clinicDate(startsAt, zone);
  if (isClinicMidnight(startsAt, zone) && isClinicMidnight(endsAt, zone)) {
    const lastDate = addDays(clinicDate(endsAt, zone), -1);
    if (lastDate <= firstDate) {
      return { title: format.date(firstDate), detail: 'All day', allDay: true };
    }
    const days = Math.round((Date.parse(lastDate) - Date.parse(firstDate)) / DAY_MS) + 1;
    const first = format.date(firstDate, !sameYear(firstDate, lastDate));
    return { title: `${first} – ${format.date(lastDate)}`, detail: `All day · ${days} days`, allDay: true };
  }
  const lastDate = clinicDate(endsAt, zone);
  if (lastDate === firstDate) {
    return { title: format.date(firstDate), detail: `${format.time(startsAt)}–${format.time(endsAt)}`, allDay: false };
  }
  return {
    title: `${format.date(firstDate, !sameYear(firstDate, lastDate))}, ${format.time(startsAt)} – ${format.date(lastDate)}, ${format.time(endsAt)}`,
    detail: null,
    allDay: false,
  };
}

/** Dates as "Thu 24 Dec 2026" and times in the clinic's timezone, in the browser's locale. */
export function clinicSpanFormat(zone: string): SpanFormat {
  return {
    date: (date, withYear = true) =>
      formatLocalDate(date, { weekday: 'short', day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}) }),
    time: (instant) => formatTime(instant, zone),
  };
}
