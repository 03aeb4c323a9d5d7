import { jest } from '@jest/globals';
import { UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { Public } from '../decorators/public.decorator';
import { JwtAuthGuard } from './jwt-auth.guard';

class Handlers {
  @Public()
  open(): string {
    return 'open';
  }
  closed(): string {
    return 'closed';
  }
}

@Public()
class PublicController {
  anything(): string {
    return 'anything';
  }
}

function contextFor(controller: new () => object, handler: string): ExecutionContext {
  return {
    getClass: () => controller,
    getHandler: () => (controller.prototype as Record<string, unknown>)[handler],
    switchToHttp: () => ({ getRequest: () => ({ headers: {} }), getResponse: () => ({}) }),
  } as unknown as ExecutionContext;
}

describe('JwtAuthGuard', () => {
  const passportCanActivate = jest.spyOn(AuthGuard('jwt').prototype, 'canActivate');
  const guard = new JwtAuthGuard(new Reflector());

  beforeEach(() => {
    passportCanActivate.mockReset();
    passportCanActivate.mockResolvedValue(true);
  });
  afterAll(() => passportCanActivate.mockRestore());

  describe('canActivate', () => {
    it('lets a @Public handler through without asking passport', () => {
      expect(guard.canActivate(contextFor(Handlers, 'open'))).toBe(true);
      expect(passportCanActivate).not.toHaveBeenCalled();
    });

    it('lets every handler of a @Public controller through without asking passport', () => {
      expect(guard.canActivate(contextFor(PublicController, 'anything'))).toBe(true);
      expect(passportCanActivate).not.toHaveBeenCalled();
    });

    it('asks passport for any other handler', async () => {
      const context = contextFor(Handlers, 'closed');
      await expect(guard.canActivate(context)).resolves.toBe(true);
      expect(passportCanActivate).toHaveBeenCalledWith(context);
    });
  });

  describe('handleRequest', () => {
    it('passes the user through', () => {
      const user = { id: 'u1' };
      expect(guard.handleRequest(null, user)).toBe(user);
    });

    it('answers 401 when there is no user', () => {
      expect(() => guard.handleRequest(null, false)).toThrow(UnauthorizedException);
    });

    it('rethrows the strategy’s own error (e.g. a suspended account’s message)', () => {
      const error = new UnauthorizedException('This account has been suspended.');
      expect(() => guard.handleRequest(error, false)).toThrow(error);
    });
  });
});
