import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  APPOINTMENT_ACTIONS,
  APPOINTMENT_EVENTS,
  APPOINTMENT_LIMITS,
  APPOINTMENT_STATUSES,
  BREAK_GLASS_REASON_MAX_LENGTH,
  BREAK_GLASS_REASON_MIN_LENGTH,
  GENDERS,
  ROLES,
  TIMES_OF_DAY,
  type AppointmentAction,
  type AppointmentEvent,
  type AppointmentStatus,
  type Gender,
  type Role,
  type TimeOfDay,
} from '@carebook/shared';
import { MAX_PAGE } from '../../../common/dto/pagination.dto';
import { IsClinicDateOrInstant, IsInstant } from '../../../common/is-instant.decorator';
import { IsOptionalPositiveInt, IsOptionalText, IsTrimmedText } from '../../../common/decorators/field.decorators';
import { trim, trimLower } from '../../../common/transforms';

const L = APPOINTMENT_LIMITS;
const PHONE = /^\+?[0-9 ()-]{6,20}$/;

/** The details a clinic asks for with each booking; the portal prefills them from the patient's account. */
@ApiSchema({ name: 'PatientDetails' })
export class PatientDetailsDto {
  @IsTrimmedText(L.fullName, { example: 'Alex Morgan' })
  fullName!: string;

  @ApiProperty({ type: Number, nullable: true, example: 34, minimum: L.age.min, maximum: L.age.max })
  @IsOptional()
  @Max(L.age.max)
  @Min(L.age.min)
  @IsInt({ message: 'must be a whole number of years' })
  age!: number | null;

  @ApiProperty({ enum: GENDERS, enumName: 'Gender', nullable: true })
  @IsOptional()
  @IsIn(GENDERS, { message: `must be one of ${GENDERS.join(', ')}` })
  gender!: Gender | null;

  @ApiProperty({ type: String, nullable: true, example: '+44 20 7946 0018' })
  @IsOptional()
  @Transform(trim)
  @Matches(PHONE, { message: 'must be a phone number' })
  phone!: string | null;

  @ApiProperty({ example: 'alex@example.com' })
  @Transform(trimLower)
  @MaxLength(254)
  @IsEmail({}, { message: 'must be an email address' })
  email!: string;
}

export class BookAppointmentRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be a doctor id' })
  doctorId!: string;

  @ApiProperty({ format: 'date-time', example: '2026-03-02T09:00:00Z', description: 'The start of one of the doctor’s free slots' })
  @IsInstant()
  startsAt!: string;

  @IsTrimmedText(L.reason, { example: 'Chest pain when climbing stairs' })
  reason!: string;

  @ApiPropertyOptional({ type: PatientDetailsDto, description: 'Defaults to the patient’s account details' })
  @IsOptional()
  @ValidateNested()
  @IsObject({ message: 'must be an object' })
  @Type(() => PatientDetailsDto)
  patientDetails?: PatientDetailsDto;
}

export class RescheduleRequest {
  @ApiProperty({ format: 'date-time', example: '2026-03-03T10:00:00Z', description: 'The start of one of the doctor’s free slots' })
  @IsInstant()
  startsAt!: string;
}

export class AppointmentFileQuery {
  @IsOptionalText(BREAK_GLASS_REASON_MAX_LENGTH, {
    description: `Admins only, and required of them: why this break-glass read of a medical file is needed (at least ${BREAK_GLASS_REASON_MIN_LENGTH} characters)`,
    maxLength: BREAK_GLASS_REASON_MAX_LENGTH,
  })
  reason?: string;
}

export class StatusReasonRequest {
  @IsOptionalText(L.statusReason.max, { example: 'Please book with a cardiologist instead', maxLength: L.statusReason.max })
  reason?: string;
}

const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : value;

export class ListAppointmentsQuery {
  @IsOptionalPositiveInt(MAX_PAGE, { default: 1 })
  page = 1;

  @IsOptionalPositiveInt(500, { default: 20, description: 'Up to 500, enough for a busy week' })
  pageSize = 20;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', enum: [...APPOINTMENT_STATUSES] },
    description: 'One or more statuses, comma-separated (pending,confirmed)',
  })
  @IsOptional()
  @Transform(toList)
  @IsIn(APPOINTMENT_STATUSES, { each: true, message: `must be among ${APPOINTMENT_STATUSES.join(', ')}` })
  status?: AppointmentStatus[];

  @ApiPropertyOptional({ example: '2026-03-02', description: 'Starting at or after: a clinic-local date or an instant' })
  @IsOptional()
  @IsClinicDateOrInstant()
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-08', description: 'Starting before: a clinic-local date (through its end) or an instant' })
  @IsOptional()
  @IsClinicDateOrInstant()
  to?: string;

  @IsOptionalText(L.search.max, { description: 'Words from the reason (disease, symptoms) or the patient’s name', maxLength: L.search.max })
  q?: string;

  @IsOptionalText(80, { example: 'Cardiology', description: 'The doctor’s specialty' })
  specialty?: string;

  @ApiPropertyOptional({ enum: TIMES_OF_DAY, enumName: 'TimeOfDay', description: 'Clinic-local start: morning before 12:00, afternoon 12–17, evening after' })
  @IsOptional()
  @IsIn(TIMES_OF_DAY, { message: `must be one of ${TIMES_OF_DAY.join(', ')}` })
  timeOfDay?: TimeOfDay;

  @ApiPropertyOptional({ format: 'uuid', description: 'Admins: one doctor’s appointments' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a doctor id' })
  doctorId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Admins and doctors: one patient’s appointments' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a patient id' })
  patientId?: string;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc', description: 'By start time' })
  @IsOptional()
  @IsIn(['asc', 'desc'], { message: 'must be asc or desc' })
  order: 'asc' | 'desc' = 'asc';
}

@ApiSchema({ name: 'AppointmentDoctor' })
class AppointmentDoctorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ example: 'Cardiology' }) specialty!: string;
  @ApiProperty({ type: String, nullable: true }) location!: string | null;
  @ApiProperty({ type: String, nullable: true }) photoUrl!: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 12 }) experienceYears!: number | null;
}

@ApiSchema({ name: 'AppointmentPatient' })
class AppointmentPatientDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
}

@ApiSchema({ name: 'Appointment' })
export class AppointmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: APPOINTMENT_STATUSES, enumName: 'AppointmentStatus' }) status!: AppointmentStatus;
  @ApiProperty({ format: 'uuid' }) doctorId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was last declined or cancelled' }) statusReason!: string | null;
  @ApiProperty({ type: PatientDetailsDto }) patientDetails!: PatientDetailsDto;
  @ApiProperty({ type: AppointmentDoctorDto }) doctor!: AppointmentDoctorDto;
  @ApiProperty({ type: AppointmentPatientDto }) patient!: AppointmentPatientDto;
  @ApiProperty({ description: 'Times it has been rescheduled (the calendar event’s SEQUENCE)' }) sequence!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'string', enum: [...APPOINTMENT_ACTIONS] },
    description: 'What the caller may do to it now',
  })
  actions!: AppointmentAction[];
}

@ApiSchema({ name: 'AppointmentPage' })
export class AppointmentPage {
  @ApiProperty({ type: [AppointmentDto] }) items!: AppointmentDto[];
  @ApiProperty() total!: number;
}

@ApiSchema({ name: 'HistoryActor' })
class HistoryActorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role!: Role;
}

@ApiSchema({ name: 'AppointmentHistoryEntry' })
export class AppointmentHistoryEntryDto {
  @ApiProperty() id!: number;
  @ApiProperty({ enum: APPOINTMENT_EVENTS, enumName: 'AppointmentEvent' }) event!: AppointmentEvent;
  @ApiProperty({ enum: APPOINTMENT_STATUSES, enumName: 'AppointmentStatus', nullable: true }) fromStatus!: AppointmentStatus | null;
  @ApiProperty({ enum: APPOINTMENT_STATUSES, enumName: 'AppointmentStatus' }) toStatus!: AppointmentStatus;
  @ApiProperty({ type: HistoryActorDto, nullable: true, description: 'Null when the clinic’s system acted (expiry)' })
  actor!: HistoryActorDto | null;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ format: 'date-time', description: 'The appointment’s start after this change' }) startsAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The start before a reschedule' })
  previousStartsAt!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

@ApiSchema({ name: 'AppointmentFile' })
export class AppointmentFileDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'blood-test.pdf' }) fileName!: string;
  @ApiProperty({ example: 'application/pdf', description: 'Decided from the file’s content' }) contentType!: string;
  @ApiProperty({ description: 'Bytes' }) size!: number;
  @ApiProperty({ type: HistoryActorDto }) uploadedBy!: HistoryActorDto;
  @ApiProperty({ format: 'date-time' }) uploadedAt!: string;
}

@ApiSchema({ name: 'AppointmentDetail' })
export class AppointmentDetailDto extends AppointmentDto {
  @ApiProperty({ type: [AppointmentFileDto] }) files!: AppointmentFileDto[];
  @ApiProperty({ type: [AppointmentHistoryEntryDto], description: 'Oldest first' }) history!: AppointmentHistoryEntryDto[];
  @ApiProperty({ description: 'Largest file the clinic accepts, in bytes' }) maxFileBytes!: number;
  @ApiProperty({ type: [String], example: ['application/pdf', 'image/jpeg'], description: 'File types the clinic accepts' })
  acceptedFileTypes!: string[];
}
