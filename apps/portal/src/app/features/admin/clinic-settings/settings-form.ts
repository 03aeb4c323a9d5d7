/**
 * The reactive form behind the clinic settings page, with validators that refuse what the API would
 * refuse (limits from SCHEDULING_LIMITS, windows through the weekly-hours week, timezones through
 * isValidTimeZone).
 */
import { AbstractControl, FormControl, FormGroup, NonNullableFormBuilder, ValidatorFn, Validators } from '@angular/forms';
import { SCHEDULING_LIMITS as L, isValidTimeZone, type HourCycle } from '@carebook/shared';
import { sentence } from '../../../core/api-error';
import { type WeekRows } from '../../../shared/weekly-hours/weekly-hours';
import { type WeekArray, setWeek, weekArray } from '../../../shared/weekly-hours/weekly-hours-form';
import { NoticeUnit, SettingsFormValue, noticeMinutes } from './settings-model';

export type SettingsForm = FormGroup<{
  clinicName: FormControl<string>;
  timezone: FormControl<string>;
  locale: FormControl<string>;
  hourCycle: FormControl<HourCycle>;
  workingHours: WeekArray;
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

const totalWindows: ValidatorFn = (control: AbstractControl) => {
  const count = (control.value as WeekRows).reduce((sum, day) => sum + day.length, 0);
  return count > L.weeklyWindows.maxCount ? { tooManyWindows: true } : null;
};

export function buildSettingsForm(fb: NonNullableFormBuilder): SettingsForm {
  const form: SettingsForm = fb.group({
    clinicName: ['', clinicName],
    timezone: ['', timezone],
    locale: ['en-GB', required],
    hourCycle: fb.control<HourCycle>('h23'),
    workingHours: weekArray(fb, () => null, [totalWindows]),
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
  setWeek(fb, form.controls.workingHours, value.workingHours);
  form.reset(value);
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
