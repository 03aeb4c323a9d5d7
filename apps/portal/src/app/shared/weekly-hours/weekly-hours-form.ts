import { AbstractControl, FormArray, FormControl, FormGroup, NonNullableFormBuilder, ValidatorFn } from '@angular/forms';
import type { WeeklyWindow } from '@carebook/shared';
import { sentence } from '../../core/api-error';
import { type TimeRange, type WeekRows, WEEKDAYS, rowProblems } from './weekly-hours';

/** One row of a day: its start and end as typed. */
export type WindowGroup = FormGroup<{ start: FormControl<string>; end: FormControl<string> }>;
type DayArray = FormArray<WindowGroup>;
/** Seven day arrays, Monday first. */
export type WeekArray = FormArray<DayArray>;

/**
 * The rows of the whole week judged together as the API judges them (overlaps, and the clinic's hours
 * when given); the problems are kept in the error, shaped like the week.
 */
function weekProblems(clinicHours: () => readonly WeeklyWindow[] | null): ValidatorFn {
  return (control: AbstractControl) => {
    const problems = rowProblems(control.value as WeekRows, clinicHours());
    return problems.some((day) => day.some((problem) => problem !== null)) ? { rows: problems } : null;
  };
}

export function windowGroup(fb: NonNullableFormBuilder, range: TimeRange): WindowGroup {
  return fb.group({ start: [range.start], end: [range.end] });
}

/**
 * An empty week. `clinicHours` (read on every check) makes windows outside them problems too; a form
 * whose clinic hours change calls `updateValueAndValidity` on the week.
 */
export function weekArray(
  fb: NonNullableFormBuilder,
  clinicHours: () => readonly WeeklyWindow[] | null = () => null,
  validators: ValidatorFn[] = [],
): WeekArray {
  return fb.array(
    WEEKDAYS.map(() => fb.array<WindowGroup>([])),
    [weekProblems(clinicHours), ...validators],
  );
}

/** Puts rows into the week, rebuilding each day's list (without marking anything dirty). */
export function setWeek(fb: NonNullableFormBuilder, week: WeekArray, rows: WeekRows): void {
  rows.forEach((ranges, day) => {
    const array = week.at(day);
    array.clear({ emitEvent: false });
    ranges.forEach((range) => array.push(windowGroup(fb, range), { emitEvent: false }));
  });
  week.updateValueAndValidity();
}

/** What is wrong with one row, as sentences: the live check first, then anything the server said of it. */
export function rowMessages(week: WeekArray, day: number, row: number): string[] {
  const local = (week.errors?.['rows'] as (string | null)[][] | undefined)?.[day]?.[row];
  const group = week.at(day).at(row);
  const server = [group, group.controls.start, group.controls.end]
    .map((control) => control.errors?.['server'] as string | undefined)
    .filter((message): message is string => typeof message === 'string')
    .map(sentence);
  return local ? [local, ...server] : server;
}

/** Rows with a problem, counted across the week. */
export function problemRowCount(week: WeekArray): number {
  return week.controls.reduce((count, day, d) => count + day.controls.filter((_, r) => rowMessages(week, d, r).length > 0).length, 0);
}
