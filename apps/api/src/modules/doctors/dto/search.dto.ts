import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CONSULTATION_TYPES, SORT_DOCTORS_BY, type ConsultationType, type DoctorSort } from '@carebook/shared';
import { PageQuery } from '../../../common/dto/pagination.dto';
import { IsClinicDate, IsClinicDateOrInstant } from '../../../common/is-instant.decorator';
import { trim } from '../../../common/transforms';

export class SearchDoctorsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the doctor’s name or specialty', maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @MaxLength(100)
  @IsString()
  q?: string;

  @ApiPropertyOptional({ example: 'Cardiology', description: 'A specialty name from GET /api/specialties' })
  @IsOptional()
  @Transform(trim)
  @MaxLength(80)
  @IsString()
  specialty?: string;

  @ApiPropertyOptional({ example: 'London', description: 'Part of the practice location' })
  @IsOptional()
  @Transform(trim)
  @MaxLength(120)
  @IsString()
  location?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-03-02', description: 'Only doctors with a free slot on this clinic-local date' })
  @IsOptional()
  @IsClinicDate()
  availableOn?: string;

  @ApiPropertyOptional({ example: 'French' })
  @IsOptional()
  @Transform(trim)
  @MaxLength(40)
  @IsString()
  language?: string;

  @ApiPropertyOptional({ enum: CONSULTATION_TYPES, enumName: 'ConsultationType' })
  @IsOptional()
  @IsIn(CONSULTATION_TYPES, { message: `must be one of ${CONSULTATION_TYPES.join(', ')}` })
  consultationType?: ConsultationType;

  @ApiPropertyOptional({ enum: SORT_DOCTORS_BY, enumName: 'DoctorSort', default: 'nextAvailable' })
  @IsOptional()
  @IsIn(SORT_DOCTORS_BY, { message: `must be one of ${SORT_DOCTORS_BY.join(', ')}` })
  sort: DoctorSort = 'nextAvailable';
}

export class SlotsQuery {
  @ApiPropertyOptional({
    example: '2026-03-02',
    description: 'Start: a clinic-local date (from its midnight) or an instant. Default: now',
  })
  @IsOptional()
  @IsClinicDateOrInstant()
  from?: string;

  @ApiPropertyOptional({
    example: '2026-03-29',
    description: 'End: a clinic-local date (through its end) or an instant (exclusive). Default: 7 days after from; at most 31 days after it',
  })
  @IsOptional()
  @IsClinicDateOrInstant()
  to?: string;
}

@ApiSchema({ name: 'Slot' })
export class SlotDto {
  @ApiProperty({ format: 'date-time', example: '2026-03-02T09:00:00.000Z' }) startsAt!: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-02T09:30:00.000Z' }) endsAt!: string;
}
