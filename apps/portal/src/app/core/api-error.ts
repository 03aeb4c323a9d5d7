import { HttpErrorResponse } from '@angular/common/http';
import { AbstractControl, FormGroup } from '@angular/forms';

/** The error body every API endpoint answers with. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: { field: string; message: string }[];
}

function errorBody(error: HttpErrorResponse): Partial<ApiErrorBody> {
  const body: unknown = error.error;
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
 * Puts each server field error on the matching control (as `server`) and answers the message to show
 * for the form as a whole: field errors without a matching control, or the error's own message.
 * `fieldMap` renames API fields to control paths where they differ.
 */
export function applyServerErrors(
  form: FormGroup,
  error: unknown,
  fieldMap: Record<string, string> = {},
): string | null {
  if (!(error instanceof HttpErrorResponse)) {
    return describeError(error);
  }
  const details = error.status === 400 ? (errorBody(error).details ?? []) : [];
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
  if (details.length > 0) {
    return unmatched.length > 0 ? unmatched.join(' ') : null;
  }
  return describeError(error);
}
