import type { Role, UserStatus } from '@carebook/shared';

/** What a request knows about its caller once the access token has been checked. */
export interface AuthUser {
  id: string;
  role: Role;
  status: UserStatus;
}
