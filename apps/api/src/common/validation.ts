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

/** Deeper than this, a request is refused before class-transformer recurses into it (and overflows the stack). */
export const MAX_INPUT_DEPTH = 32;

/**
 * What makes input unusable whatever the endpoint, each with the path of the offending value ("" for the
 * value itself): nesting deeper than MAX_INPUT_DEPTH; text, or object keys, with NUL characters (PostgreSQL
 * cannot store them) or that are not well-formed Unicode (lone surrogates, which PostgreSQL's JSON and
 * URI encoding refuse). Walks iteratively, so 5,000 levels of `[[[…]]]` cannot overflow the stack here.
 */
// With the u flag, a surrogate pair reads as one code point, so only a lone surrogate matches.
const LONE_SURROGATE = /\p{Surrogate}/u;

export function malformedInput(value: unknown): FieldError[] {
  const problems: FieldError[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  const checkText = (text: string, path: string) => {
    if (text.includes('\u0000')) problems.push({ field: path, message: 'must not contain NUL characters' });
    else if (LONE_SURROGATE.test(text)) problems.push({ field: path, message: 'must be well-formed Unicode text' });
  };
  while (stack.length > 0 && problems.length < 20) {
    const item = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof item.value === 'string') {
      checkText(item.value, item.path);
      continue;
    }
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= MAX_INPUT_DEPTH) {
      problems.push({ field: item.path, message: `must not be nested more than ${MAX_INPUT_DEPTH} levels deep` });
      break;
    }
    const entries: (readonly [string, unknown])[] = Array.isArray(item.value)
      ? item.value.map((v: unknown, i) => [String(i), v] as const)
      : Object.entries(item.value);
    // Pushed in reverse so problems are reported in document order.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      const path = item.path ? `${item.path}.${key}` : key;
      checkText(key, path);
      stack.push({ value: child, path, depth: item.depth + 1 });
    }
  }
  return problems;
}

/**
 * Refuses malformed input (see malformedInput) with a field-level 400 before any other pipe reads it, so
 * it can fail neither in validation nor deep inside a query as a 500.
 */
@Injectable()
export class WellFormedInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const problems = malformedInput(value);
    if (problems.length > 0) {
      throw new ValidationFailedException(problems.map((p) => ({ field: p.field || (metadata.data ?? metadata.type), message: p.message })));
    }
    return value;
  }
}
