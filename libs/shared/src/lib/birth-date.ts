/** Nobody alive was born before this many years ago; also the oldest age a booking records. */
export const OLDEST_AGE_YEARS = 130;

/** The earliest believable date of birth on `today` (both YYYY-MM-DD): the same day OLDEST_AGE_YEARS years before. */
export function earliestBirthDate(today: string): string {
  return `${String(Number(today.slice(0, 4)) - OLDEST_AGE_YEARS).padStart(4, '0')}${today.slice(4)}`;
}

/**
 * Why a real calendar date (YYYY-MM-DD) cannot be someone's date of birth on `today` (the clinic-local date), or
 * null when it can: a birthday in the future, or so long ago that no age could be recorded for a booking.
 * Dates in this form compare correctly as text.
 */
export function birthDateRangeProblem(value: string, today: string): string | null {
  if (value > today) return 'must not be in the future';
  if (value < earliestBirthDate(today)) return `must be within the last ${OLDEST_AGE_YEARS} years`;
  return null;
}
