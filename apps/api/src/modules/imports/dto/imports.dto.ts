import { ApiProperty } from '@nestjs/swagger';
import { IMPORT_STATUSES, type ImportRefusal, type ImportStatus } from '@carebook/shared';

export class ImportStartedDto {
  @ApiProperty({ format: 'uuid', description: 'Follow it with GET /api/admin/imports/{id} or the import:progress socket event' })
  id!: string;
}

export class ImportRefusalDto implements ImportRefusal {
  @ApiProperty({ description: 'The line in the file (the header is line 1)', example: 7 }) row!: number;
  @ApiProperty({ description: 'fullName, email, phone, dateOfBirth, gender, or row (the line as a whole)', example: 'email' }) field!: string;
  @ApiProperty({ example: 'must be an email' }) message!: string;
}

export class ImportSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'patients.csv' }) fileName!: string;
  @ApiProperty({ enum: IMPORT_STATUSES, enumName: 'ImportStatus' }) status!: ImportStatus;
  @ApiProperty({ description: 'Data rows in the file (blank lines aside); an estimate while running, exact once done' }) total!: number;
  @ApiProperty({ description: 'Rows read so far: created + skipped + refused' }) processed!: number;
  @ApiProperty({ description: 'Patients created and invited' }) created!: number;
  @ApiProperty({ description: 'Rows whose email already had an account, or came earlier in the file' }) skipped!: number;
  @ApiProperty({ description: 'Rows refused' }) refusedCount!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Why a failed import stopped' }) error!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
}

export class ImportDto extends ImportSummaryDto {
  @ApiProperty({
    type: [ImportRefusalDto],
    description: 'Why rows were refused, one entry per problem (a row may have several), in file order; the first 1,000',
  })
  refused!: ImportRefusalDto[];
}

export class ImportPage {
  @ApiProperty({ type: [ImportSummaryDto] }) items!: ImportSummaryDto[];
  @ApiProperty() total!: number;
}
