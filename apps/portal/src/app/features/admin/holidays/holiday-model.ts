import type { Holiday } from '../../../core/api-types';
import { formatLocalDate } from '../../../shared/clinic-time';

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
