import { jest } from '@jest/globals';
import { ForbiddenException, HttpException, UnauthorizedException } from '@nestjs/common';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import type { UserStatus } from '@carebook/shared';
import { TooManyAttemptsException } from '../../common/exceptions';
import type { DoctorsService } from '../doctors/doctors.service';
import type { Specialty } from '../doctors/specialty.entity';
import type { PatientsService } from '../patients/patients.service';
import type { Realtime } from '../realtime/realtime.service';
import type { User } from '../users/user.entity';
import type { NewUser, UsersService } from '../users/users.service';
import { AuthService } from './auth.service';
import type { LoginThrottleService } from './login-throttle.service';
import type { IssuedTokens, TokenService } from './token.service';
import { Clock } from '../../common/clock';
import type { NotificationsService } from '../notifications/notifications.service';
import type { PasswordTokens } from './password-tokens';
import type { PasswordHasher } from './password-hasher';

const PASSWORD = 'Tulip-Orbit-Canvas-42';
const CARDIOLOGY = { id: 'spec-1', name: 'Cardiology' } as Specialty;
const TOKENS: IssuedTokens = { accessToken: 'access', refreshToken: 'refresh', expiresIn: 900 };

function userWith(overrides: Partial<User> = {}): User {
  return {
    id: 'user-1',
    email: 'ada@example.com',
    fullName: 'Ada Lovelace',
    role: 'patient',
    status: 'active',
    statusReason: null,
    phone: null,
    passwordHash: 'hash-of-right-password',
    createdAt: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  } as User;
}

const IP = '203.0.113.9';

/** In-memory stand-ins for everything AuthService talks to. */
function fakes() {
  const em = { flush: jest.fn<() => Promise<void>>().mockResolvedValue(undefined) };
  const users = {
    emailTaken: jest.fn<(email: string) => Promise<boolean>>().mockResolvedValue(false),
    create: jest.fn((input: NewUser) => userWith({ id: 'new-user', ...input })),
    findByEmailForLogin: jest.fn<(email: string) => Promise<User | null>>().mockResolvedValue(null),
    findById: jest.fn<(id: string) => Promise<User | null>>().mockResolvedValue(null),
    findWithPassword: jest.fn<(id: string) => Promise<User | null>>().mockResolvedValue(null),
    endAccessTokens: jest.fn<(id: string) => Promise<void>>().mockResolvedValue(undefined),
    findAuthState: jest
      .fn<(id: string) => Promise<{ id: string; role: 'patient'; status: 'active'; tokenVersion: number } | null>>()
      .mockImplementation((id) => Promise.resolve({ id, role: 'patient', status: 'active', tokenVersion: 1 })),
    updateContact: jest.fn((user: User, input: { fullName?: string; phone?: string | null }) => {
      if (input.fullName !== undefined) user.fullName = input.fullName;
      if (input.phone !== undefined) user.phone = input.phone;
    }),
    setPasswordHash: jest.fn((user: User, passwordHash: string) => {
      user.passwordHash = passwordHash;
    }),
  };
  const doctors = {
    findSpecialtyByName: jest
      .fn<(name: string) => Promise<Specialty | null>>()
      .mockImplementation((name) => Promise.resolve(name.toLowerCase() === 'cardiology' ? CARDIOLOGY : null)),
    createProfile: jest.fn(),
    profilesFor: jest.fn<(ids: string[]) => Promise<Map<string, unknown>>>().mockResolvedValue(new Map()),
  };
  const patients = {
    createProfile: jest.fn(),
    // the rule itself is tested through HTTP (auth.int-spec.ts)
    checkDateOfBirth: jest.fn<(dateOfBirth: string | null | undefined) => Promise<void>>().mockResolvedValue(undefined),
  };
  const hasher = {
    hash: jest.fn((password: string) => Promise.resolve(`hash-of-${password}`)),
    verify: jest.fn((hash: string, password: string) =>
      Promise.resolve(hash === 'hash-of-right-password' && password === PASSWORD),
    ),
    needsRehash: jest.fn(() => false),
  };
  const tokens = {
    issue: jest.fn<(user: { id: string }, familyId?: string) => Promise<IssuedTokens>>().mockResolvedValue(TOKENS),
    consume: jest.fn<(token: string) => Promise<{ userId: string; familyId: string }>>(),
    revokeFamily: jest.fn<(familyId: string) => Promise<void>>().mockResolvedValue(undefined),
    revokeOwned: jest.fn<(token: string, userId: string) => Promise<boolean>>().mockResolvedValue(true),
    revokeAllFor: jest.fn<(userId: string) => Promise<void>>().mockResolvedValue(undefined),
  };
  const throttle = {
    reserveAttempt: jest.fn<(email: string, ip: string) => Promise<void>>().mockResolvedValue(undefined),
    reserveRegistration: jest.fn<(ip: string) => Promise<void>>().mockResolvedValue(undefined),
    recordSuccess: jest.fn<(email: string, ip: string) => Promise<void>>().mockResolvedValue(undefined),
  };
  const realtime = { disconnectUser: jest.fn<(userId: string) => void>() };
  const service = new AuthService(
    em as unknown as EntityManager,
    users as unknown as UsersService,
    doctors as unknown as DoctorsService,
    patients as unknown as PatientsService,
    hasher as unknown as PasswordHasher,
    tokens as unknown as TokenService,
    throttle as unknown as LoginThrottleService,
    // password resets are tested through HTTP (notifications-bell.int-spec.ts)
    {} as PasswordTokens,
    {} as NotificationsService,
    realtime as unknown as Realtime,
    new Clock(),
  );
  return { service, em, users, doctors, patients, hasher, tokens, throttle, realtime };
}

/** The body of an HttpException, for checking field details. */
async function refusal(promise: Promise<unknown>): Promise<{ status: number; body: unknown }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpException) return { status: error.getStatus(), body: error.getResponse() };
    throw error;
  }
  throw new Error('expected the call to be refused');
}

describe('AuthService', () => {
  describe('register', () => {
    it('creates a patient as active, with a patient profile and a hashed password', async () => {
      const f = fakes();
      const result = await f.service.register({
        email: 'ada@example.com',
        password: PASSWORD,
        fullName: 'Ada Lovelace',
        role: 'patient',
        dateOfBirth: '1990-04-01',
      }, IP);
      expect(f.users.create).toHaveBeenCalledWith(
        expect.objectContaining({ role: 'patient', status: 'active', passwordHash: `hash-of-${PASSWORD}` }),
      );
      expect(f.patients.createProfile).toHaveBeenCalledWith(expect.objectContaining({ id: 'new-user' }), {
        dateOfBirth: '1990-04-01',
        gender: undefined,
      });
      expect(f.doctors.createProfile).not.toHaveBeenCalled();
      expect(f.em.flush).toHaveBeenCalledTimes(1);
      expect(result.user).toEqual({
        id: 'new-user',
        email: 'ada@example.com',
        fullName: 'Ada Lovelace',
        role: 'patient',
        status: 'active',
      });
    });

    it('creates a doctor as pending, with a doctor profile for the named specialty', async () => {
      const f = fakes();
      const result = await f.service.register({
        email: 'hana@example.com',
        password: PASSWORD,
        fullName: 'Hana Okafor',
        role: 'doctor',
        specialty: 'cardiology',
        licenseNumber: 'GMC-7012345',
      }, IP);
      expect(f.users.create).toHaveBeenCalledWith(expect.objectContaining({ role: 'doctor', status: 'pending' }));
      expect(f.doctors.createProfile).toHaveBeenCalledWith(expect.objectContaining({ id: 'new-user' }), CARDIOLOGY, 'GMC-7012345');
      expect(f.patients.createProfile).not.toHaveBeenCalled();
      expect(result.user.status).toBe('pending');
    });

    it('refuses an unknown specialty on field specialty, creating nothing', async () => {
      const f = fakes();
      const { status, body } = await refusal(
        f.service.register({
          email: 'x@example.com',
          password: PASSWORD,
          fullName: 'Dr X',
          role: 'doctor',
          specialty: 'Astrology',
          licenseNumber: 'GMC-1',
        }, IP),
      );
      expect(status).toBe(400);
      expect(body).toMatchObject({ details: [{ field: 'specialty' }] });
      expect(f.users.create).not.toHaveBeenCalled();
      expect(f.em.flush).not.toHaveBeenCalled();
    });

    it('refuses a weak password on field password before touching the database', async () => {
      const f = fakes();
      const { status, body } = await refusal(
        f.service.register({ email: 'ada@example.com', password: 'Password2026!!', fullName: 'Ada Lovelace', role: 'patient' }, IP),
      );
      expect(status).toBe(400);
      expect(body).toMatchObject({ details: [{ field: 'password', message: expect.stringMatching(/too common/) }] });
      expect(f.users.emailTaken).not.toHaveBeenCalled();
    });

    it('answers 409 on field email when the email is taken, checked up front or by the unique index', async () => {
      const taken = fakes();
      taken.users.emailTaken.mockResolvedValue(true);
      const input = { email: 'ada@example.com', password: PASSWORD, fullName: 'Ada Lovelace', role: 'patient' as const };
      const first = await refusal(taken.service.register(input, IP));
      expect(first).toMatchObject({ status: 409, body: { details: [{ field: 'email' }] } });
      expect(taken.em.flush).not.toHaveBeenCalled();

      const raced = fakes();
      raced.em.flush.mockRejectedValue(new UniqueConstraintViolationException(new Error('duplicate key value')));
      const second = await refusal(raced.service.register(input, IP));
      expect(second).toMatchObject({ status: 409, body: { details: [{ field: 'email' }] } });
    });

    it('lets other database failures through', async () => {
      const f = fakes();
      const failure = new Error('connection lost');
      f.em.flush.mockRejectedValue(failure);
      await expect(
        f.service.register({ email: 'ada@example.com', password: PASSWORD, fullName: 'Ada Lovelace', role: 'patient' }, IP),
      ).rejects.toBe(failure);
    });
  });

  describe('login', () => {
    it('issues tokens for the right password and clears the account’s failures', async () => {
      const f = fakes();
      f.users.findByEmailForLogin.mockResolvedValue(userWith());
      const session = await f.service.login({ email: 'ada@example.com', password: PASSWORD }, '10.0.0.1');
      expect(session).toEqual({ ...TOKENS, user: expect.objectContaining({ id: 'user-1', status: 'active' }) });
      expect(f.throttle.reserveAttempt).toHaveBeenCalledWith('ada@example.com', '10.0.0.1');
      expect(f.throttle.recordSuccess).toHaveBeenCalledWith('ada@example.com', '10.0.0.1');
    });

    it('counts the attempt and throws 401 on a wrong password, issuing nothing', async () => {
      const f = fakes();
      f.users.findByEmailForLogin.mockResolvedValue(userWith());
      await expect(f.service.login({ email: 'ada@example.com', password: 'wrong-password' }, '10.0.0.1')).rejects.toThrow(
        new UnauthorizedException('Invalid email or password'),
      );
      expect(f.throttle.reserveAttempt).toHaveBeenCalledWith('ada@example.com', '10.0.0.1');
      expect(f.throttle.recordSuccess).not.toHaveBeenCalled();
      expect(f.tokens.issue).not.toHaveBeenCalled();
    });

    it('answers an unknown email exactly like a wrong password, still verifying a hash', async () => {
      const f = fakes();
      await expect(f.service.login({ email: 'nobody@example.com', password: PASSWORD }, '10.0.0.1')).rejects.toThrow(
        new UnauthorizedException('Invalid email or password'),
      );
      expect(f.hasher.verify).toHaveBeenCalledTimes(1);
      expect(f.throttle.reserveAttempt).toHaveBeenCalledWith('nobody@example.com', '10.0.0.1');
      expect(f.throttle.recordSuccess).not.toHaveBeenCalled();
    });

    it.each<[UserStatus, RegExp]>([
      ['suspended', /suspended\. Reason: Spam/],
      ['rejected', /not approved\. Reason: Spam/],
    ])('refuses a %s account with 403 and its reason, even with the right password', async (status, message) => {
      const f = fakes();
      f.users.findByEmailForLogin.mockResolvedValue(userWith({ status, statusReason: 'Spam' }));
      const attempt = f.service.login({ email: 'ada@example.com', password: PASSWORD }, '10.0.0.1');
      await expect(attempt).rejects.toBeInstanceOf(ForbiddenException);
      await expect(attempt).rejects.toThrow(message);
      expect(f.tokens.issue).not.toHaveBeenCalled();
    });

    it('lets a pending doctor sign in', async () => {
      const f = fakes();
      f.users.findByEmailForLogin.mockResolvedValue(userWith({ role: 'doctor', status: 'pending' }));
      const session = await f.service.login({ email: 'ada@example.com', password: PASSWORD }, '10.0.0.1');
      expect(session.user.status).toBe('pending');
    });

    it('does not even check the password while throttled', async () => {
      const f = fakes();
      f.throttle.reserveAttempt.mockRejectedValue(new TooManyAttemptsException(60));
      await expect(f.service.login({ email: 'ada@example.com', password: PASSWORD }, '10.0.0.1')).rejects.toBeInstanceOf(
        TooManyAttemptsException,
      );
      expect(f.hasher.verify).not.toHaveBeenCalled();
      expect(f.tokens.issue).not.toHaveBeenCalled();
    });
  });

  describe('refresh', () => {
    it('issues a new pair in the same family', async () => {
      const f = fakes();
      f.tokens.consume.mockResolvedValue({ userId: 'user-1', familyId: 'family-1' });
      f.users.findById.mockResolvedValue(userWith());
      const session = await f.service.refresh('old-token');
      expect(f.tokens.issue).toHaveBeenCalledWith(expect.objectContaining({ id: 'user-1' }), 'family-1');
      expect(session.accessToken).toBe('access');
    });

    it('revokes the family and answers 401 for a suspended user', async () => {
      const f = fakes();
      f.tokens.consume.mockResolvedValue({ userId: 'user-1', familyId: 'family-1' });
      f.users.findById.mockResolvedValue(userWith({ status: 'suspended' }));
      await expect(f.service.refresh('old-token')).rejects.toBeInstanceOf(UnauthorizedException);
      expect(f.tokens.revokeFamily).toHaveBeenCalledWith('family-1');
      expect(f.tokens.issue).not.toHaveBeenCalled();
    });

    it('answers 401 when the user no longer exists', async () => {
      const f = fakes();
      f.tokens.consume.mockResolvedValue({ userId: 'gone', familyId: 'family-1' });
      await expect(f.service.refresh('old-token')).rejects.toBeInstanceOf(UnauthorizedException);
      expect(f.tokens.issue).not.toHaveBeenCalled();
    });
  });

  describe('changePassword', () => {
    const caller = { id: 'user-1', role: 'patient' as const, status: 'active' as const };

    it('stores the new hash, ends every session and its access tokens, and answers a new session for this device', async () => {
      const f = fakes();
      const user = userWith();
      f.users.findWithPassword.mockResolvedValue(user);
      const session = await f.service.changePassword(caller, { currentPassword: PASSWORD, newPassword: 'Marble-Harbour-Violin-73' });
      expect(user.passwordHash).toBe('hash-of-Marble-Harbour-Violin-73');
      expect(f.em.flush).toHaveBeenCalled();
      expect(f.tokens.revokeAllFor).toHaveBeenCalledWith('user-1');
      expect(f.users.endAccessTokens).toHaveBeenCalledWith('user-1');
      expect(f.realtime.disconnectUser).toHaveBeenCalledWith('user-1');
      // the new session carries the raised token version
      expect(f.tokens.issue).toHaveBeenCalledWith(expect.objectContaining({ id: 'user-1', tokenVersion: 1 }));
      expect(session).toMatchObject({ accessToken: TOKENS.accessToken });
    });

    it('refuses a wrong current password on field currentPassword, changing nothing', async () => {
      const f = fakes();
      f.users.findWithPassword.mockResolvedValue(userWith());
      const { status, body } = await refusal(
        f.service.changePassword(caller, { currentPassword: 'nope', newPassword: 'Marble-Harbour-Violin-73' }),
      );
      expect(status).toBe(400);
      expect(body).toMatchObject({ details: [{ field: 'currentPassword' }] });
      expect(f.em.flush).not.toHaveBeenCalled();
      expect(f.tokens.revokeAllFor).not.toHaveBeenCalled();
    });

    it('refuses a new password equal to the current one on field newPassword', async () => {
      const f = fakes();
      f.users.findWithPassword.mockResolvedValue(userWith());
      const { body } = await refusal(f.service.changePassword(caller, { currentPassword: PASSWORD, newPassword: PASSWORD }));
      expect(body).toMatchObject({ details: [{ field: 'newPassword', message: 'must differ from the current password' }] });
    });
  });

  describe('logout', () => {
    it('revokes only a token the caller owns, and then ends the caller’s access tokens', async () => {
      const f = fakes();
      await f.service.logout({ id: 'user-1', role: 'patient', status: 'active' }, 'refresh');
      expect(f.tokens.revokeOwned).toHaveBeenCalledWith('refresh', 'user-1');
      expect(f.users.endAccessTokens).toHaveBeenCalledWith('user-1');
    });

    it('signs nobody out for a token that is not the caller’s', async () => {
      const f = fakes();
      f.tokens.revokeOwned.mockResolvedValue(false);
      await f.service.logout({ id: 'user-1', role: 'patient', status: 'active' }, 'someone-elses');
      expect(f.users.endAccessTokens).not.toHaveBeenCalled();
    });
  });
});
