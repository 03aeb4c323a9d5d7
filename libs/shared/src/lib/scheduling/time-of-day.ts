/** Minutes in a calendar day as written on a wall clock ("24:00" is this many minutes). */
export const MINUTES_PER_DAY = 1440;

/** Exactly two-digit hours and minutes, so "9:00" or "09:00:00" are refused rather than guessed at. */
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Minutes since midnight for "HH:mm" (00:00–23:59), or 1440 for "24:00" (the end of the day, so a
 * window can run to midnight). Anything else, including non-strings from unvalidated JSON, is null.
 */
export function parseTimeOfDay(value: string): number | null {
  if (typeof value !== 'string') return null;
  if (value === '24:00') return MINUTES_PER_DAY;
  const match = TIME_OF_DAY.exec(value);
  if (match === null) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Inverse of parseTimeOfDay: whole minutes 0–1440 to "HH:mm" ("24:00" for 1440). */
export function formatTimeOfDay(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > MINUTES_PER_DAY) {
    throw new RangeError(`Not a time of day in minutes: ${minutes}`);
  }
  const hours = Math.floor(minutes / 60);
  return `${String(hours).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
