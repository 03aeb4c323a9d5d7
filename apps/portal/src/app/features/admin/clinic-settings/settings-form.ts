/**
 * The reactive form behind the clinic settings page, with validators that refuse what the API would
 * refuse (limits from SCHEDULING_LIMITS, windows through windowProblems, timezones through
 * isValidTimeZone).
 */
import {
  AbstractControl,
  FormArray,
  FormControl,
  FormGroup,
  NonNullableFormBuilder,
  ValidatorFn,
  Validators,
} from '@angular/forms';
import { ErrorStateMatcher } from '@angular/material/core';
import { SCHEDULING_LIMITS as L, type WindowProblem, isValidTimeZone, windowProblems } from '@carebook/shared';
import { sentence } from '../../../core/api-error';
import { NoticeUnit, SettingsFormValue, WindowValue, noticeMinutes } from './settings-model';

export type WindowGroup = FormGroup<{ start: FormControl<string>; end: FormControl<string> }>;
export type DayArray = FormArray<WindowGroup>;

export type SettingsForm = FormGroup<{
  clinicName: FormControl<string>;
  timezone: FormControl<string>;
  workingHours: FormArray<DayArray>;
  slotMinutes: FormControl<number | null>;
  minNotice: FormGroup<{ amount: FormControl<number | null>; unit: FormControl<NoticeUnit> }>;
  bookingHorizonDays: FormControl<number | null>;
  cancellationWindowHours: FormControl<number | null>;
  pendingExpiryHours: FormControl<number | null>;
  reminderOffsetsMinutes: FormControl<number[]>;
}>;

export const CLINIC_NAME_MAX = 120;

const required: ValidatorFn = (control) => Validators.required(control);

const wholeNumber: ValidatorFn = (control: AbstractControl<number | null>) =>
  control.value === null || Number.isInteger(control.value) ? null : { wholeNumber: true };

function range(min: number, max: number): ValidatorFn[] {
  return [required, wholeNumber, Validators.min(min), Validators.max(max)];
}

const multipleOf5: ValidatorFn = (control: AbstractControl<number | null>) =>
  control.value === null || control.value % 5 === 0 ? null : { multipleOf: 5 };

const clinicName: ValidatorFn = (control: AbstractControl<string>) => {
  const length = control.value.trim().length;
  if (length === 0) return { required: true };
  return length > CLINIC_NAME_MAX ? { maxlength: { requiredLength: CLINIC_NAME_MAX } } : null;
};

const timezone: ValidatorFn = (control: AbstractControl<string>) => {
  const value = control.value.trim();
  if (value === '') return { required: true };
  return isValidTimeZone(value) ? null : { timezone: true };
};

/** Minimum notice in its unit must come to whole minutes within the API's range. */
const notice: ValidatorFn = (control: AbstractControl<number | null>) => {
  const unit = (control.parent?.get('unit')?.value as NoticeUnit | undefined) ?? 'minutes';
  if (control.value === null) return { required: true };
  const minutes = noticeMinutes(control.value, unit);
  if (minutes === null) return { wholeMinutes: true };
  return minutes < L.minNoticeMinutes.min || minutes > L.minNoticeMinutes.max ? { noticeRange: true } : null;
};

const reminders: ValidatorFn = (control: AbstractControl<number[]>) =>
  control.value.length > L.reminderOffsetsMinutes.maxCount ? { tooMany: true } : null;

/** A day's windows checked together as the API checks them; problems are keyed by window index. */
function dayWindows(weekday: number): ValidatorFn {
  return (control: AbstractControl) => {
    const windows = (control.value as WindowValue[]).map(({ start, end }) => ({ weekday, start, end }));
    const problems = windowProblems(windows);
    return problems.length > 0 ? { windows: problems } : null;
  };
}

const totalWindows: ValidatorFn = (control: AbstractControl) => {
  const count = (control.value as WindowValue[][]).reduce((sum, day) => sum + day.length, 0);
  return count > L.weeklyWindows.maxCount ? { tooManyWindows: true } : null;
};

export function windowGroup(fb: NonNullableFormBuilder, window: WindowValue): WindowGroup {
  return fb.group({ start: [window.start], end: [window.end] });
}

export function dayArray(fb: NonNullableFormBuilder, weekday: number, windows: readonly WindowValue[]): DayArray {
  return fb.array(
    windows.map((w) => windowGroup(fb, w)),
    dayWindows(weekday),
  );
}

export function buildSettingsForm(fb: NonNullableFormBuilder): SettingsForm {
  const form: SettingsForm = fb.group({
    clinicName: ['', clinicName],
    timezone: ['', timezone],
    workingHours: fb.array(
      Array.from({ length: 7 }, (_, i) => dayArray(fb, i + 1, [])),
      totalWindows,
    ),
    slotMinutes: fb.control<number | null>(null, [...range(L.slotMinutes.min, L.slotMinutes.max), multipleOf5]),
    minNotice: fb.group({
      amount: fb.control<number | null>(null, notice),
      unit: fb.control<NoticeUnit>('minutes'),
    }),
    bookingHorizonDays: fb.control<number | null>(null, range(L.bookingHorizonDays.min, L.bookingHorizonDays.max)),
    cancellationWindowHours: fb.control<number | null>(
      null,
      range(L.cancellationWindowHours.min, L.cancellationWindowHours.max),
    ),
    pendingExpiryHours: fb.control<number | null>(null, range(L.pendingExpiryHours.min, L.pendingExpiryHours.max)),
    reminderOffsetsMinutes: fb.control<number[]>([], reminders),
  });
  // The amount is judged in its unit, so a new unit re-judges it.
  form.controls.minNotice.controls.unit.valueChanges.subscribe(() =>
    form.controls.minNotice.controls.amount.updateValueAndValidity(),
  );
  return form;
}

/** Puts a value into the form, rebuilding the per-day window lists to the right length. */
export function setFormValue(fb: NonNullableFormBuilder, form: SettingsForm, value: SettingsFormValue): void {
  const days = form.controls.workingHours;
  value.workingHours.forEach((windows, i) => {
    const day = days.at(i);
    while (day.length > windows.length) day.removeAt(day.length - 1, { emitEvent: false });
    while (day.length < windows.length) day.push(windowGroup(fb, windows[day.length]), { emitEvent: false });
  });
  form.reset(value);
}

/** Problems of one window in its day, as sentences (local checks and server errors). */
export function windowMessages(day: DayArray, index: number): string[] {
  const local = ((day.errors?.['windows'] as WindowProblem[] | undefined) ?? [])
    .filter((p) => p.index === index)
    .map((p) => sentence(p.message));
  const row = day.at(index);
  const server = [row, row.controls.start, row.controls.end]
    .map((control) => control.errors?.['server'] as string | undefined)
    .filter((message): message is string => typeof message === 'string')
    .map(sentence);
  return [...local, ...server];
}

/**
 * Shows a window's start and end in error whenever its row has a problem, once the row has been
 * touched (or the form submitted); the problem itself is a message on the row.
 */
export class WindowErrorMatcher implements ErrorStateMatcher {
  isErrorState(control: AbstractControl | null): boolean {
    const row = control?.parent;
    const day = row?.parent;
    if (!row || !(day instanceof FormArray)) return false;
    if (!row.touched && !row.errors?.['server'] && !control?.errors?.['server']) return false;
    return windowMessages(day as DayArray, day.controls.indexOf(row)).length > 0;
  }
}

/** The first problem of a number field as a sentence. */
export function numberProblem(control: AbstractControl, unit: string): string | null {
  const errors = control.errors;
  if (!errors) return null;
  if (typeof errors['server'] === 'string') return sentence(errors['server']);
  if (errors['required']) return 'Enter a number';
  if (errors['wholeNumber']) return 'Use a whole number';
  if (errors['multipleOf']) return `Use a multiple of ${String(errors['multipleOf'])} ${unit}`;
  const min = errors['min'] as { min: number } | undefined;
  const max = errors['max'] as { max: number } | undefined;
  if (min) return `Use at least ${min.min} ${unit}`;
  if (max) return `Use at most ${max.max} ${unit}`;
  return 'This value is not allowed';
}

export function noticeProblem(control: AbstractControl): string | null {
  const errors = control.errors;
  if (!errors) return null;
  if (typeof errors['server'] === 'string') return sentence(errors['server']);
  if (errors['required']) return 'Enter a number';
  if (errors['wholeMinutes']) return 'Use a whole number of minutes';
  return `Use 0 to ${L.minNoticeMinutes.max / 60} hours (${L.minNoticeMinutes.max} minutes)`;
}

export function textProblem(control: AbstractControl, label: string): string | null {
  const errors = control.errors;
  if (!errors) return null;
  if (typeof errors['server'] === 'string') return sentence(errors['server']);
  if (errors['required']) return `${label} is required`;
  if (errors['timezone']) return 'Choose a timezone from the list, such as Europe/London';
  if (errors['maxlength']) return `Use at most ${(errors['maxlength'] as { requiredLength: number }).requiredLength} characters`;
  return `${label} is not valid`;
}
