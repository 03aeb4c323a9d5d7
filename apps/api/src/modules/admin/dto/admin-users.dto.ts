import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ROLES, USER_STATUSES, type Role, type UserStatus } from '@carebook/shared';
import { PageQuery } from '../../../common/dto/pagination.dto';
import { trim } from '../../../common/transforms';
import { UserDto } from '../../auth/dto/auth.dto';

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES, enumName: 'Role' })
  @IsOptional()
  @IsIn(ROLES, { message: `must be one of ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ enum: USER_STATUSES, enumName: 'UserStatus' })
  @IsOptional()
  @IsIn(USER_STATUSES, { message: `must be one of ${USER_STATUSES.join(', ')}` })
  status?: UserStatus;

  @ApiPropertyOptional({ description: 'Part of the name or email' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  q?: string;
}

@ApiSchema({ name: 'AdminUser' })
export class AdminUserDto extends UserDto {
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) statusReason!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Doctors only' }) specialty!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Doctors only' }) licenseNumber!: string | null;
}

export class AdminUserPage {
  @ApiProperty({ type: [AdminUserDto] }) items!: AdminUserDto[];
  @ApiProperty({ example: 42 }) total!: number;
}

export class DecisionRequest {
  @ApiPropertyOptional({ maxLength: 500, description: 'Shown to the user' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  reason?: string;
}
