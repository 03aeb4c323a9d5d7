import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiSchema, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsPersonName } from '../../../common/decorators/field.decorators';
import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import {
  GENDERS,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  ROLES,
  SELF_REGISTER_ROLES,
  USER_STATUSES,
  type Gender,
  type Role,
  type SelfRegisterRole,
  type UserStatus,
} from '@carebook/shared';
import { BIRTH_DATE_DESCRIPTION } from '../../../common/birth-date';
import { IsClinicDate } from '../../../common/is-instant.decorator';
import { trim, trimLower } from '../../../common/transforms';

/** An email address, trimmed and lower-cased; `documentLimit` states its 254-character limit in the API document. */
function IsEmailAddress(options: { documentLimit?: boolean } = {}): PropertyDecorator {
  // In the order stacked decorators are applied: the bottom one first.
  return applyDecorators(
    MaxLength(254),
    IsEmail({}, { message: 'must be an email' }),
    Transform(trimLower),
    ApiProperty({ example: 'ada@example.com', ...(options.documentLimit ? { maxLength: 254 } : {}) }),
  );
}

/** Text that must be given (a token, a password to check) of at most `max` characters, not otherwise checked here. */
function IsRequiredText(max: number, doc: ApiPropertyOptions = {}): PropertyDecorator {
  // In the order stacked decorators are applied: the bottom one first.
  return applyDecorators(MaxLength(max), IsNotEmpty({ message: 'is required' }), IsString(), ApiProperty(doc));
}

/** A password being chosen: its length within the policy's limits, documented with them (the policy's other rules are checked by the service). */
function IsNewPassword(): PropertyDecorator {
  // In the order stacked decorators are applied: the bottom one first.
  return applyDecorators(
    IsString(),
    Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, { message: `must be between ${PASSWORD_MIN_LENGTH} and ${PASSWORD_MAX_LENGTH} characters` }),
    ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH }),
  );
}

@ApiSchema({ name: 'User' })
export class UserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'ada@example.com' }) email!: string;
  @ApiProperty({ example: 'Ada Lovelace' }) fullName!: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role!: Role;
  @ApiProperty({ enum: USER_STATUSES, enumName: 'UserStatus' }) status!: UserStatus;
}

@ApiSchema({ name: 'Account' })
export class AccountDto extends UserDto {
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Why the account was rejected or suspended' })
  statusReason!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Doctors only' }) specialty!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Patients only (prefills booking details)' })
  dateOfBirth!: string | null;
  @ApiProperty({ enum: GENDERS, enumName: 'Gender', nullable: true, description: 'Patients only' }) gender!: Gender | null;
}

export class RegisterRequest {
  @IsEmailAddress({ documentLimit: true })
  email!: string;

  @IsNewPassword()
  password!: string;

  @IsPersonName({ example: 'Ada Lovelace' })
  fullName!: string;

  @ApiProperty({ enum: SELF_REGISTER_ROLES, enumName: 'RegisterRole' })
  @IsIn(SELF_REGISTER_ROLES, { message: 'must be patient or doctor' })
  role!: SelfRegisterRole;

  @ApiPropertyOptional({ example: '+44 20 7946 0018' })
  @IsOptional()
  @Transform(trim)
  @Matches(/^\+?[0-9 ()-]{6,20}$/, { message: 'must be a phone number' })
  phone?: string;

  @ApiPropertyOptional({ format: 'date', example: '1990-04-01', description: BIRTH_DATE_DESCRIPTION })
  @IsOptional()
  @IsClinicDate()
  dateOfBirth?: string;

  @ApiPropertyOptional({ enum: GENDERS, enumName: 'Gender' })
  @IsOptional()
  @IsIn(GENDERS, { message: `must be one of ${GENDERS.join(', ')}` })
  gender?: Gender;

  @ApiPropertyOptional({ example: 'Cardiology', description: 'Required for doctors: a name from GET /api/specialties' })
  @ValidateIf((o: RegisterRequest) => o.role === 'doctor' || o.specialty !== undefined)
  @Transform(trim)
  @MaxLength(80)
  @IsString()
  @IsNotEmpty({ message: 'is required for doctors' })
  specialty?: string;

  @ApiPropertyOptional({ example: 'GMC-7012345', description: 'Required for doctors' })
  @ValidateIf((o: RegisterRequest) => o.role === 'doctor' || o.licenseNumber !== undefined)
  @Transform(trim)
  @Matches(/^[A-Za-z0-9 ./-]{3,40}$/, { message: 'must be 3–40 letters, digits, spaces, dots, slashes or dashes' })
  @IsString()
  @IsNotEmpty({ message: 'is required for doctors' })
  licenseNumber?: string;
}

export class RegisterResponse {
  @ApiProperty({ type: UserDto }) user!: UserDto;
}

export class LoginRequest {
  @IsEmailAddress()
  email!: string;

  @IsRequiredText(PASSWORD_MAX_LENGTH * 4)
  password!: string;
}

export class AuthSession {
  @ApiProperty({ description: 'JWT for the Authorization header' }) accessToken!: string;
  @ApiProperty({ description: 'Single-use token for POST /api/auth/refresh' }) refreshToken!: string;
  @ApiProperty({ example: 900, description: 'Seconds until the access token expires' }) expiresIn!: number;
  @ApiProperty({ type: UserDto }) user!: UserDto;
}

export class RefreshRequest {
  @IsRequiredText(200)
  refreshToken!: string;
}

export class UpdateMeRequest {
  @IsPersonName({ optional: true })
  fullName?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+44 20 7946 0018' })
  @IsOptional()
  @Transform(trim)
  @ValidateIf((_, value) => value !== null && value !== '')
  @Matches(/^\+?[0-9 ()-]{6,20}$/, { message: 'must be a phone number' })
  phone?: string | null;
}

export class ChangePasswordRequest {
  @IsRequiredText(PASSWORD_MAX_LENGTH * 4)
  currentPassword!: string;

  @IsNewPassword()
  newPassword!: string;
}

export class ForgotPasswordRequest {
  @IsEmailAddress()
  email!: string;
}

export class ResetPasswordRequest {
  @IsRequiredText(200, { description: 'The token from the emailed link' })
  token!: string;

  @IsNewPassword()
  password!: string;
}
