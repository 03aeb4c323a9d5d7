import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, Matches, Max, Min, ValidateNested } from 'class-validator';
import { SCHEDULING_LIMITS } from '@carebook/shared';

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
const END_OF_WINDOW = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** A window of one weekday, in the clinic's timezone. */
@ApiSchema({ name: 'WeeklyWindow' })
export class WeeklyWindowDto {
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday: 1 = Monday … 7 = Sunday', example: 1 })
  @Max(7)
  @Min(1)
  @IsInt()
  weekday!: number;

  @ApiProperty({ example: '09:00', pattern: TIME_OF_DAY.source })
  @Matches(TIME_OF_DAY, { message: 'must be a time of day as HH:mm' })
  start!: string;

  @ApiProperty({ example: '12:30', pattern: END_OF_WINDOW.source, description: '"24:00" ends the window at midnight' })
  @Matches(END_OF_WINDOW, { message: 'must be a time of day as HH:mm (24:00 for midnight)' })
  end!: string;
}

/** A list of weekly windows (at most the shared limit), each checked as a WeeklyWindowDto; `description` documents it. */
export function IsWeeklyWindows(description: string): PropertyDecorator {
  // In the order stacked decorators are applied: the bottom one first.
  return applyDecorators(
    IsArray(),
    ArrayMaxSize(SCHEDULING_LIMITS.weeklyWindows.maxCount),
    Type(() => WeeklyWindowDto),
    ValidateNested({ each: true }),
    ApiProperty({ type: [WeeklyWindowDto], description }),
  );
}
