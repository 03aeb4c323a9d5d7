import { AbstractControl, ValidationErrors, ValidatorFn, Validators } from '@angular/forms';
import { birthDateRangeProblem, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordLengthProblem } from '@carebook/shared';

// The API's own patterns, so a form refuses exactly what the server would.
export const PHONE_PATTERN = /^\+?[0-9 ()-]{6,20}$/;
export const LICENSE_PATTERN = /^[A-Za-z0-9 ./-]{3,40}$/;

export const FULL_NAME_MIN = 2;
export const FULL_NAME_MAX = 120;

export const PASSWORD_HINT = `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters. A long phrase is easiest to remember.`;

/** The API's length rule, counted in characters as the API counts them. */
export const passwordLength: ValidatorFn = (control: AbstractControl<string | null>): ValidationErrors | null => {
  const value = control.value ?? '';
  if (value === '') {
    return null;
  }
  const problem = passwordLengthProblem(value);
  return problem ? { password: problem } : null;
};

// Wrapped so the static validators are never used unbound.
export const required: ValidatorFn = (control) => Validators.required(control);
export const email: ValidatorFn = (control) => Validators.email(control);

export const passwordValidators: ValidatorFn[] = [required, passwordLength];

/** The same value as another control (a password typed twice); revalidate it when the other changes. */
export function sameAs(other: AbstractControl<string>): ValidatorFn {
  return (control: AbstractControl<string | null>): ValidationErrors | null =>
    control.value && control.value !== other.value ? { mismatch: true } : null;
}

/**
 * The API's date-of-birth rule (not in the future, within the oldest age a booking records) on `today()`, the
 * clinic's date as the API judges it; an empty value passes, the date being optional.
 */
export function dateOfBirthValidator(today: () => string): ValidatorFn {
  return (control: AbstractControl<string | null>): ValidationErrors | null => {
    const value = control.value ?? '';
    const problem = value === '' ? null : birthDateRangeProblem(value, today());
    return problem ? { dateOfBirth: problem } : null;
  };
}

/** Trimmed length like the API judges it. */
export const fullNameValidators: ValidatorFn[] = [
  required,
  (control: AbstractControl<string | null>): ValidationErrors | null => {
    const length = (control.value ?? '').trim().length;
    if (length === 0) {
      return { required: true };
    }
    return length < FULL_NAME_MIN || length > FULL_NAME_MAX ? { fullName: true } : null;
  },
];

/** The first problem of a control as a sentence; templates show it in <mat-error>. */
export function problemOf(control: AbstractControl, label: string): string {
  const errors = control.errors ?? {};
  if (typeof errors['server'] === 'string') {
    return errors['server'];
  }
  if (errors['required']) {
    return `${label} is required`;
  }
  if (errors['email']) {
    return 'Enter a valid email address';
  }
  if (errors['password'] === 'too-short') {
    return `Use at least ${PASSWORD_MIN_LENGTH} characters`;
  }
  if (errors['password'] === 'too-long') {
    return `Use at most ${PASSWORD_MAX_LENGTH} characters`;
  }
  if (errors['mismatch']) {
    return 'The passwords do not match';
  }
  if (typeof errors['dateOfBirth'] === 'string') {
    return `${label} ${errors['dateOfBirth']}`;
  }
  if (errors['fullName']) {
    return `Use ${FULL_NAME_MIN} to ${FULL_NAME_MAX} characters`;
  }
  if (errors['maxlength']) {
    return `Use at most ${(errors['maxlength'] as { requiredLength: number }).requiredLength} characters`;
  }
  if (errors['pattern']) {
    const pattern = (errors['pattern'] as { requiredPattern: string }).requiredPattern;
    if (pattern === String(PHONE_PATTERN)) {
      return 'Enter a phone number: digits, spaces, ( ) and -, optionally starting with +';
    }
    if (pattern === String(LICENSE_PATTERN)) {
      return 'Use 3–40 letters, digits, spaces, dots, slashes or dashes';
    }
    return `${label} is not in the expected format`;
  }
  return `${label} is not valid`;
}
