import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsClinicDate } from '../../../common/is-instant.decorator';

export class AdminStatsQuery {
  @ApiPropertyOptional({ example: '2026-11-05', format: 'date', description: 'First clinic-local day (default: 29 days before `to`)' })
  @IsOptional()
  @IsClinicDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-04', format: 'date', description: 'Last clinic-local day, included (default: today)' })
  @IsOptional()
  @IsClinicDate()
  to?: string;
}

@ApiSchema({ name: 'StatusCounts' })
export class StatusCountsDto {
  @ApiProperty() pending!: number;
  @ApiProperty() confirmed!: number;
  @ApiProperty() declined!: number;
  @ApiProperty() cancelled!: number;
  @ApiProperty() completed!: number;
  @ApiProperty({ name: 'no_show' }) no_show!: number;
}

export class DoctorCountsDto {
  @ApiProperty({ description: 'Approved doctors (bookable unless away)' }) active!: number;
  @ApiProperty() pending!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty() suspended!: number;
}

export class UserCountsDto {
  @ApiProperty() patients!: number;
  @ApiProperty({ type: DoctorCountsDto }) doctors!: DoctorCountsDto;
}

export class DayCountsDto {
  @ApiProperty({ example: '2026-12-04', format: 'date' }) date!: string;
  @ApiProperty({ type: StatusCountsDto }) byStatus!: StatusCountsDto;
}

export class AppointmentCountsDto {
  @ApiProperty({ type: StatusCountsDto, description: 'In the chosen range' }) byStatus!: StatusCountsDto;
  @ApiProperty({ type: StatusCountsDto, description: 'Starting today (clinic-local)' }) today!: StatusCountsDto;
  @ApiProperty({ type: StatusCountsDto, description: 'Starting this week, Monday to Sunday (clinic-local)' }) thisWeek!: StatusCountsDto;
  @ApiProperty({ type: [DayCountsDto], description: 'Every day of the range, days without appointments included' }) perDay!: DayCountsDto[];
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'No-shows ÷ (completed + no-shows) in the range; null when no visit was due',
  })
  noShowRate!: number | null;
}

export class SpecialtyCountDto {
  @ApiProperty({ example: 'Cardiology' }) specialty!: string;
  @ApiProperty({ description: 'Appointments booked in the range (any status)' }) bookings!: number;
}

export class TopDoctorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ type: String, nullable: true }) specialty!: string | null;
  @ApiProperty({ description: 'Completed visits in the range' }) completed!: number;
}

@ApiSchema({ name: 'AdminStats' })
export class AdminStatsDto {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ type: UserCountsDto }) users!: UserCountsDto;
  @ApiProperty({ type: AppointmentCountsDto }) appointments!: AppointmentCountsDto;
  @ApiProperty({ type: [SpecialtyCountDto], description: 'Most booked first' }) bySpecialty!: SpecialtyCountDto[];
  @ApiProperty({ type: [TopDoctorDto], description: 'Up to 5, most completed visits first' }) topDoctors!: TopDoctorDto[];
}
