/**
 * The clinic settings form's model, kept framework-free: API settings ↔ form values, human-readable
 * durations and reminder labels, and the change history in words.
 */
import { WEEKDAY_NAMES, type WeeklyWindow, formatTimeOfDay, parseTimeOfDay } from '@carebook/shared';
import type { ClinicSettings, ClinicSettingsInput, SettingsRevision } from '../../../core/api-types';

export type NoticeUnit = 'minutes' | 'hours';

export interface WindowValue {
  start: string;
  end: string;
}

/** What the settings form holds; working hours are grouped by weekday (index weekday-1, Monday first). */
export interface SettingsFormValue {
  clinicName: string;
  timezone: string;
  workingHours: WindowValue[][];
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

/** Each weekday's windows in start order, Monday first. */
export function windowsByDay(windows: readonly WeeklyWindow[]): WindowValue[][] {
  return WEEKDAY_NAMES.map((_, i) =>
    windows
      .filter((w) => w.weekday === i + 1)
      .map(({ start, end }) => ({ start, end }))
      .sort((a, b) => a.start.localeCompare(b.start)),
  );
}

/** The form's days as the API's flat list, in form order (the order server error indices refer to). */
export function flattenWindows(days: readonly (readonly WindowValue[])[]): WeeklyWindow[] {
  return days.flatMap((windows, i) => windows.map(({ start, end }) => ({ weekday: i + 1, start, end })));
}

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

export function settingsToForm(settings: ClinicSettings | ClinicSettingsInput): SettingsFormValue {
  return {
    clinicName: settings.clinicName,
    timezone: settings.timezone,
    workingHours: windowsByDay(settings.workingHours),
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
    workingHours: flattenWindows(value.workingHours),
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
export function serverFieldMap(days: readonly (readonly WindowValue[])[]): Record<string, string> {
  const map: Record<string, string> = { minNoticeMinutes: 'minNotice.amount' };
  let sent = 0;
  days.forEach((windows, day) => {
    windows.forEach((_, index) => {
      const path = `workingHours.${day}.${index}`;
      map[`workingHours.${sent}`] = path;
      map[`workingHours.${sent}.weekday`] = path;
      map[`workingHours.${sent}.start`] = `${path}.start`;
      map[`workingHours.${sent}.end`] = `${path}.end`;
      sent++;
    });
  });
  return map;
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

export type ReminderUnit = 'minutes' | 'hours' | 'days';
export const REMINDER_UNIT_MINUTES: Record<ReminderUnit, number> = { minutes: MINUTE, hours: HOUR, days: DAY };

/**
 * Friendlier time entry: "9" → "09:00", "930" / "9.30" / "9:30" → "09:30", "24" → "24:00". Text that
 * still isn't a time of day afterwards is returned unchanged, so validation can say what is wrong.
 */
export function normalizeTime(text: string): string {
  const trimmed = text.trim();
  const match = /^(\d{1,2})(?:[:.h ]?(\d{2}))?$/.exec(trimmed);
  if (match === null) return trimmed;
  const candidate = `${match[1].padStart(2, '0')}:${match[2] ?? '00'}`;
  return parseTimeOfDay(candidate) === null ? trimmed : candidate;
}

/** "08:00–12:00, 13:00–18:00", or "Closed". */
export function describeWindows(windows: readonly WindowValue[]): string {
  return windows.length === 0 ? 'Closed' : windows.map((w) => `${w.start}–${w.end}`).join(', ');
}

export interface ChangeLine {
  label: string;
  from: string;
  to: string;
}

type SettingChange = SettingsRevision['changes'][number];

const FIELD_LABELS: Record<string, string> = {
  clinicName: 'Clinic name',
  timezone: 'Timezone',
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
    const before = windowsByDay(from);
    const after = windowsByDay(to);
    return WEEKDAY_NAMES.flatMap((name, i) => {
      const a = describeWindows(before[i]);
      const b = describeWindows(after[i]);
      return a === b ? [] : [{ label: `${label}, ${name}`, from: a, to: b }];
    });
  }
  return [{ label, from: valueText(field, from), to: valueText(field, to) }];
}

/**
 * A sensible window to add after a day's existing ones: 09:00–17:00 on an empty day, otherwise four
 * hours starting an hour after the last one ends (cut at midnight), or blank when the day is full.
 */
export function nextWindow(windows: readonly WindowValue[]): WindowValue {
  const ends = windows.map((w) => parseTimeOfDay(w.end)).filter((end): end is number => end !== null);
  if (ends.length === 0) return windows.length === 0 ? { start: '09:00', end: '17:00' } : { start: '', end: '' };
  const start = Math.max(...ends) + HOUR;
  if (start >= DAY) return { start: '', end: '' };
  return { start: formatTimeOfDay(start), end: formatTimeOfDay(Math.min(start + 4 * HOUR, DAY)) };
}
