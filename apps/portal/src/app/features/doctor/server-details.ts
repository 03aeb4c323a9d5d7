import { HttpErrorResponse } from '@angular/common/http';

export interface FieldDetail {
  field: string;
  message: string;
}

/**
 * The `details` of a failed call (400 field errors and 422 rule errors alike), or an empty list when
 * the failure carries none. core/api-error.ts only maps 400 details onto a form; these screens also
 * need the 422s of clinic rules and paths into lists such as `weekly.3`.
 */
export function serverDetails(failure: unknown): FieldDetail[] {
  const error = failure instanceof Error && failure.cause instanceof HttpErrorResponse ? failure.cause : failure;
  if (!(error instanceof HttpErrorResponse) || (error.status !== 400 && error.status !== 422)) {
    return [];
  }
  const body: unknown = error.error;
  if (body === null || typeof body !== 'object' || !('details' in body) || !Array.isArray(body.details)) {
    return [];
  }
  return (body.details as unknown[]).filter(
    (detail): detail is FieldDetail =>
      detail !== null &&
      typeof detail === 'object' &&
      typeof (detail as FieldDetail).field === 'string' &&
      typeof (detail as FieldDetail).message === 'string',
  );
}

/** "must be after startsAt" → "Must be after startsAt"; server messages are written to follow a field name. */
export function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}
