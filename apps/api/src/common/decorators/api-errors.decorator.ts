import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponse } from '../dto/error-response.dto';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input; `details` names each field',
  401: 'Not signed in, or the session has expired',
  403: 'Signed in but not allowed',
  404: 'Not found (or not yours)',
  409: 'Conflicts with the current state',
  413: 'Too large',
  415: 'Type refused',
  422: 'Valid input that breaks a clinic rule',
  429: 'Too many attempts; see Retry-After',
  503: 'Temporarily unavailable',
};

/** Documents error answers in the common ErrorResponse shape. */
export function ApiErrors(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status], type: ErrorResponse })),
  );
}
