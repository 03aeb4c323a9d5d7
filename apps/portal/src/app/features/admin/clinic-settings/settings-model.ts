/**
 * The clinic settings form's model, kept framework-free: API settings ↔ form values, human-readable
 * durations and reminder labels, and the change history in words.
 */
import { CLINIC_LOCALES, WEEKDAY_NAMES, type HourCycle, type WeeklyWindow } from '@carebook/shared';
import type { ClinicSettings, ClinicSettingsInput, SettingsRevision } from '../../../core/api-types';
import { type WeekRows, describeWindows, flattenWeek, groupWeekly, weeklyFieldMap } from '../../../shared/weekly-hours/weekly-hours';

export type NoticeUnit = 'minutes' | 'hours';

/** What the settings form holds; working hours are grouped by weekday (index weekday-1, Monday first). */
export interface SettingsFormValue {
  clinicName: string;
  timezone: string;
  locale: string;
  hourCycle: HourCycle;
  workingHours: WeekRows;
  slotMinutes: number | null;
  minNotice: { amount: number | null; unit: NoticeUnit };
  bookingHorizonDays: number | null;
  cancellationWindowHours: number | null;
  pendingExpiryHours: number | null;
  reminderOffsetsMinutes: number[];
}

const MINUTE = 1;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** Minimum notice shown in hours when it is a whole number of hours, otherwise in minutes. */
export function splitNotice(minutes: number): { amount: number; unit: NoticeUnit } {
  return minutes >= HOUR && minutes % HOUR === 0 ? { amount: minutes / HOUR, unit: 'hours' } : { amount: minutes, unit: 'minutes' };
}

/** Minutes for an amount in a unit (null if it is not a whole number of minutes). */
export function noticeMinutes(amount: number | null, unit: NoticeUnit): number | null {
  if (amount === null || !Number.isFinite(amount)) return null;
  const minutes = unit === 'hours' ? amount * HOUR : amount;
  // 1.5 hours is 90 minutes; allow for floating point in 0.1 × 60.
  const rounded = Math.round(minutes);
  return Math.abs(minutes - rounded) < 1e-9 ? rounded : null;
}

export function settingsToForm(settings: ClinicSettings): SettingsFormValue {
  return {
    clinicName: settings.clinicName,
    timezone: settings.timezone,
    locale: settings.locale,
    hourCycle: settings.hourCycle,
    workingHours: groupWeekly(settings.workingHours),
    slotMinutes: settings.slotMinutes,
    minNotice: splitNotice(settings.minNoticeMinutes),
    bookingHorizonDays: settings.bookingHorizonDays,
    cancellationWindowHours: settings.cancellationWindowHours,
    pendingExpiryHours: settings.pendingExpiryHours,
    reminderOffsetsMinutes: sortReminders(settings.reminderOffsetsMinutes),
  };
}

/** The PUT body for a (valid) form: the whole object, names trimmed, reminders longest first. */
export function formToInput(value: SettingsFormValue): ClinicSettingsInput {
  return {
    clinicName: value.clinicName.trim(),
    timezone: value.timezone.trim(),
    locale: value.locale,
    hourCycle: value.hourCycle,
    workingHours: flattenWeek(value.workingHours),
    slotMinutes: value.slotMinutes ?? 0,
    minNoticeMinutes: noticeMinutes(value.minNotice.amount, value.minNotice.unit) ?? 0,
    bookingHorizonDays: value.bookingHorizonDays ?? 0,
    cancellationWindowHours: value.cancellationWindowHours ?? 0,
    pendingExpiryHours: value.pendingExpiryHours ?? 0,
    reminderOffsetsMinutes: sortReminders(value.reminderOffsetsMinutes),
  };
}

/**
 * API field → form control path, for the server's field errors on a body built from these days:
 * `workingHours.3` is the fourth window sent, which lives at `workingHours.<day>.<index>` in the form.
 */
export function serverFieldMap(days: WeekRows): Record<string, string> {
  return { ...weeklyFieldMap(days, 'workingHours', 'workingHours'), minNoticeMinutes: 'minNotice.amount' };
}

export function sortReminders(offsets: readonly number[]): number[] {
  return [...new Set(offsets)].sort((a, b) => b - a);
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** "1 day", "1 hour 30 minutes", "2 weeks", "0 minutes". */
export function durationLabel(minutes: number): string {
  if (minutes === 0) return '0 minutes';
  if (minutes % WEEK === 0) return plural(minutes / WEEK, 'week');
  const parts: string[] = [];
  const days = Math.floor(minutes / DAY);
  const hours = Math.floor((minutes % DAY) / HOUR);
  const rest = minutes % HOUR;
  if (days > 0) parts.push(plural(days, 'day'));
  if (hours > 0) parts.push(plural(hours, 'hour'));
  if (rest > 0) parts.push(plural(rest, 'minute'));
  return parts.join(' ');
}

/** "1 day before". */
export function reminderLabel(minutes: number): string {
  return `${durationLabel(minutes)} before`;
}

export const HOUR_CYCLE_LABELS: Record<HourCycle, string> = { h23: '24-hour (14:30)', h12: '12-hour (2:30 PM)' };

/** "English (United Kingdom)" for a tag the form offers; the tag itself for any other. */
export function localeLabel(tag: string): string {
  return CLINIC_LOCALES.find((l) => l.tag === tag)?.label ?? tag;
}

export type ReminderUnit = 'minutes' | 'hours' | 'days';
export const REMINDER_UNIT_MINUTES: Record<ReminderUnit, number> = { minutes: MINUTE, hours: HOUR, days: DAY };

export interface ChangeLine {
  label: string;
  from: string;
  to: string;
}

type SettingChange = SettingsRevision['changes'][number];

const FIELD_LABELS: Record<string, string> = {
  clinicName: 'Clinic name',
  timezone: 'Timezone',
  locale: 'Language and region',
  hourCycle: 'Clock',
  workingHours: 'Working hours',
  slotMinutes: 'Default slot length',
  minNoticeMinutes: 'Minimum notice',
  bookingHorizonDays: 'Booking horizon',
  cancellationWindowHours: 'Cancellation window',
  pendingExpiryHours: 'Unanswered requests expire after',
  reminderOffsetsMinutes: 'Reminders',
};

function isWindowList(value: unknown): value is WeeklyWindow[] {
  return (
    Array.isArray(value) &&
    value.every((w: unknown) => typeof w === 'object' && w !== null && 'weekday' in w && 'start' in w && 'end' in w)
  );
}

function valueText(field: string, value: unknown): string {
  if (typeof value === 'number') {
    switch (field) {
      case 'slotMinutes':
      case 'minNoticeMinutes':
        return durationLabel(value);
      case 'bookingHorizonDays':
        return plural(value, 'day');
      case 'cancellationWindowHours':
      case 'pendingExpiryHours':
        return plural(value, 'hour');
    }
    return String(value);
  }
  if (field === 'reminderOffsetsMinutes' && Array.isArray(value)) {
    const offsets = value.filter((v): v is number => typeof v === 'number');
    return offsets.length === 0 ? 'None' : sortReminders(offsets).map(durationLabel).join(', ') + ' before';
  }
  if (field === 'locale' && typeof value === 'string') return localeLabel(value);
  if (field === 'hourCycle' && typeof value === 'string') return HOUR_CYCLE_LABELS[value as HourCycle] ?? value;
  if (typeof value === 'string') return value;
  return value === null || value === undefined ? '—' : JSON.stringify(value);
}

/**
 * One recorded change in words. Working hours are compared day by day so only the days that
 * changed are listed ("Working hours, Saturday: 09:00–13:00 → Closed").
 */
export function describeChange(change: SettingChange): ChangeLine[] {
  const field = change.field;
  const label = FIELD_LABELS[field] ?? field;
  const from: unknown = change.from;
  const to: unknown = change.to;
  if (field === 'workingHours' && isWindowList(from) && isWindowList(to)) {
    const before = groupWeekly(from);
    const after = groupWeekly(to);
    return WEEKDAY_NAMES.flatMap((name, i) => {
      const a = describeWindows(before[i]);
      const b = describeWindows(after[i]);
      return a === b ? [] : [{ label: `${label}, ${name}`, from: a, to: b }];
    });
  }
  return [{ label, from: valueText(field, from), to: valueText(field, to) }];
}

