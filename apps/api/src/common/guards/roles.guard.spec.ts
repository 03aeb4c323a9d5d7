import { ForbiddenException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@carebook/shared';
import { Roles } from '../decorators/roles.decorator';
import type { AuthUser } from '../auth-user';
import { RolesGuard } from './roles.guard';

class OpenController {
  anything(): string {
    return 'anything';
  }
}

@Roles('admin')
class AdminController {
  list(): string {
    return 'list';
  }
  @Roles('doctor', 'admin')
  shared(): string {
    return 'shared';
  }
}

function contextFor(controller: new () => object, handler: string, user?: Partial<AuthUser>): ExecutionContext {
  return {
    getClass: () => controller,
    getHandler: () => (controller.prototype as Record<string, unknown>)[handler],
    switchToHttp: () => ({ getRequest: () => ({ user }) }),
  } as unknown as ExecutionContext;
}

const as = (role: Role): Partial<AuthUser> => ({ id: 'u1', role, status: 'active' });

describe('RolesGuard', () => {
  const guard = new RolesGuard(new Reflector());

  describe('canActivate', () => {
    it('allows any caller, even an anonymous one, where no @Roles applies', () => {
      expect(guard.canActivate(contextFor(OpenController, 'anything', as('patient')))).toBe(true);
      expect(guard.canActivate(contextFor(OpenController, 'anything'))).toBe(true);
    });

    it('allows a caller with a listed role', () => {
      expect(guard.canActivate(contextFor(AdminController, 'list', as('admin')))).toBe(true);
    });

    it('refuses a caller with another role with ForbiddenException naming the allowed roles', () => {
      const attempt = () => guard.canActivate(contextFor(AdminController, 'list', as('patient')));
      expect(attempt).toThrow(ForbiddenException);
      expect(attempt).toThrow('Only admin accounts may do this');
    });

    it('refuses when there is no caller at all', () => {
      expect(() => guard.canActivate(contextFor(AdminController, 'list'))).toThrow(ForbiddenException);
    });

    it('lets a handler’s @Roles override the controller’s', () => {
      expect(guard.canActivate(contextFor(AdminController, 'shared', as('doctor')))).toBe(true);
      expect(() => guard.canActivate(contextFor(AdminController, 'shared', as('patient')))).toThrow(
        'Only doctor or admin accounts may do this',
      );
    });
  });
});
