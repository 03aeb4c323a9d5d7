import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { GENDERS, type Gender } from '@carebook/shared';
import { IsOptionalPositiveInt, IsOptionalText, IsPersonName, IsTrimmedText } from '../../../common/decorators/field.decorators';
import { MAX_PAGE } from '../../../common/dto/pagination.dto';
import { BIRTH_DATE_DESCRIPTION } from '../../../common/birth-date';
import { IsClinicDate } from '../../../common/is-instant.decorator';
import { trim } from '../../../common/transforms';
import { ALLERGY_SEVERITIES, CONDITION_STATUSES } from '../medical-history';

const PHONE = /^\+?[0-9 ()-]{6,20}$/;
/** A year, a month or a day (FHIR's partial dates): "2019", "2019-04", "2019-04-12". */
const PARTIAL_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;
const LIST_MAX = 100;

function IsPartialDate(): PropertyDecorator {
  return applyDecorators(
    Matches(PARTIAL_DATE, { message: 'must be a year (2019), a month (2019-04) or a date (2019-04-12)' }),
    IsString(),
    Transform(trim),
    IsOptional(),
    ApiPropertyOptional({ type: String, nullable: true, example: '2019-04', description: 'A year, a month (YYYY-MM) or a day' }),
  );
}

@ApiSchema({ name: 'Condition' })
export class ConditionDto {
  @IsTrimmedText({ min: 1, max: 200 }, { example: 'Asthma' })
  name!: string;

  @IsPartialDate()
  since?: string | null;

  @ApiProperty({ enum: CONDITION_STATUSES, enumName: 'ConditionStatus' })
  @IsIn(CONDITION_STATUSES, { message: `must be one of ${CONDITION_STATUSES.join(', ')}` })
  status!: (typeof CONDITION_STATUSES)[number];

  @IsOptionalText(1000, { type: String, nullable: true, maxLength: 1000 })
  note?: string | null;
}

@ApiSchema({ name: 'Allergy' })
export class AllergyDto {
  @IsTrimmedText({ min: 1, max: 200 }, { example: 'Penicillin' })
  substance!: string;

  @IsOptionalText(200, { type: String, nullable: true, example: 'Hives', maxLength: 200 })
  reaction?: string | null;

  @ApiPropertyOptional({ enum: ALLERGY_SEVERITIES, enumName: 'AllergySeverity', nullable: true })
  @IsOptional()
  @IsIn(ALLERGY_SEVERITIES, { message: `must be one of ${ALLERGY_SEVERITIES.join(', ')}` })
  severity?: (typeof ALLERGY_SEVERITIES)[number] | null;
}

@ApiSchema({ name: 'Medication' })
export class MedicationDto {
  @IsTrimmedText({ min: 1, max: 200 }, { example: 'Salbutamol inhaler' })
  name!: string;

  @IsOptionalText(200, { type: String, nullable: true, example: '100 µg, 2 puffs as needed', maxLength: 200 })
  dose?: string | null;

  @IsPartialDate()
  since?: string | null;
}

const LIST_DOC = 'null: not recorded; []: none known';

@ApiSchema({ name: 'MedicalHistory' })
export class MedicalHistoryDto {
  @ApiProperty({ type: [ConditionDto], nullable: true, description: LIST_DOC }) conditions!: ConditionDto[] | null;
  @ApiProperty({ type: [AllergyDto], nullable: true, description: LIST_DOC }) allergies!: AllergyDto[] | null;
  @ApiProperty({ type: [MedicationDto], nullable: true, description: LIST_DOC }) medications!: MedicationDto[] | null;
  @ApiProperty({ type: String, nullable: true }) notes!: string | null;
}

/** Each list given replaces the stored one; null sets it back to "not recorded", [] records "none known". */
export class UpdateMedicalHistoryRequest {
  @ApiPropertyOptional({ type: [ConditionDto], nullable: true, description: LIST_DOC })
  @IsOptional()
  @IsArray({ message: 'must be a list (or null)' })
  @ArrayMaxSize(LIST_MAX)
  @ValidateNested({ each: true })
  @Type(() => ConditionDto)
  conditions?: ConditionDto[] | null;

  @ApiPropertyOptional({ type: [AllergyDto], nullable: true, description: LIST_DOC })
  @IsOptional()
  @IsArray({ message: 'must be a list (or null)' })
  @ArrayMaxSize(LIST_MAX)
  @ValidateNested({ each: true })
  @Type(() => AllergyDto)
  allergies?: AllergyDto[] | null;

  @ApiPropertyOptional({ type: [MedicationDto], nullable: true, description: LIST_DOC })
  @IsOptional()
  @IsArray({ message: 'must be a list (or null)' })
  @ArrayMaxSize(LIST_MAX)
  @ValidateNested({ each: true })
  @Type(() => MedicationDto)
  medications?: MedicationDto[] | null;

  @IsOptionalText(4000, { type: String, nullable: true, maxLength: 4000 })
  notes?: string | null;
}

@ApiSchema({ name: 'EmergencyContact' })
export class EmergencyContactDto {
  @IsPersonName({ example: 'Sam Morgan' })
  name!: string;

  @ApiProperty({ example: '+44 20 7946 0019' })
  @Transform(trim)
  @IsString()
  @Matches(PHONE, { message: 'must be a phone number' })
  phone!: string;

  @IsOptionalText(60, { type: String, nullable: true, example: 'Partner', maxLength: 60 })
  relationship?: string | null;
}

@ApiSchema({ name: 'PatientRecord' })
export class PatientRecordDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Alex Morgan' }) fullName!: string;
  @ApiProperty({ example: 'alex@example.com' }) email!: string;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) dateOfBirth!: string | null;
  @ApiProperty({ enum: GENDERS, enumName: 'Gender', nullable: true }) gender!: Gender | null;
  @ApiProperty({ type: String, nullable: true }) address!: string | null;
  @ApiProperty({ type: EmergencyContactDto, nullable: true }) emergencyContact!: EmergencyContactDto | null;
  @ApiProperty({ type: MedicalHistoryDto }) medicalHistory!: MedicalHistoryDto;
}

export class UpdatePatientRecordRequest {
  @IsPersonName({ optional: true })
  fullName?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+44 20 7946 0018' })
  @IsOptional()
  @Transform(trim)
  @ValidateIf((_, value) => value !== null && value !== '')
  @Matches(PHONE, { message: 'must be a phone number' })
  phone?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '1990-04-12', description: BIRTH_DATE_DESCRIPTION })
  @IsOptional()
  @IsClinicDate()
  dateOfBirth?: string | null;

  @ApiPropertyOptional({ enum: GENDERS, enumName: 'Gender', nullable: true })
  @IsOptional()
  @IsIn(GENDERS, { message: `must be one of ${GENDERS.join(', ')}` })
  gender?: Gender | null;

  @IsOptionalText(500, { type: String, nullable: true, example: '12 Elm Street, London N1 7AA', maxLength: 500 })
  address?: string | null;

  @ApiPropertyOptional({ type: EmergencyContactDto, nullable: true })
  @IsOptional()
  @IsObject({ message: 'must be an object (or null)' })
  @ValidateNested()
  @Type(() => EmergencyContactDto)
  emergencyContact?: EmergencyContactDto | null;

  @ApiPropertyOptional({ type: UpdateMedicalHistoryRequest })
  @IsOptional()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => UpdateMedicalHistoryRequest)
  medicalHistory?: UpdateMedicalHistoryRequest;
}

export class PatientRecordQuery {
  @IsOptionalText(500, { description: 'Admins only, and required of them: why this break-glass read is needed (at least 10 characters)', maxLength: 500 })
  reason?: string;
}

@ApiSchema({ name: 'PatientSummary' })
export class PatientSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) dateOfBirth!: string | null;
  @ApiProperty({ enum: GENDERS, enumName: 'Gender', nullable: true }) gender!: Gender | null;
}

@ApiSchema({ name: 'PatientPage' })
export class PatientPage {
  @ApiProperty({ type: [PatientSummaryDto] }) items!: PatientSummaryDto[];
  @ApiProperty() total!: number;
}

export class ListPatientsQuery {
  @IsOptionalPositiveInt(MAX_PAGE, { default: 1 })
  page = 1;

  @IsOptionalPositiveInt(100, { default: 20 })
  pageSize = 20;

  @IsOptionalText(120, { description: 'Words of the patient’s name or email', maxLength: 120 })
  q?: string;
}

@ApiSchema({ name: 'AccessLogActor' })
export class AccessLogActorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ example: 'doctor' }) role!: string;
}

@ApiSchema({ name: 'AccessLogEntry' })
export class AccessLogEntryDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: AccessLogActorDto }) actor!: AccessLogActorDto;
  @ApiProperty({ example: 'record.read' }) action!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) reason?: string | null;
}

@ApiSchema({ name: 'AccessLogPage' })
export class AccessLogPage {
  @ApiProperty({ type: [AccessLogEntryDto] }) items!: AccessLogEntryDto[];
  @ApiProperty() total!: number;
}

export class AccessLogQuery {
  @IsOptionalPositiveInt(MAX_PAGE, { default: 1 })
  page = 1;

  @IsOptionalPositiveInt(100, { default: 20 })
  pageSize = 20;
}
