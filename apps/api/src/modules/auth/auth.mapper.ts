import type { PatientProfile } from '../patients/patient-profile.entity';
import type { User } from '../users/user.entity';
import type { AccountDto, UserDto } from './dto/auth.dto';

export function toUserDto(user: Pick<User, 'id' | 'email' | 'fullName' | 'role' | 'status'>): UserDto {
  return { id: user.id, email: user.email, fullName: user.fullName, role: user.role, status: user.status };
}

export function toAccountDto(
  user: User,
  specialty: string | null,
  patient: Pick<PatientProfile, 'dateOfBirth' | 'gender'> | null = null,
): AccountDto {
  return {
    ...toUserDto(user),
    phone: user.phone ?? null,
    createdAt: user.createdAt.toISOString(),
    statusReason: user.statusReason ?? null,
    specialty,
    dateOfBirth: patient?.dateOfBirth ?? null,
    gender: patient?.gender ?? null,
  };
}
