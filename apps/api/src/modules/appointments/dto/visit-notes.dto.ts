import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { IsOptionalText, IsTrimmedText } from '../../../common/decorators/field.decorators';

@ApiSchema({ name: 'Prescription' })
export class PrescriptionDto {
  @IsTrimmedText({ min: 1, max: 200 }, { example: 'Amoxicillin 500 mg capsules' })
  name!: string;

  @IsTrimmedText({ min: 1, max: 200 }, { example: '1 capsule three times a day' })
  dose!: string;

  @IsTrimmedText({ min: 1, max: 1000 }, { example: 'For 7 days, with food' })
  instructions!: string;
}

@ApiSchema({ name: 'VisitNoteAuthor' })
export class VisitNoteAuthorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Dr Amara Okafor' }) fullName!: string;
}

@ApiSchema({ name: 'VisitNote' })
export class VisitNoteDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) appointmentId!: string;
  @ApiProperty({ format: 'uuid' }) authorId!: string;
  @ApiProperty({ type: VisitNoteAuthorDto }) author!: VisitNoteAuthorDto;
  @ApiProperty() body!: string;
  @ApiProperty({ type: String, nullable: true }) diagnosis!: string | null;
  @ApiProperty({ type: [PrescriptionDto] }) prescriptions!: PrescriptionDto[];
  @ApiProperty({ type: String, nullable: true, description: 'What happens next, e.g. “Review in 2 weeks”' }) followUp!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The note this one corrects' }) amends!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The note that corrects this one: this one is superseded' })
  amendedBy!: string | null;
}

export class CreateVisitNoteRequest {
  @IsTrimmedText({ min: 1, max: 10000 }, { example: 'Wheeze on expiration; peak flow 380 l/min.' })
  body!: string;

  @IsOptionalText(500, { type: String, nullable: true, example: 'Asthma, moderate persistent', maxLength: 500 })
  diagnosis?: string | null;

  @ApiPropertyOptional({ type: [PrescriptionDto] })
  @IsOptional()
  @IsArray({ message: 'must be a list' })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PrescriptionDto)
  prescriptions?: PrescriptionDto[];

  @IsOptionalText(500, { type: String, nullable: true, example: 'Review in 2 weeks', maxLength: 500 })
  followUp?: string | null;

  @ApiPropertyOptional({ format: 'uuid', description: 'The note this one corrects (notes are never edited in place)' })
  @IsOptional()
  @IsUUID('all', { message: 'must be the id of a note of this appointment' })
  amends?: string;
}

export class VisitNotesQuery {
  @IsOptionalText(500, { description: 'Admins only, and required of them: why this break-glass read is needed (at least 10 characters)', maxLength: 500 })
  reason?: string;
}
