import { HttpErrorResponse } from '@angular/common/http';
import { AbstractControl, FormGroup } from '@angular/forms';

/** One problem the server pinned on a field of the request (`email`, `weekly.3.start`). */
export interface FieldDetail {
  field: string;
  message: string;
}

/** The error body every API endpoint answers with. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: FieldDetail[];
}

/**
 * The error's JSON body. Calls that answer nothing on success (204) are made with `responseType: 'text'`, so
 * their error bodies arrive as text and are parsed here.
 */
function errorBody(error: HttpErrorResponse): Partial<ApiErrorBody> {
  let body: unknown = error.error;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return {};
    }
  }
  return body !== null && typeof body === 'object' ? body : {};
}

/** "Too many attempts" with the wait the server asked for, rounded up to whole minutes. */
export function tooManyAttemptsMessage(error: HttpErrorResponse): string {
  const seconds = Number(error.headers.get('Retry-After'));
  if (!Number.isFinite(seconds) || seconds <= 0) {
    return 'Too many attempts, try again later';
  }
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `Too many attempts, try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

/** Resources wrap errors that are not `Error` instances (as HttpErrorResponse is not) in `cause`. */
function unwrap(error: unknown): unknown {
  if (error instanceof Error && error.cause instanceof HttpErrorResponse) {
    return error.cause;
  }
  return error;
}

/** A sentence a person can act on, for any failed call. */
export function describeError(failure: unknown): string {
  const error = unwrap(failure);
  if (!(error instanceof HttpErrorResponse)) {
    return 'Something went wrong. Please try again.';
  }
  if (error.status === 0) {
    return 'Cannot reach the clinic server. Check your connection and try again.';
  }
  if (error.status === 429) {
    return tooManyAttemptsMessage(error);
  }
  const message = errorBody(error).message;
  if (typeof message === 'string' && message.length > 0 && error.status < 500) {
    return message;
  }
  return 'Something went wrong on our side. Please try again.';
}

/**
 * Statuses whose `details` name the fields at fault: invalid input, a clash (a date already taken), a file
 * too large or of a refused type, a broken rule.
 */
const FIELD_STATUSES = new Set([400, 409, 413, 415, 422]);

function isFieldDetail(detail: unknown): detail is FieldDetail {
  return (
    detail !== null &&
    typeof detail === 'object' &&
    typeof (detail as FieldDetail).field === 'string' &&
    typeof (detail as FieldDetail).message === 'string'
  );
}

/**
 * The problems a failed call pins on fields: the `details` of a 400 (invalid input), a 422 (a clinic
 * rule, such as `weekly.2` outside the clinic's hours) or a 409 that names a field. Empty for any other
 * failure, or when the body carries none.
 */
export function serverDetails(failure: unknown): FieldDetail[] {
  const error = unwrap(failure);
  if (!(error instanceof HttpErrorResponse) || !FIELD_STATUSES.has(error.status)) {
    return [];
  }
  const details: unknown = errorBody(error).details;
  return Array.isArray(details) ? details.filter(isFieldDetail) : [];
}

/** "must be after startsAt" → "Must be after startsAt"; server messages are written to follow a field name. */
export function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/**
 * Puts each server field error (see serverDetails) on the matching control (as `server`) and answers
 * the message to show for the form as a whole: field errors without a matching control, or the
 * error's own message. A conflict (409) shows its own message for the form as well, as it says more
 * than the field's ("An account with this email already exists" over "is already registered").
 * `fieldMap` renames API fields to control paths where they differ.
 */
export function applyServerErrors(
  form: FormGroup,
  error: unknown,
  fieldMap: Record<string, string> = {},
): string | null {
  const details = serverDetails(error);
  const unmatched: string[] = [];
  for (const detail of details) {
    const control: AbstractControl | null = form.get(fieldMap[detail.field] ?? detail.field);
    if (control) {
      control.setErrors({ ...control.errors, server: detail.message });
      control.markAsTouched();
    } else {
      unmatched.push(detail.message);
    }
  }
  const cause = unwrap(error);
  if (cause instanceof HttpErrorResponse && cause.status === 409) {
    return describeError(error);
  }
  if (unmatched.length > 0) {
    return unmatched.join(' ');
  }
  return details.length > 0 ? null : describeError(error);
}
