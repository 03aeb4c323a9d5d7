/** "23 Nov 2026, 17:42" in the clinic's timezone (the browser's if that isn't a valid zone). */
export function formatStamp(instant: string, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
  try {
    return new Intl.DateTimeFormat(undefined, { ...options, timeZone }).format(new Date(instant));
  } catch {
    return new Intl.DateTimeFormat(undefined, options).format(new Date(instant));
  }
}
