import { HttpException, HttpStatus } from '@nestjs/common';
import type { FieldError } from './dto/error-response.dto';

/** 429 that also tells the client when to try again (sent as Retry-After by the filter). */
export class TooManyAttemptsException extends HttpException {
  constructor(readonly retryAfterSeconds: number, message = 'Too many attempts; try again later') {
    super(message, HttpStatus.TOO_MANY_REQUESTS);
  }
}

/** A 4xx whose problem belongs to one field, so the portal can show it there. */
export function fieldException(status: HttpStatus, field: string, message: string, summary?: string): HttpException {
  const details: FieldError[] = [{ field, message }];
  return new HttpException({ message: summary ?? `${field} ${message}`, details }, status);
}

/** 422: the input is well-formed but breaks a clinic rule; `details` says where. */
export function ruleException(details: FieldError[], summary?: string): HttpException {
  return new HttpException(
    { message: summary ?? details.map((d) => d.message).join('; '), details },
    HttpStatus.UNPROCESSABLE_ENTITY,
  );
}
