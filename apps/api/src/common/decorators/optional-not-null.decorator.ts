import { ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * The field may be left out, but not sent as null: unlike `@IsOptional()`, which skips the field's other
 * checks for null as well, so a null reached the service and the database's NOT NULL (a 500) instead of
 * the field's own message. Use it on every optional field that has no meaning for null.
 */
export function OptionalNotNull(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined, options);
}
