import type { Holiday } from '../../core/api-types';
import { formatLocalDate } from '../../shared/clinic-time';

export interface HolidayRow {
  holiday: Holiday;
  /** Its date in the year shown (YYYY-MM-DD), or null for a recurring 29 February in a common year. */
  date: string | null;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Where a holiday falls in a year: a recurring one moves to that year, a one-off keeps its own date. */
export function occurrenceIn(holiday: Pick<Holiday, 'date' | 'recurring'>, year: number): string | null {
  if (!holiday.recurring) {
    return holiday.date.startsWith(`${year}-`) ? holiday.date : null;
  }
  const monthDay = holiday.date.slice(5);
  if (monthDay === '02-29' && !isLeapYear(year)) return null;
  return `${year}-${monthDay}`;
}

/**
 * A year's holidays by date. A recurring 29 February has no date in a common year; it is listed
 * after 28 February so it can still be found and removed.
 */
export function holidaysInYear(holidays: readonly Holiday[], year: number): HolidayRow[] {
  const key = (row: HolidayRow) => row.date ?? `${year}-02-29`;
  return holidays
    .map((holiday) => ({ holiday, date: occurrenceIn(holiday, year) }))
    .filter((row) => row.date !== null || row.holiday.recurring)
    .sort((a, b) => key(a).localeCompare(key(b)) || a.holiday.name.localeCompare(b.holiday.name));
}

/** "Fri 25 Dec 2026" (in the browser's language). */
export function formatHolidayDate(date: string): string {
  return formatLocalDate(date, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
}

/** YYYY-MM-DD of the calendar day a date picker chose (its local date, never shifted through UTC). */
export function toIsoDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A date picker's value for a YYYY-MM-DD date (local midnight). */
export function fromIsoDate(date: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(year, month - 1, day);
}

export interface TypedDate {
  year: number;
  month: number;
  day: number;
}

/** Day, month and year in the order a locale writes numeric dates ("en-GB": day first). */
function numericOrder(locale?: string): ('day' | 'month' | 'year')[] {
  const parts = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(
    new Date(2026, 11, 25),
  );
  return parts.map((p) => p.type).filter((type): type is 'day' | 'month' | 'year' => ['day', 'month', 'year'].includes(type));
}

/**
 * A date typed as numbers: ISO "2026-12-25", or in the locale's own order with /, . or - between
 * ("25/12/2026" in en-GB, "12/25/2026" in en-US; a two-digit year is 20xx). Undefined when the text
 * isn't written that way; null when it is but names no real day (31/02/2026).
 */
export function parseTypedDate(text: string, locale?: string): TypedDate | null | undefined {
  const trimmed = text.trim();
  let date: TypedDate;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  if (iso) {
    date = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  } else {
    const numeric = /^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})$/.exec(trimmed);
    if (!numeric) return undefined;
    const values = [numeric[1], numeric[2], numeric[3]].map(Number);
    const order = numericOrder(locale);
    if (order.length !== 3) return undefined;
    const pick = (type: 'day' | 'month' | 'year') => values[order.indexOf(type)];
    const year = pick('year');
    date = { year: year < 100 ? 2000 + year : year, month: pick('month'), day: pick('day') };
  }
  const check = new Date(Date.UTC(date.year, date.month - 1, date.day));
  const real =
    check.getUTCFullYear() === date.year && check.getUTCMonth() === date.month - 1 && check.getUTCDate() === date.day;
  return real ? date : null;
}
