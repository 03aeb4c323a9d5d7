import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, MaxLength, Min, MinLength } from 'class-validator';
import { trim } from '../transforms';
import { OptionalNotNull } from './optional-not-null.decorator';

/** A whole number within a shared limit (`{ min, max }`), documented with it. */
export function IsIntBetween(limit: { min: number; max: number }, doc: { example?: number; description?: string } = {}): PropertyDecorator {
  return applyDecorators(ApiProperty({ minimum: limit.min, maximum: limit.max, ...doc }), Max(limit.max), Min(limit.min), IsInt());
}

const NAME = { min: 2, max: 120 };

/** A person's full name, trimmed: 2–120 characters. `optional`: may be left out, but not sent as null. */
export function IsPersonName(options: { optional?: boolean; example?: string } = {}): PropertyDecorator {
  const doc = { minLength: NAME.min, maxLength: NAME.max, ...(options.example ? { example: options.example } : {}) };
  return applyDecorators(
    ...(options.optional ? [ApiPropertyOptional(doc), OptionalNotNull()] : [ApiProperty(doc)]),
    Transform(trim),
    IsString(),
    Length(NAME.min, NAME.max, { message: `must be between ${NAME.min} and ${NAME.max} characters` }),
  );
}

/**
 * Trimmed text within a shared limit (`{ min, max }`), documented with it. (Decorators are applied in the
 * order stacked ones were, bottom first: with stopAtFirstError, that order decides which problem is reported.)
 */
export function IsTrimmedText(limit: { min: number; max: number }, doc: { example?: string } = {}): PropertyDecorator {
  return applyDecorators(
    IsString(),
    MinLength(limit.min, { message: `must be at least ${limit.min} characters` }),
    MaxLength(limit.max),
    Transform(trim),
    ApiProperty({ ...doc, minLength: limit.min, maxLength: limit.max }),
  );
}

/**
 * An optional whole-number query parameter from 1 to `max`, such as a page or a page size; the property's
 * initial value is its default, documented as `doc.default`.
 */
export function IsOptionalPositiveInt(max: number, doc: { default: number; description?: string }): PropertyDecorator {
  return applyDecorators(
    Max(max),
    Min(1),
    IsInt(),
    Type(() => Number),
    IsOptional(),
    ApiPropertyOptional({ minimum: 1, maximum: max, ...doc }),
  );
}

/**
 * Optional text, trimmed, of at most `max` characters. `doc` is its documentation as given: name the limit
 * there too (`maxLength`) where the API document should state it.
 */
export function IsOptionalText(max: number, doc: ApiPropertyOptions = {}): PropertyDecorator {
  return applyDecorators(IsString(), MaxLength(max), Transform(trim), IsOptional(), ApiPropertyOptional(doc));
}
