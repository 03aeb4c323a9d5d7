import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO-8601 instant with its offset (`2026-03-02T09:00:00Z`): a time without a zone is ambiguous. */
export function IsInstant() {
  const message = 'must be an ISO-8601 date-time with offset, e.g. 2026-03-02T09:00:00Z';
  // Decorators apply bottom-up: the pattern check runs first.
  return applyDecorators(IsISO8601({ strict: true }, { message }), Matches(INSTANT, { message }));
}
