/**
 * Formatting of instants in the clinic's timezone with the browser's locale (Intl, no library):
 * slots come from the API as UTC instants and are shown as the clinic's wall-clock times.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(undefined, { timeZone, ...options });
    formatters.set(key, cached);
  }
  return cached;
}

/** "09:30" (or "9:30 AM" where the locale says so). */
export function formatTime(instant: string | number, timeZone: string): string {
  return formatter(timeZone, { hour: '2-digit', minute: '2-digit' }).format(new Date(instant));
}

/** "Mon 2 Mar". */
export function formatDay(instant: string | number, timeZone: string): string {
  return formatter(timeZone, { weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(instant));
}

/** "Monday 2 March 2026, 09:30". */
export function formatDateTime(instant: string | number, timeZone: string): string {
  return formatter(timeZone, { dateStyle: 'full', timeStyle: 'short' }).format(new Date(instant));
}

/** The clinic-local calendar date of an instant, as YYYY-MM-DD (grouping slots by day). */
export function localDate(instant: string | number, timeZone: string): string {
  const parts = formatter(timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(instant));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Today's clinic-local date, YYYY-MM-DD. */
export function todayIn(timeZone: string, now = Date.now()): string {
  return localDate(now, timeZone);
}

/** A YYYY-MM-DD date moved by whole days (calendar arithmetic in UTC, so no zone can shift it). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** "Mon 2 Mar" for a YYYY-MM-DD date. */
export function formatLocalDate(date: string, options: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short' }): string {
  return formatter('UTC', options).format(new Date(`${date}T12:00:00Z`));
}
