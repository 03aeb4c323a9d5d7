import { SetMetadata } from '@nestjs/common';
import type { Role } from '@carebook/shared';

export const ROLES_KEY = 'carebook:roles';
/** Restricts a handler (or controller) to these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
