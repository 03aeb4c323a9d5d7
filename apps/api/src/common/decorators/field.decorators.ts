import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
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
