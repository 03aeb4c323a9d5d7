import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsOptionalText, IsPersonName } from '../../../common/decorators/field.decorators';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDivisibleBy,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import {
  CONSULTATION_TYPES,
  SCHEDULING_LIMITS as L,
  USER_STATUSES,
  type ConsultationType,
  type UserStatus,
} from '@carebook/shared';
import { OptionalNotNull } from '../../../common/decorators/optional-not-null.decorator';
import { IsInstant } from '../../../common/is-instant.decorator';
import { IsWeeklyWindows, WeeklyWindowDto } from '../../../common/dto/weekly-window.dto';
import { trim, trimLower } from '../../../common/transforms';

const trimEach = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((v: unknown) => (typeof v === 'string' ? v.trim() : v)) : value;

/** A doctor as patients see them in search results. */
@ApiSchema({ name: 'Doctor' })
export class DoctorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Dr Amara Okafor' }) fullName!: string;
  @ApiProperty({ example: 'Cardiology' }) specialty!: string;
  @ApiProperty({ type: Number, nullable: true, example: 12 }) experienceYears!: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'Central Clinic, London' }) location!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '/api/doctors/…/photo?v=1a2b3c4d' }) photoUrl!: string | null;
  @ApiProperty({ type: String, nullable: true }) bio!: string | null;
  @ApiProperty({ type: [String], example: ['English', 'Yoruba'] }) languages!: string[];
  @ApiProperty({ enum: CONSULTATION_TYPES, enumName: 'ConsultationType', isArray: true })
  consultationTypes!: ConsultationType[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The first free slot, if any within the booking horizon' })
  nextAvailableAt!: string | null;
}

@ApiSchema({ name: 'DoctorPage' })
export class DoctorPage {
  @ApiProperty({ type: [DoctorDto] }) items!: DoctorDto[];
  @ApiProperty({ example: 42 }) total!: number;
}

/** A doctor among the clinic's most visited, for signed-in patients' start page. */
@ApiSchema({ name: 'TopDoctorCard' })
export class TopDoctorCardDto extends DoctorDto {
  @ApiProperty({ example: 128, description: 'Visits with this doctor marked completed' }) completedVisits!: number;
}

/** One doctor's public profile. */
@ApiSchema({ name: 'DoctorProfile' })
export class DoctorProfileDto extends DoctorDto {
  @ApiProperty({ type: String, nullable: true, example: '+44 20 7946 0018' }) contactPhone!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'reception@example.com' }) contactEmail!: string | null;
  @ApiProperty({ example: 30, description: 'Length of this doctor’s appointments' }) slotMinutes!: number;
}

/** The signed-in doctor's own profile, including what only they and admins see. */
@ApiSchema({ name: 'MyDoctorProfile' })
export class MyDoctorProfileDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'doctor@example.com' }) email!: string;
  @ApiProperty({ enum: USER_STATUSES, enumName: 'UserStatus' }) status!: UserStatus;
  @ApiProperty({ example: 'Dr Amara Okafor' }) fullName!: string;
  @ApiProperty({ example: 'GMC-7012345' }) licenseNumber!: string;
  @ApiProperty({ example: 'Cardiology' }) specialty!: string;
  @ApiProperty({ type: Number, nullable: true, example: 12 }) experienceYears!: number | null;
  @ApiProperty({ type: String, nullable: true }) location!: string | null;
  @ApiProperty({ type: String, nullable: true }) photoUrl!: string | null;
  @ApiProperty({ type: String, nullable: true }) bio!: string | null;
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty({ enum: CONSULTATION_TYPES, enumName: 'ConsultationType', isArray: true })
  consultationTypes!: ConsultationType[];
  @ApiProperty({ type: String, nullable: true }) contactPhone!: string | null;
  @ApiProperty({ type: String, nullable: true }) contactEmail!: string | null;
}

export class UpdateDoctorProfileRequest {
  @IsPersonName({ optional: true })
  fullName?: string;

  @ApiPropertyOptional({ example: 'Cardiology', description: 'A name from GET /api/specialties' })
  @OptionalNotNull()
  @Transform(trim)
  @MaxLength(80)
  @IsNotEmpty()
  @IsString()
  specialty?: string;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: 80 })
  @IsOptional()
  @Max(80)
  @Min(0)
  @IsInt()
  experienceYears?: number | null;

  @IsOptionalText(120, { type: String, nullable: true, maxLength: 120, example: 'Central Clinic, London' })
  location?: string | null;

  @ApiPropertyOptional({ type: [String], maxItems: 10, example: ['English', 'French'] })
  @OptionalNotNull()
  @Transform(trimEach)
  @ArrayUnique({ message: 'must not repeat a language' })
  @Length(2, 40, { each: true, message: 'each language must be 2–40 characters' })
  @IsString({ each: true })
  @ArrayMaxSize(10)
  @IsArray()
  languages?: string[];

  @IsOptionalText(2000, { type: String, nullable: true, maxLength: 2000 })
  bio?: string | null;

  @ApiPropertyOptional({ enum: CONSULTATION_TYPES, enumName: 'ConsultationType', isArray: true })
  @OptionalNotNull()
  @ArrayUnique()
  @IsIn(CONSULTATION_TYPES, { each: true, message: `each must be one of ${CONSULTATION_TYPES.join(', ')}` })
  @ArrayMinSize(1, { message: 'must offer at least one consultation type' })
  @IsArray()
  consultationTypes?: ConsultationType[];

  @ApiPropertyOptional({ type: String, nullable: true, example: '+44 20 7946 0018' })
  @IsOptional()
  @Transform(trim)
  @ValidateIf((_, value) => value !== '')
  @Matches(/^\+?[0-9 ()-]{6,20}$/, { message: 'must be a phone number' })
  contactPhone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'reception@example.com' })
  @IsOptional()
  @Transform(trimLower)
  @ValidateIf((_, value) => value !== '')
  @IsEmail({}, { message: 'must be an email' })
  @MaxLength(254)
  contactEmail?: string | null;
}

@ApiSchema({ name: 'Availability' })
export class AvailabilityDto {
  @ApiProperty({ type: Number, nullable: true, example: 30, description: 'Null: the clinic’s default slot length' })
  slotMinutes!: number | null;
  @ApiProperty({ example: 30, description: 'The slot length in force' }) effectiveSlotMinutes!: number;
  @ApiProperty({ description: 'Confirm booking requests without review' }) autoApprove!: boolean;
  @ApiProperty({ type: [WeeklyWindowDto] }) weekly!: WeeklyWindowDto[];
}

export class UpdateAvailabilityRequest {
  @ApiProperty({ type: Number, nullable: true, minimum: L.slotMinutes.min, maximum: L.slotMinutes.max, example: 30 })
  @ValidateIf((_, value) => value !== null)
  @IsDivisibleBy(5, { message: 'must be a multiple of 5 minutes' })
  @Max(L.slotMinutes.max)
  @Min(L.slotMinutes.min)
  @IsInt()
  slotMinutes!: number | null;

  @ApiProperty()
  @IsBoolean()
  autoApprove!: boolean;

  @IsWeeklyWindows('Several windows a day allowed; within the clinic’s hours')
  weekly!: WeeklyWindowDto[];
}

@ApiSchema({ name: 'TimeOff' })
export class TimeOffDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Conference' }) reason!: string | null;
}

export class CreateTimeOffRequest {
  @ApiProperty({ format: 'date-time', example: '2026-12-24T00:00:00Z' })
  @IsInstant()
  startsAt!: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-28T00:00:00Z' })
  @IsInstant()
  endsAt!: string;

  @IsOptionalText(200, { maxLength: 200, example: 'Conference' })
  reason?: string;
}
