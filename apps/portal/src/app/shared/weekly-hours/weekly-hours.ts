import {
  MINUTES_PER_DAY,
  WEEKDAY_NAMES,
  type WeeklyWindow,
  formatTimeOfDay,
  parseTimeOfDay,
  windowProblems,
  windowsOutside,
} from '@carebook/shared';
import { sentence } from '../../core/api-error';
import { formatClock } from '../clinic-time';

/**
 * Weekly hours as a form edits them: one list of rows per weekday (index 0 = Monday … 6 = Sunday), where
 * the API takes one flat list of windows. These functions translate between the two and judge the rows
 * exactly as the API does (windowProblems, windowsOutside from @carebook/shared). The clinic's working
 * hours and a doctor's hours are both edited this way.
 */

/** One row as the form holds it: two times of day as the API takes them ("HH:mm", "24:00" for midnight), or text typed that is not one. */
export interface TimeRange {
  start: string;
  end: string;
}

export type WeekRows = TimeRange[][];

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** The API's windows as rows per weekday, each day in time order. */
export function groupWeekly(weekly: readonly WeeklyWindow[]): WeekRows {
  const week: WeekRows = WEEKDAYS.map(() => []);
  const sorted = [...weekly].sort(
    (a, b) => a.weekday - b.weekday || (parseTimeOfDay(a.start) ?? 0) - (parseTimeOfDay(b.start) ?? 0),
  );
  for (const { weekday, start, end } of sorted) {
    week[weekday - 1]?.push({ start, end });
  }
  return week;
}

/** The rows as the API's flat list, in form order (the order the server's error indices refer to). */
export function flattenWeek(week: readonly (readonly TimeRange[])[]): WeeklyWindow[] {
  return week.flatMap((rows, day) => rows.map(({ start, end }) => ({ weekday: day + 1, start, end })));
}

/**
 * API field → form control path, for the server's errors on a list flattened from these rows: with
 * `apiField` "weekly", `weekly.3` is the fourth window sent, which lives at `<formPath>.<day>.<row>`.
 */
export function weeklyFieldMap(week: readonly (readonly TimeRange[])[], apiField: string, formPath: string): Record<string, string> {
  const map: Record<string, string> = {};
  let sent = 0;
  week.forEach((rows, day) =>
    rows.forEach((_, row) => {
      const path = `${formPath}.${day}.${row}`;
      map[`${apiField}.${sent}`] = path;
      map[`${apiField}.${sent}.weekday`] = path;
      map[`${apiField}.${sent}.start`] = `${path}.start`;
      map[`${apiField}.${sent}.end`] = `${path}.end`;
      sent++;
    }),
  );
  return map;
}

function hoursOf(clinicHours: readonly WeeklyWindow[], weekday: number): WeeklyWindow[] {
  return clinicHours
    .filter((w) => w.weekday === weekday)
    .sort((a, b) => (parseTimeOfDay(a.start) ?? 0) - (parseTimeOfDay(b.start) ?? 0));
}

/** "08:00–12:00, 13:00–18:00", or "Closed". */
export function describeWindows(windows: readonly TimeRange[]): string {
  return windows.length === 0 ? 'Closed' : windows.map((w) => `${formatClock(w.start)}–${formatClock(w.end)}`).join(', ');
}

/** "Clinic open 08:00–18:00", "Clinic open 08:00–12:00, 13:00–18:00" or "Clinic closed". */
export function clinicHoursLabel(clinicHours: readonly WeeklyWindow[], weekday: number): string {
  const open = hoursOf(clinicHours, weekday);
  return open.length === 0 ? 'Clinic closed' : `Clinic open ${describeWindows(open)}`;
}

/** The shared validator's wording as a line under a row; an overlap names the other window of the same day. */
function rowMessage(message: string, range: TimeRange): string {
  if (message.startsWith('start must')) {
    return range.start.trim() === '' ? 'Enter a start time' : `Enter the start as a time, such as ${formatClock('09:00')}`;
  }
  if (message.startsWith('end must be a time')) {
    return range.end.trim() === '' ? 'Enter an end time' : `Enter the end as a time, such as ${formatClock('17:00')}`;
  }
  if (message === 'end must be after start') return 'The end must be after the start';
  if (message.startsWith('overlaps ')) {
    // The shared validator names the other window in HH:mm; the row says it on the clinic's clock.
    const other = message.slice('overlaps '.length).replace(/ on \w+$/, '');
    return `Overlaps ${other.replace(/\b\d{2}:\d{2}\b/g, (time) => formatClock(time))}`;
  }
  return sentence(message);
}

/**
 * The first problem of each row (null when fine), shaped like the week: malformed or reversed times and
 * overlaps first, then (when the clinic's hours are given) windows outside them for that weekday.
 */
export function rowProblems(week: readonly (readonly TimeRange[])[], clinicHours: readonly WeeklyWindow[] | null = null): (string | null)[][] {
  const weekly = flattenWeek(week);
  const positions = week.flatMap((rows, day) => rows.map((_, row) => ({ day, row })));
  const result = week.map((rows) => rows.map((): string | null => null));
  const set = (index: number, message: string) => {
    const { day, row } = positions[index];
    result[day][row] ??= message;
  };
  for (const problem of windowProblems(weekly)) {
    set(problem.index, rowMessage(problem.message, weekly[problem.index]));
  }
  if (clinicHours === null) return result;
  for (const index of windowsOutside(weekly, clinicHours)) {
    const open = hoursOf(clinicHours, weekly[index].weekday);
    set(
      index,
      open.length === 0
        ? `The clinic is closed on ${WEEKDAY_NAMES[weekly[index].weekday - 1]}s`
        : `Outside the clinic’s hours (${describeWindows(open)})`,
    );
  }
  return result;
}

/** Minutes a week the rows cover, overlapping rows counted once and unreadable rows not at all. */
export function weeklyMinutes(week: WeekRows): number {
  return week.reduce((total, rows) => {
    const ranges = rows
      .map((range) => ({ start: parseTimeOfDay(range.start), end: parseTimeOfDay(range.end) }))
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
 * A new row for a day: 09:00–17:00 on an empty day (within the clinic's hours, when given); otherwise an
 * hour starting at the next full hour after the day's last row ends (so a break is left), kept inside the
 * clinic's hours where they allow.
 */
export function suggestWindow(rows: readonly TimeRange[], clinicHours: readonly WeeklyWindow[] | null, weekday: number): TimeRange {
  const open = hoursOf(clinicHours ?? [], weekday)
    .map((w) => ({ start: parseTimeOfDay(w.start) ?? 0, end: parseTimeOfDay(w.end) ?? MINUTES_PER_DAY }))
    .filter((w) => w.start < w.end);
  const ends = rows.map((r) => parseTimeOfDay(r.end)).filter((end): end is number => end !== null);
  if (ends.length === 0) {
    const first = open[0] ?? { start: 9 * 60, end: 17 * 60 };
    const start = Math.max(first.start, 9 * 60) < first.end ? Math.max(first.start, 9 * 60) : first.start;
    const end = Math.min(first.end, 17 * 60) > start ? Math.min(first.end, 17 * 60) : first.end;
    return { start: formatTimeOfDay(start), end: formatTimeOfDay(end) };
  }
  const lastEnd = Math.max(...ends);
  let start = Math.min((Math.floor(lastEnd / 60) + 1) * 60, MINUTES_PER_DAY - 60);
  // Prefer a start inside a later clinic window (after a clinic lunch break, say).
  const later = open.find((w) => w.end > start);
  if (later && later.start > start) start = later.start;
  const closing = later && later.start <= start ? later.end : MINUTES_PER_DAY;
  const end = Math.min(start + 60, closing > start ? closing : MINUTES_PER_DAY);
  return { start: formatTimeOfDay(start), end: formatTimeOfDay(end) };
}

/** Copies of one day's rows for other days, leaving the source untouched. */
export function copyDay(week: WeekRows, from: number, to: readonly number[]): WeekRows {
  return week.map((rows, day) => (to.includes(day) && day !== from ? week[from].map((r) => ({ ...r })) : rows));
}

/** The words a clock writes after (or before) a 12-hour time: "AM" / "PM" in English, the locale's own elsewhere. */
export interface DayPeriods {
  am: string;
  pm: string;
}

const ENGLISH_PERIODS: DayPeriods = { am: 'AM', pm: 'PM' };

/** AM/PM words, lower case and without dots or spaces ("a.m." → "am"), so "9 a.m.", "9am" and "9 AM" read alike. */
function periodKey(text: string): string {
  return text.toLowerCase().replace(/[.\s]/g, '');
}

/**
 * A time of day as someone types it, on either clock, as minutes since midnight (0–1440): "9", "0930", "9:30",
 * "9.30" and "17:00" on the 24-hour clock; "9 am", "9:30pm", "12 AM" (midnight), "12:15 p.m." on the 12-hour clock,
 * in English or in the words of `periods` (the clinic locale's own, before or after the time); "24:00" for the
 * midnight that ends a day. Null for anything else. A time without AM/PM is read on the 24-hour clock, whatever
 * the clinic's clock: the field shows it back at once on the clinic's clock, so "5" becomes a visible "5:00 AM".
 */
export function readClockTime(text: string, periods: DayPeriods = ENGLISH_PERIODS): number | null {
  let rest = text.trim().replace(/\s+/g, ' ');
  let period: 'am' | 'pm' | null = null;
  const words: [string, 'am' | 'pm'][] = [
    [periodKey(periods.am), 'am'],
    [periodKey(periods.pm), 'pm'],
    ['am', 'am'],
    ['pm', 'pm'],
    ['a', 'am'],
    ['p', 'pm'],
  ];
  // The period is the letters (and dots) before the first digit or after the last one.
  const match = /^([^\d]*?)\s*(\d[\d:.h ]*\d|\d)\s*([^\d]*)$/.exec(rest);
  if (match === null) return null;
  const [, before, digits, after] = match;
  const said = periodKey(before) || periodKey(after);
  if (periodKey(before) && periodKey(after)) return null;
  if (said !== '') {
    const found = words.find(([word]) => word !== '' && word === said);
    if (!found) return null;
    period = found[1];
  }
  rest = digits;
  const time = /^(\d{1,2})(?:[:.h ]?(\d{2}))?$/.exec(rest);
  if (time === null) return null;
  let hours = Number(time[1]);
  const minutes = Number(time[2] ?? '0');
  if (minutes > 59) return null;
  if (period !== null) {
    if (hours < 1 || hours > 12) return null;
    hours = (hours % 12) + (period === 'pm' ? 12 : 0);
  }
  const total = hours * 60 + minutes;
  return total <= MINUTES_PER_DAY ? total : null;
}

/**
 * Friendlier time entry: "9" → "09:00", "930" / "9.30" / "9:30" → "09:30", "9:30 PM" → "21:30", "24" → "24:00".
 * Text that still isn't a time of day afterwards is returned unchanged, so validation can say what is wrong.
 * `edge` "end" reads a midnight as the one that ends the day ("12:00 AM" → "24:00"): no window ends at its start.
 */
export function normalizeTime(text: string, edge: 'start' | 'end' = 'start', periods: DayPeriods = ENGLISH_PERIODS): string {
  const trimmed = text.trim();
  const minutes = readClockTime(trimmed, periods);
  if (minutes === null) return trimmed;
  return formatTimeOfDay(edge === 'end' && minutes === 0 ? MINUTES_PER_DAY : minutes);
}

/** Parts of a day a doctor adds in one click. */
export const HOUR_PRESETS = [
  { key: 'morning', label: 'Morning', start: '09:00', end: '12:00' },
  { key: 'afternoon', label: 'Afternoon', start: '13:00', end: '17:00' },
  { key: 'evening', label: 'Evening', start: '17:00', end: '20:00' },
] as const;
export type HourPreset = (typeof HOUR_PRESETS)[number];

/**
 * A preset's window on one weekday, clipped to the clinic's opening hours when they are known (the longest part
 * of it inside one of the clinic's windows that day); null where none of it falls inside them.
 */
export function presetWindow(preset: TimeRange, clinicHours: readonly WeeklyWindow[] | null, weekday: number): TimeRange | null {
  if (clinicHours === null) return { start: preset.start, end: preset.end };
  const from = parseTimeOfDay(preset.start) ?? 0;
  const to = parseTimeOfDay(preset.end) ?? MINUTES_PER_DAY;
  let best: { start: number; end: number } | null = null;
  for (const open of hoursOf(clinicHours, weekday)) {
    const start = Math.max(from, parseTimeOfDay(open.start) ?? 0);
    const end = Math.min(to, parseTimeOfDay(open.end) ?? MINUTES_PER_DAY);
    if (end > start && (!best || end - start > best.end - best.start)) best = { start, end };
  }
  return best ? { start: formatTimeOfDay(best.start), end: formatTimeOfDay(best.end) } : null;
}

/** The rows with a new one put in its place by start time (rows that don't parse stay where they are, first). */
export function insertByStart(rows: readonly TimeRange[], range: TimeRange): TimeRange[] {
  const start = parseTimeOfDay(range.start) ?? 0;
  const at = rows.findIndex((row) => (parseTimeOfDay(row.start) ?? -1) > start);
  return at < 0 ? [...rows, range] : [...rows.slice(0, at), range, ...rows.slice(at)];
}
