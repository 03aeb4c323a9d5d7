import {
  MINUTES_PER_DAY,
  SCHEDULING_LIMITS,
  WEEKDAY_NAMES,
  type WeeklyWindow,
  formatTimeOfDay,
  parseTimeOfDay,
  windowProblems,
  windowsOutside,
} from '@carebook/shared';
import { FieldDetail, sentence } from '../../core/api-error';

/**
 * The weekly-hours form works on one list of rows per weekday (index 0 = Monday … 6 = Sunday); the
 * API takes one flat list of windows. These functions translate between the two and judge the rows
 * exactly as the API does (windowProblems, windowsOutside from @carebook/shared).
 */

/** One row as the form holds it: the values of two `<input type="time">`. */
export interface TimeRange {
  start: string;
  end: string;
}

export type WeekRows = TimeRange[][];

/** Where a flattened window came from. */
export interface RowPosition {
  day: number;
  row: number;
}

export interface RowError extends RowPosition {
  /** The window's index in the list that was sent. */
  index: number;
  message: string;
}

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export const SHORT_WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** Slot lengths offered besides the clinic default; any other valid stored value is added to these. */
export const SLOT_LENGTHS = [10, 15, 20, 30, 45, 60, 90, 120];

// A time input cannot show 24:00, so a window running to midnight ends at 00:00 in the form.
const toInputEnd = (end: string): string => (end === '24:00' ? '00:00' : end);
const toApiEnd = (end: string): string => (end === '00:00' ? '24:00' : end);

const emptyWeek = (): WeekRows => WEEKDAYS.map(() => []);

/** The API's windows as rows per weekday, each day in time order. */
export function groupWeekly(weekly: readonly WeeklyWindow[]): WeekRows {
  const week = emptyWeek();
  const sorted = [...weekly].sort(
    (a, b) => a.weekday - b.weekday || (parseTimeOfDay(a.start) ?? 0) - (parseTimeOfDay(b.start) ?? 0),
  );
  for (const window of sorted) {
    week[window.weekday - 1]?.push({ start: window.start, end: toInputEnd(window.end) });
  }
  return week;
}

/** The rows as the API's flat list, with the row each window came from. */
export function flattenWeek(week: WeekRows): { weekly: WeeklyWindow[]; positions: RowPosition[] } {
  const weekly: WeeklyWindow[] = [];
  const positions: RowPosition[] = [];
  week.forEach((rows, day) =>
    rows.forEach((range, row) => {
      weekly.push({ weekday: day + 1, start: range.start, end: toApiEnd(range.end) });
      positions.push({ day, row });
    }),
  );
  return { weekly, positions };
}

function hoursOf(clinicHours: readonly WeeklyWindow[], weekday: number): WeeklyWindow[] {
  return clinicHours
    .filter((w) => w.weekday === weekday)
    .sort((a, b) => (parseTimeOfDay(a.start) ?? 0) - (parseTimeOfDay(b.start) ?? 0));
}

/** "Clinic open 08:00–18:00", "Clinic open 08:00–12:00, 13:00–18:00" or "Clinic closed". */
export function clinicHoursLabel(clinicHours: readonly WeeklyWindow[], weekday: number): string {
  const open = hoursOf(clinicHours, weekday);
  return open.length === 0 ? 'Clinic closed' : `Clinic open ${open.map((w) => `${w.start}–${w.end}`).join(', ')}`;
}

/** Turns the shared validator's wording ("start must be …", "overlaps …") into a line under a row. */
function rowMessage(message: string): string {
  if (message.startsWith('start must')) return 'Enter a start time';
  if (message.startsWith('end must be a time')) return 'Enter an end time';
  if (message === 'end must be after start') return 'The end must be after the start';
  if (message.startsWith('overlaps ')) return `Overlaps ${message.slice('overlaps '.length).replace(/ on \w+$/, '')}`;
  return sentence(message);
}

/**
 * The first problem of each row (null when fine), shaped like the week: malformed or reversed
 * times and overlaps first, then windows outside the clinic's hours for that weekday.
 */
export function rowProblems(week: WeekRows, clinicHours: readonly WeeklyWindow[]): (string | null)[][] {
  const { weekly, positions } = flattenWeek(week);
  const result = week.map((rows) => rows.map((): string | null => null));
  const set = (index: number, message: string) => {
    const { day, row } = positions[index];
    result[day][row] ??= message;
  };
  for (const problem of windowProblems(weekly)) {
    set(problem.index, rowMessage(problem.message));
  }
  for (const index of windowsOutside(weekly, clinicHours)) {
    const open = hoursOf(clinicHours, weekly[index].weekday);
    set(
      index,
      open.length === 0
        ? `The clinic is closed on ${WEEKDAY_NAMES[weekly[index].weekday - 1]}s`
        : `Outside the clinic’s hours (${open.map((w) => `${w.start}–${w.end}`).join(', ')})`,
    );
  }
  return result;
}

const WEEKLY_FIELD = /^weekly\.(\d+)(?:\.(weekday|start|end))?$/;

/**
 * Server field errors (`weekly.3`, `weekly.3.start`) put back on the row that window came from,
 * through the positions of the list that was sent. Anything else is returned as `other`, worded
 * for the form as a whole; `slotMinutes` and `autoApprove` come back by name.
 */
export function mapServerErrors(
  details: readonly FieldDetail[],
  positions: readonly RowPosition[],
): { rows: RowError[]; fields: Record<string, string>; other: string[] } {
  const rows: RowError[] = [];
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const { field, message } of details) {
    const match = WEEKLY_FIELD.exec(field);
    const index = match ? Number(match[1]) : -1;
    const position = positions[index];
    if (match && position) {
      const part = match[2];
      rows.push({ index, ...position, message: part ? `${sentence(part)} ${message}` : sentence(message) });
    } else if (field === 'slotMinutes' || field === 'autoApprove') {
      fields[field] = sentence(message);
    } else {
      other.push(field && !message.startsWith(field) ? `${field} ${message}` : sentence(message));
    }
  }
  return { rows, fields, other };
}

/** Minutes a week the rows cover, overlapping rows counted once and unreadable rows not at all. */
export function weeklyMinutes(week: WeekRows): number {
  return week.reduce((total, rows) => {
    const ranges = rows
      .map((range) => ({ start: parseTimeOfDay(range.start), end: parseTimeOfDay(toApiEnd(range.end)) }))
      .filter((r): r is { start: number; end: number } => r.start !== null && r.end !== null && r.start < r.end)
      .sort((a, b) => a.start - b.start);
    let covered = 0;
    let reach = 0;
    for (const { start, end } of ranges) {
      const from = Math.max(start, reach);
      if (end > from) covered += end - from;
      reach = Math.max(reach, end);
    }
    return total + covered;
  }, 0);
}

/** "32 h 30 min", "45 min", "0 h". */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0 && rest > 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/**
 * A new row for a day: the clinic's hours (at most 09:00–17:00) on an empty day; otherwise an hour
 * starting at the next full hour after the day's last row ends (so a lunch break is left), kept
 * inside the clinic's hours where they allow.
 */
export function suggestWindow(rows: readonly TimeRange[], clinicHours: readonly WeeklyWindow[], weekday: number): TimeRange {
  const open = hoursOf(clinicHours, weekday)
    .map((w) => ({ start: parseTimeOfDay(w.start) ?? 0, end: parseTimeOfDay(w.end) ?? MINUTES_PER_DAY }))
    .filter((w) => w.start < w.end);
  const ends = rows.map((r) => parseTimeOfDay(toApiEnd(r.end))).filter((end): end is number => end !== null);
  if (ends.length === 0) {
    const first = open[0] ?? { start: 9 * 60, end: 17 * 60 };
    const start = Math.max(first.start, 9 * 60) < first.end ? Math.max(first.start, 9 * 60) : first.start;
    const end = Math.min(first.end, 17 * 60) > start ? Math.min(first.end, 17 * 60) : first.end;
    return { start: formatTimeOfDay(start), end: toInputEnd(formatTimeOfDay(end)) };
  }
  const lastEnd = Math.max(...ends);
  let start = Math.min((Math.floor(lastEnd / 60) + 1) * 60, MINUTES_PER_DAY - 60);
  // Prefer a start inside a later clinic window (after a clinic lunch break, say).
  const later = open.find((w) => w.end > start);
  if (later && later.start > start) start = later.start;
  const closing = later && later.start <= start ? later.end : MINUTES_PER_DAY;
  const end = Math.min(start + 60, closing > start ? closing : MINUTES_PER_DAY);
  return { start: formatTimeOfDay(start), end: toInputEnd(formatTimeOfDay(end)) };
}

/** The slot lengths to offer: the usual ones and, if different, the one stored. */
export function slotLengthOptions(current: number | null): number[] {
  const { min, max } = SCHEDULING_LIMITS.slotMinutes;
  const options = SLOT_LENGTHS.filter((m) => m >= min && m <= max);
  if (current !== null && !options.includes(current)) {
    options.push(current);
    options.sort((a, b) => a - b);
  }
  return options;
}

/** Copies of one day's rows for other days, leaving the source untouched. */
export function copyDay(week: WeekRows, from: number, to: readonly number[]): WeekRows {
  return week.map((rows, day) => (to.includes(day) && day !== from ? week[from].map((r) => ({ ...r })) : rows));
}

/** The hours form's value. slotMinutes 0 is "the clinic's default" (mat-select cannot select null). */
export interface HoursFormValue {
  slotMinutes: number;
  autoApprove: boolean;
  days: WeekRows;
}

export interface AvailabilityInput {
  slotMinutes: number | null;
  autoApprove: boolean;
  weekly: WeeklyWindow[];
}

export function toHoursForm(availability: AvailabilityInput): HoursFormValue {
  return {
    slotMinutes: availability.slotMinutes ?? 0,
    autoApprove: availability.autoApprove,
    days: groupWeekly(availability.weekly),
  };
}

/** The PUT body for the form, and the row each of its windows came from (for errors like `weekly.3`). */
export function toAvailabilityRequest(value: HoursFormValue): { body: AvailabilityInput; positions: RowPosition[] } {
  const { weekly, positions } = flattenWeek(value.days);
  return { body: { slotMinutes: value.slotMinutes || null, autoApprove: value.autoApprove, weekly }, positions };
}
