import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDivisibleBy,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { HOUR_CYCLES, SCHEDULING_LIMITS as L, type HourCycle } from '@carebook/shared';
import { IsWeeklyWindows, WeeklyWindowDto } from '../../../common/dto/weekly-window.dto';
import { IsIntBetween } from '../../../common/decorators/field.decorators';
import { IsClinicDate } from '../../../common/is-instant.decorator';
import { trim } from '../../../common/transforms';

export class UpcomingHolidayDto {
  @ApiProperty({ example: '2026-12-25', format: 'date', description: 'The clinic-local day it falls on next' })
  date!: string;
  @ApiProperty({ example: 'Christmas Day' }) name!: string;
}

/** What anyone may know about the clinic: its name, timezone, hours and booking rules. */
@ApiSchema({ name: 'ClinicInfo' })
export class ClinicInfoDto {
  @ApiProperty({ example: 'Carebook Clinic' }) clinicName!: string;
  @ApiProperty({ example: 'Europe/London', description: 'IANA timezone all clinic-local times are in' })
  timezone!: string;
  @ApiProperty({ example: 'en-GB', description: 'BCP 47 locale every date and time is written in' })
  locale!: string;
  @ApiProperty({ enum: HOUR_CYCLES, example: 'h23', description: '`h23`: 24-hour clock (14:30); `h12`: 12-hour clock (2:30 PM)' })
  hourCycle!: HourCycle;
  @ApiProperty({ type: [WeeklyWindowDto] }) workingHours!: WeeklyWindowDto[];
  @ApiProperty({ example: 30 }) slotMinutes!: number;
  @ApiProperty({ example: 120 }) minNoticeMinutes!: number;
  @ApiProperty({ example: 90 }) bookingHorizonDays!: number;
  @ApiProperty({ example: 24 }) cancellationWindowHours!: number;
  @ApiProperty({ type: [UpcomingHolidayDto], description: 'Days the clinic is closed in the next 90 days, soonest first' })
  upcomingHolidays!: UpcomingHolidayDto[];
}

export class ClinicSettingsInput {
  @ApiProperty({ example: 'Carebook Clinic', maxLength: 120 })
  @Transform(trim)
  @MaxLength(120)
  @IsNotEmpty()
  @IsString()
  clinicName!: string;

  @ApiProperty({ example: 'Europe/London' })
  @Transform(trim)
  @IsNotEmpty()
  @IsString()
  timezone!: string;

  @ApiPropertyOptional({ example: 'en-GB', description: 'BCP 47 locale for dates and times; unchanged when left out' })
  @Transform(trim)
  @IsNotEmpty()
  @IsString()
  @IsOptional()
  locale?: string;

  @ApiPropertyOptional({
    enum: HOUR_CYCLES,
    description: 'Unchanged when left out, unless `locale` changes: then the new locale’s usual clock',
  })
  @IsIn(HOUR_CYCLES, { message: 'must be h23 (24-hour clock) or h12 (12-hour clock)' })
  @IsOptional()
  hourCycle?: HourCycle;

  @IsWeeklyWindows('Several windows per weekday allowed; they may not overlap')
  workingHours!: WeeklyWindowDto[];

  @IsDivisibleBy(5, { message: 'must be a multiple of 5 minutes' })
  @IsIntBetween(L.slotMinutes, { example: 30, description: 'Default slot length (multiple of 5)' })
  slotMinutes!: number;

  @IsIntBetween(L.minNoticeMinutes, { example: 120 })
  minNoticeMinutes!: number;

  @IsIntBetween(L.bookingHorizonDays, { example: 90 })
  bookingHorizonDays!: number;

  @IsIntBetween(L.cancellationWindowHours, { example: 24 })
  cancellationWindowHours!: number;

  @IsIntBetween(L.pendingExpiryHours, { example: 48 })
  pendingExpiryHours!: number;

  @ApiProperty({ type: [Number], example: [1440, 60], description: 'Reminder times, in minutes before each confirmed appointment: the patient gets one reminder per offset (email and SMS as their preferences say); a time already past when the appointment is confirmed is skipped' })
  @Max(L.reminderOffsetsMinutes.max, { each: true })
  @Min(L.reminderOffsetsMinutes.min, { each: true })
  @IsInt({ each: true })
  @ArrayUnique({ message: 'must not repeat an offset' })
  @ArrayMaxSize(L.reminderOffsetsMinutes.maxCount)
  @IsArray()
  reminderOffsetsMinutes!: number[];
}

@ApiSchema({ name: 'ClinicSettings' })
export class ClinicSettingsDto extends ClinicSettingsInput {
  @ApiProperty({ required: true, example: 'en-GB', description: 'BCP 47 locale every date and time is written in' })
  override locale!: string;
  @ApiProperty({ required: true, enum: HOUR_CYCLES, example: 'h23', description: '`h23`: 24-hour clock (14:30); `h12`: 12-hour clock (2:30 PM)' })
  override hourCycle!: HourCycle;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Administrator' }) updatedBy!: string | null;
}

class SettingChangeDto {
  @ApiProperty({ example: 'slotMinutes' }) field!: string;
  @ApiProperty({ description: 'Value before (any JSON)' }) from!: unknown;
  @ApiProperty({ description: 'Value after (any JSON)' }) to!: unknown;
}

@ApiSchema({ name: 'SettingsRevision' })
export class SettingsRevisionDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Administrator' }) by!: string | null;
  @ApiProperty({ type: [SettingChangeDto] }) changes!: SettingChangeDto[];
}

@ApiSchema({ name: 'Holiday' })
export class HolidayDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '2026-12-25', format: 'date' }) date!: string;
  @ApiProperty({ example: 'Christmas Day' }) name!: string;
  @ApiProperty({ description: 'Repeats on this month and day every year' }) recurring!: boolean;
}

export class CreateHolidayRequest {
  @ApiProperty({ example: '2026-12-25', format: 'date' })
  @IsClinicDate()
  date!: string;

  @ApiProperty({ example: 'Christmas Day', maxLength: 120 })
  @Transform(trim)
  @MaxLength(120)
  @IsNotEmpty()
  @IsString()
  name!: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  recurring?: boolean;
}

export class ListHolidaysQuery {
  @ApiPropertyOptional({ example: 2026, description: 'Only this year’s holidays (recurring ones always included)' })
  @IsOptional()
  @Type(() => Number)
  @Max(2100)
  @Min(2000)
  @IsInt()
  year?: number;
}
