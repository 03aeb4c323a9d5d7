import type { AdminApi, AuthApi, DoctorsApi } from '@carebook/api-client';
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
