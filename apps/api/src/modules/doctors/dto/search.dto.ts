import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CONSULTATION_TYPES, SORT_DOCTORS_BY, type ConsultationType, type DoctorSort } from '@carebook/shared';
import { PageQuery } from '../../../common/dto/pagination.dto';
import { IsClinicDate, IsClinicDateOrInstant } from '../../../common/is-instant.decorator';
import { IsOptionalPositiveInt, IsOptionalText } from '../../../common/decorators/field.decorators';

export class SearchDoctorsQuery extends PageQuery {
  @IsOptionalText(100, { description: 'Part of the doctor’s name or specialty', maxLength: 100 })
  q?: string;

  @IsOptionalText(80, { example: 'Cardiology', description: 'A specialty name from GET /api/specialties' })
  specialty?: string;

  @IsOptionalText(120, { example: 'London', description: 'Part of the practice location' })
  location?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-03-02', description: 'Only doctors with a free slot on this clinic-local date' })
  @IsOptional()
  @IsClinicDate()
  availableOn?: string;

  @IsOptionalText(40, { example: 'French' })
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

export const TOP_DOCTORS_MAX = 12;

export class TopDoctorsQuery {
  @IsOptionalPositiveInt(TOP_DOCTORS_MAX, { default: 4, description: 'How many doctors' })
  limit = 4;
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
