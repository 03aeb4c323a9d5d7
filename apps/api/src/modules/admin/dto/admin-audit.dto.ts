import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { IsOptionalPositiveInt, IsOptionalText } from '../../../common/decorators/field.decorators';
import { MAX_PAGE } from '../../../common/dto/pagination.dto';
import { IsInstant } from '../../../common/is-instant.decorator';

@ApiSchema({ name: 'AuditLogEntry' })
export class AuditLogEntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Position in the hash chain' }) seq!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorId!: string | null;
  @ApiProperty({ type: String, nullable: true }) actorName!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'doctor' }) actorRole!: string | null;
  @ApiProperty({ example: 'record.read' }) action!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Whose record (or which account)' }) subjectId!: string | null;
  @ApiProperty({ example: 'patient_record' }) targetType!: string;
  @ApiProperty({ type: String, nullable: true }) targetId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) reason?: string | null;
  @ApiProperty({ type: String, nullable: true }) requestId!: string | null;
}

@ApiSchema({ name: 'AuditLogPage' })
export class AuditLogPage {
  @ApiProperty({ type: [AuditLogEntryDto] }) items!: AuditLogEntryDto[];
  @ApiProperty() total!: number;
}

export class AuditLogQuery {
  @IsOptionalPositiveInt(MAX_PAGE, { default: 1 })
  page = 1;

  @IsOptionalPositiveInt(100, { default: 20 })
  pageSize = 20;

  @ApiPropertyOptional({ format: 'uuid', description: 'Who acted' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a user id' })
  actorId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Whose record (or which account)' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a user id' })
  subjectId?: string;

  @IsOptionalText(80, { example: 'record.break_glass_read', maxLength: 80 })
  action?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'At or after this instant' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Before this instant' })
  @IsOptional()
  @IsInstant()
  to?: string;
}
