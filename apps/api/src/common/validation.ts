import { type ArgumentMetadata, BadRequestException, Injectable, type PipeTransform, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldError } from './dto/error-response.dto';

/** Flattens nested class-validator errors into `{ field: "a.b", message }` pairs. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      // class-validator prefixes messages with the property name; the field already says it.
      message: message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message,
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

export class ValidationFailedException extends BadRequestException {
  constructor(readonly details: FieldError[]) {
    super('Validation failed');
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => new ValidationFailedException(flattenValidationErrors(errors)),
  });
}

const NUL = '\u0000';

/** Paths of the strings inside `value` that hold a NUL character ("" for `value` itself). */
export function nulPaths(value: unknown, path = '', depth = 0): string[] {
  if (typeof value === 'string') return value.includes(NUL) ? [path] : [];
  if (depth > 8 || value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
  return entries.flatMap(([key, item]) => nulPaths(item, path ? `${path}.${key}` : key, depth + 1));
}

/**
 * Refuses text holding NUL characters with a field-level 400. PostgreSQL cannot store them, so they
 * would otherwise fail deep inside a query as a 500.
 */
@Injectable()
export class RejectNulCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const paths = nulPaths(value);
    if (paths.length > 0) {
      throw new ValidationFailedException(paths.map((field) => ({ field: field || (metadata.data ?? metadata.type), message: 'must not contain NUL characters' })));
    }
    return value;
  }
}
