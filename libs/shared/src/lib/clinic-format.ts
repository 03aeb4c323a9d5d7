/**
 * How the clinic writes dates and times, everywhere: the portal's lists and pickers, emails, calendar text and
 * downloads. Plain Intl (no library, no framework) so both apps share it. Instants are shown as the clinic's
 * wall-clock time in its timezone, in its locale, with its hour cycle.
 */

export const HOUR_CYCLES = ['h23', 'h12'] as const;
/** `h23`: 00:00–23:59 ("14:30"); `h12`: 12-hour with a day period ("2:30 PM"). */
export type HourCycle = (typeof HOUR_CYCLES)[number];

export const DEFAULT_CLINIC_LOCALE = 'en-GB';

/** The locales the settings form offers (any other supported BCP 47 tag is accepted through the API too). */
export const CLINIC_LOCALES: readonly { tag: string; label: string }[] = [
  { tag: 'en-GB', label: 'English (United Kingdom)' },
  { tag: 'en-US', label: 'English (United States)' },
  { tag: 'en-IE', label: 'English (Ireland)' },
  { tag: 'en-CA', label: 'English (Canada)' },
  { tag: 'en-AU', label: 'English (Australia)' },
  { tag: 'en-IN', label: 'English (India)' },
  { tag: 'en-ZA', label: 'English (South Africa)' },
  { tag: 'fr-FR', label: 'Français (France)' },
  { tag: 'de-DE', label: 'Deutsch (Deutschland)' },
  { tag: 'es-ES', label: 'Español (España)' },
  { tag: 'it-IT', label: 'Italiano (Italia)' },
  { tag: 'nl-NL', label: 'Nederlands (Nederland)' },
  { tag: 'pt-PT', label: 'Português (Portugal)' },
  { tag: 'pt-BR', label: 'Português (Brasil)' },
  { tag: 'pl-PL', label: 'Polski (Polska)' },
  { tag: 'sv-SE', label: 'Svenska (Sverige)' },
];

/** What formatting needs to know about the clinic. */
export interface ClinicLocale {
  /** IANA timezone, e.g. "Europe/London". */
  timeZone: string;
  /** BCP 47 tag, e.g. "en-GB". */
  locale: string;
  hourCycle: HourCycle;
}

/**
 * The canonical form of a BCP 47 tag the platform can format dates in ("EN-gb" → "en-GB"), or null for a
 * malformed tag or one no locale data exists for (Intl would silently fall back to another language).
 */
export function canonicalLocale(tag: unknown): string | null {
  if (typeof tag !== 'string' || tag.trim() === '') return null;
  let canonical: string;
  try {
    [canonical] = Intl.getCanonicalLocales(tag.trim());
  } catch {
    return null;
  }
  return canonical && Intl.DateTimeFormat.supportedLocalesOf(canonical).length > 0 ? canonical : null;
}

/** The hour cycle a locale uses when nobody chooses: "en-US" h12, "en-GB" h23. */
export function defaultHourCycle(locale: string): HourCycle {
  const cycle = new Intl.DateTimeFormat(canonicalLocale(locale) ?? DEFAULT_CLINIC_LOCALE, { hour: 'numeric' }).resolvedOptions().hourCycle;
  return cycle === 'h11' || cycle === 'h12' ? 'h12' : 'h23';
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Formatters are costly to build (~0.1 ms) and formatting runs per row: one per locale, zone and options. */
function formatter(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(locale, { timeZone, ...options });
    formatters.set(key, cached);
  }
  return cached;
}

type Instant = string | number | Date;
const toDate = (instant: Instant): Date => (instant instanceof Date ? instant : new Date(instant));

/** Hour and minute options: two-digit hours on a 24-hour clock ("09:30"), bare ones with a day period ("9:30 AM"). */
function clock(hourCycle: HourCycle, seconds = false): Intl.DateTimeFormatOptions {
  return {
    hour: hourCycle === 'h23' ? '2-digit' : 'numeric',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
    hourCycle,
  };
}

const SHORT_DAY: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short' };
const LONG_DAY: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };

/** "09:30" (h23) or "9:30 AM" (en-US, h12). */
export function formatTime(instant: Instant, c: ClinicLocale): string {
  return formatter(c.locale, c.timeZone, clock(c.hourCycle)).format(toDate(instant));
}

/** "Mon 2 Mar" (en-GB), "Mon, Mar 2" (en-US): the clinic-local day of an instant. */
export function formatDay(instant: Instant, c: ClinicLocale): string {
  return formatter(c.locale, c.timeZone, SHORT_DAY).format(toDate(instant));
}

/** "Monday, 2 March 2026": the clinic-local day of an instant, in full. */
export function formatLongDay(instant: Instant, c: ClinicLocale): string {
  return formatter(c.locale, c.timeZone, LONG_DAY).format(toDate(instant));
}

/** "Mon 2 Mar, 09:30": compact, for subjects, SMS and lists. */
export function formatShortDateTime(instant: Instant, c: ClinicLocale): string {
  return formatter(c.locale, c.timeZone, { ...SHORT_DAY, ...clock(c.hourCycle) }).format(toDate(instant));
}

/** "Monday, 2 March 2026 at 09:30" (wording per locale). */
export function formatDateTime(instant: Instant, c: ClinicLocale): string {
  return formatter(c.locale, c.timeZone, { ...LONG_DAY, ...clock(c.hourCycle) }).format(toDate(instant));
}

/** "2 Mar 2026, 09:30:05": records such as audit entries and deliveries, where seconds matter. */
export function formatTimestamp(instant: Instant, c: ClinicLocale, options: { seconds?: boolean } = {}): string {
  return formatter(c.locale, c.timeZone, { year: 'numeric', month: 'short', day: 'numeric', ...clock(c.hourCycle, options.seconds) }).format(
    toDate(instant),
  );
}

/** "09:00–09:30" or "9:00 – 9:30 AM": the times of one stretch on one day. */
export function formatTimeRange(start: Instant, end: Instant, c: ClinicLocale): string {
  return formatter(c.locale, c.timeZone, clock(c.hourCycle)).formatRange(toDate(start), toDate(end));
}

/** "Mon 2 Mar, 09:00–09:30"; across days "Mon 2 Mar, 22:00 – Tue 3 Mar, 02:00". */
export function formatDateTimeRange(start: Instant, end: Instant, c: ClinicLocale): string {
  return formatter(c.locale, c.timeZone, { ...SHORT_DAY, ...clock(c.hourCycle) }).formatRange(toDate(start), toDate(end));
}

/**
 * A time of day written HH:mm (working hours, "24:00" for the midnight ending a day) on the clinic's clock:
 * "09:00" or "9:00 AM". Unreadable text comes back as it is.
 */
export function formatClockTime(time: string, c: Omit<ClinicLocale, 'timeZone'>): string {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(time);
  if (!match) return time;
  if (match[1] === '24' && c.hourCycle === 'h23') return time;
  return formatter(c.locale, 'UTC', clock(c.hourCycle)).format(Date.UTC(2026, 0, 1, Number(match[1]) % 24, Number(match[2])));
}

/** The clinic-local calendar date of an instant, as YYYY-MM-DD. */
export function clinicDate(instant: Instant, timeZone: string): string {
  const parts = formatter('en-US', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit', hourCycle: 'h23' }).formatToParts(
    toDate(instant),
  );
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Date-only options for a calendar date; no zone or time parts apply to one. */
export type CalendarDateOptions = Pick<Intl.DateTimeFormatOptions, 'weekday' | 'day' | 'month' | 'year' | 'dateStyle'>;

/**
 * A YYYY-MM-DD calendar date (a clinic-local date: holidays, date of birth) in the clinic's locale:
 * "Mon 2 Mar" by default. It is formatted at noon UTC in UTC, so no zone can move it to another day.
 */
export function formatCalendarDate(date: string, locale: string, options: CalendarDateOptions = SHORT_DAY): string {
  return formatter(locale, 'UTC', options).format(new Date(`${date}T12:00:00Z`));
}

/** "2–6 Mar 2026" or "28 Feb – 3 Mar 2026" for two YYYY-MM-DD dates. */
export function formatCalendarDateRange(from: string, to: string, locale: string, options: CalendarDateOptions = { day: 'numeric', month: 'short', year: 'numeric' }): string {
  return formatter(locale, 'UTC', options).formatRange(new Date(`${from}T12:00:00Z`), new Date(`${to}T12:00:00Z`));
}
