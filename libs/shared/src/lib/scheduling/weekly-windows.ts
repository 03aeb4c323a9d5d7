import { MINUTES_PER_DAY, formatTimeOfDay, parseTimeOfDay } from './time-of-day';

/**
 * A window of one weekday in the clinic's timezone. weekday: ISO 1=Monday..7=Sunday;
 * start "HH:mm" (00:00–23:59); end "HH:mm" or "24:00"; end after start.
 */
export interface WeeklyWindow {
  weekday: number;
  start: string;
  end: string;
}

/** English weekday names, index weekday-1 (ISO numbering, Monday first). */
export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export interface WindowProblem {
  /** Index of the offending window in the array that was checked. */
  index: number;
  message: string;
}

/** Half-open [start, end) in minutes since local midnight (0–1440). */
export interface MinuteRange {
  start: number;
  end: number;
}

/** A window with its times parsed, or null if it has any problem other than an overlap. */
function parseWindow(window: WeeklyWindow): MinuteRange | null {
  if (!isWeekday(window.weekday)) return null;
  const start = parseTimeOfDay(window.start);
  const end = parseTimeOfDay(window.end);
  if (start === null || end === null || start >= end) return null;
  return { start, end };
}

function isWeekday(weekday: number): boolean {
  return Number.isInteger(weekday) && weekday >= 1 && weekday <= 7;
}

function describe(range: MinuteRange, weekday: number): string {
  return `${formatTimeOfDay(range.start)}–${formatTimeOfDay(range.end)} on ${WEEKDAY_NAMES[weekday - 1]}`;
}

/**
 * Everything wrong with a list of weekly windows, in index order, so the API and the portal's form
 * reject exactly the same input. A window may get several format problems (weekday, start, end);
 * "end not after start" and overlaps are only judged once its fields are well-formed.
 * Of two overlapping windows the later one in the list is reported, naming the earlier one, so the
 * row a user just added is the one flagged. Touching windows (12:00 end, 12:00 start) don't overlap.
 */
export function windowProblems(windows: readonly WeeklyWindow[]): WindowProblem[] {
  const problems: WindowProblem[] = [];
  const accepted: { weekday: number; range: MinuteRange }[] = [];
  windows.forEach((window, index) => {
    const start = parseTimeOfDay(window.start);
    const end = parseTimeOfDay(window.end);
    let wellFormed = true;
    if (!isWeekday(window.weekday)) {
      problems.push({ index, message: 'weekday must be a whole number from 1 (Monday) to 7 (Sunday)' });
      wellFormed = false;
    }
    if (start === null || start === MINUTES_PER_DAY) {
      problems.push({ index, message: 'start must be a time from 00:00 to 23:59 (HH:mm)' });
      wellFormed = false;
    }
    if (end === null) {
      problems.push({ index, message: 'end must be a time from 00:00 to 24:00 (HH:mm)' });
      wellFormed = false;
    }
    if (!wellFormed || start === null || end === null) return;
    if (end <= start) {
      problems.push({ index, message: 'end must be after start' });
      return;
    }
    const range = { start, end };
    const clash = accepted.find((other) => other.weekday === window.weekday && overlaps(other.range, range));
    if (clash) {
      problems.push({ index, message: `overlaps ${describe(clash.range, clash.weekday)}` });
    }
    accepted.push({ weekday: window.weekday, range });
  });
  return problems;
}

function overlaps(a: MinuteRange, b: MinuteRange): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Indices of `inner` windows not fully covered by the union of `outer` windows of the same weekday
 * ("doctor hours must lie within clinic hours"). Adjacent outer windows (09:00–12:00, 12:00–17:00)
 * cover across their join. Malformed windows are left to windowProblems: malformed inner windows
 * are not reported here and malformed outer windows cover nothing.
 */
export function windowsOutside(inner: readonly WeeklyWindow[], outer: readonly WeeklyWindow[]): number[] {
  const outerByWeekday = rangesByWeekday(outer);
  const outside: number[] = [];
  inner.forEach((window, index) => {
    const range = parseWindow(window);
    if (range === null) return;
    const covering = outerByWeekday[window.weekday - 1];
    if (!covering.some((o) => o.start <= range.start && range.end <= o.end)) outside.push(index);
  });
  return outside;
}

/**
 * Well-formed windows grouped by weekday (index weekday-1), each day's ranges sorted and merged into
 * a disjoint union. Malformed windows are skipped: callers validate with windowProblems first.
 */
export function rangesByWeekday(windows: readonly WeeklyWindow[]): MinuteRange[][] {
  const byWeekday: MinuteRange[][] = [[], [], [], [], [], [], []];
  for (const window of windows) {
    const range = parseWindow(window);
    if (range !== null) byWeekday[window.weekday - 1].push(range);
  }
  return byWeekday.map(mergeRanges);
}

/**
 * Sorted disjoint union of ranges. Touching ranges are joined too, so a slot may run across the
 * join of 09:00–12:00 and 12:00–13:00.
 */
export function mergeRanges(ranges: readonly MinuteRange[]): MinuteRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const merged: MinuteRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && range.start <= last.end) {
      last.end = Math.max(last.end, range.end);
    } else {
      merged.push({ start: range.start, end: range.end });
    }
  }
  return merged;
}

/** Intersection of two sorted disjoint range lists (as produced by mergeRanges). */
export function intersectRanges(a: readonly MinuteRange[], b: readonly MinuteRange[]): MinuteRange[] {
  const result: MinuteRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i].start, b[j].start);
    const end = Math.min(a[i].end, b[j].end);
    if (start < end) result.push({ start, end });
    if (a[i].end < b[j].end) i++;
    else j++;
  }
  return result;
}
