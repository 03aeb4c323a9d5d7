import type { AdminApi, AuthApi, ClinicApi, DoctorsApi } from '@carebook/api-client';
import type { ObservedValueOf } from 'rxjs';

// Derived from the generated operations, so the portal follows the contract by operation rather than by
// whatever names the schemas are given.
type Answer<F extends (...args: never[]) => unknown> = ObservedValueOf<ReturnType<F>>;
type Body<F extends (...args: never[]) => unknown> = NonNullable<Parameters<F>[0]> extends { body?: infer B }
  ? B
  : never;

export type AuthSession = Answer<AuthApi['login']>;
export type SessionUser = AuthSession['user'];
export type Account = Answer<AuthApi['getMe']>;
export type RegisterRequest = Body<AuthApi['register']>;
export type UpdateMeRequest = Body<AuthApi['updateMe']>;
export type AdminUser = Answer<AdminApi['approveDoctor']>;
export type Specialty = Answer<DoctorsApi['listSpecialties']>[number];
export type ClinicInfo = Answer<ClinicApi['getClinicInfo']>;
export type ClinicSettings = Answer<AdminApi['getClinicSettings']>;
export type ClinicSettingsInput = Body<AdminApi['updateClinicSettings']>;
export type SettingsRevision = Answer<AdminApi['getClinicSettingsHistory']>[number];
export type Holiday = Answer<AdminApi['listHolidays']>[number];
export type Doctor = Answer<DoctorsApi['listDoctors']>['items'][number];
export type TopDoctor = Answer<DoctorsApi['listTopDoctors']>[number];
export type DoctorProfile = Answer<DoctorsApi['getDoctor']>;
export type MyDoctorProfile = Answer<DoctorsApi['getMyDoctorProfile']>;
export type UpdateDoctorProfileRequest = Body<DoctorsApi['updateMyDoctorProfile']>;
export type Availability = Answer<DoctorsApi['getMyAvailability']>;
export type WeeklyWindow = Availability['weekly'][number];
export type TimeOff = Answer<DoctorsApi['listMyTimeOff']>[number];
export type Slot = Answer<DoctorsApi['getDoctorSlots']>[number];
