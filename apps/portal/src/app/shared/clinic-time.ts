/**
 * Dates and times as the clinic writes them: in its timezone, its locale and its clock (24- or 12-hour),
 * through the formatter the API's emails and downloads use too (@carebook/shared). Slots come from the API
 * as UTC instants and are shown as the clinic's wall-clock times.
 *
 * The locale and clock are the clinic's settings, set here by the Clinic service when GET /api/clinic
 * answers; they are a signal, so computed values and templates that format through these functions
 * follow a change. Until the clinic answers, the API's defaults apply.
 */
import { signal } from '@angular/core';
import {
  DEFAULT_CLINIC_LOCALE,
  clinicDate,
  formatCalendarDate,
  formatCalendarDateRange,
  formatClockTime,
  formatDateTime as sharedDateTime,
  formatDay as sharedDay,
  formatTime as sharedTime,
  formatTimestamp as sharedTimestamp,
  type CalendarDateOptions,
  type ClinicLocale,
  type HourCycle,
} from '@carebook/shared/format';

interface LocaleSettings {
  locale: string;
  hourCycle: HourCycle;
}

const settings = signal<LocaleSettings>({ locale: DEFAULT_CLINIC_LOCALE, hourCycle: 'h23' });

/** The clinic's locale and clock, as GET /api/clinic gave them (the Clinic service calls this). */
export function setClinicLocale(next: Partial<LocaleSettings>): void {
  const current = settings();
  // An answer without them (an older API) leaves the defaults.
  const locale = typeof next.locale === 'string' && next.locale !== '' ? next.locale : current.locale;
  const hourCycle = next.hourCycle === 'h12' || next.hourCycle === 'h23' ? next.hourCycle : current.hourCycle;
  if (current.locale !== locale || current.hourCycle !== hourCycle) settings.set({ locale, hourCycle });
}

/** The clinic's locale ("en-GB"), for what formats on its own (date pickers). */
export function clinicLocale(): string {
  return settings().locale;
}

/** The clinic's clock: "h23" or "h12". */
export function clinicHourCycle(): HourCycle {
  return settings().hourCycle;
}

function clinic(timeZone: string): ClinicLocale {
  return { timeZone, ...settings() };
}

/** "09:30", or "9:30 AM" where the clinic uses a 12-hour clock. */
export function formatTime(instant: string | number, timeZone: string): string {
  return sharedTime(instant, clinic(timeZone));
}

/** "Mon 2 Mar". */
export function formatDay(instant: string | number, timeZone: string): string {
  return sharedDay(instant, clinic(timeZone));
}

/** "Monday, 2 March 2026 at 09:30". */
export function formatDateTime(instant: string | number, timeZone: string): string {
  return sharedDateTime(instant, clinic(timeZone));
}

/** "2 Mar 2026, 09:30" (with seconds when asked): records such as deliveries and the audit log. */
export function formatTimestamp(instant: string | number, timeZone: string, options: { seconds?: boolean } = {}): string {
  return sharedTimestamp(instant, clinic(timeZone), options);
}

/** The clinic-local calendar date of an instant, as YYYY-MM-DD (grouping slots by day). */
export function localDate(instant: string | number, timeZone: string): string {
  return clinicDate(instant, timeZone);
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

/** An HH:mm time of day (working hours) on the clinic's clock: "09:00" or "9:00 AM". */
export function formatClock(time: string): string {
  return formatClockTime(time, settings());
}

/** "Mon 2 Mar" for a YYYY-MM-DD date, in the clinic's locale. */
export function formatLocalDate(date: string, options?: CalendarDateOptions): string {
  return formatCalendarDate(date, settings().locale, options);
}

/** "23–29 Nov 2026" (en-GB), "Nov 23 – 29, 2026" (en-US) for two YYYY-MM-DD dates, in the clinic's locale. */
export function formatLocalDateRange(from: string, to: string, options?: CalendarDateOptions): string {
  return formatCalendarDateRange(from, to, settings().locale, options);
}

/** True for a real calendar day written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
