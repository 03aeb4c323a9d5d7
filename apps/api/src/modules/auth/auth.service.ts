import {
  ForbiddenException,
  HttpStatus,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Clock } from '../../common/clock';
import { fieldException } from '../../common/exceptions';
import { NotificationsService } from '../notifications/notifications.service';
import type { AuthUser } from '../../common/auth-user';
import { DoctorsService } from '../doctors/doctors.service';
import { PatientsService } from '../patients/patients.service';
import { Realtime } from '../realtime/realtime.service';
import { UsersService } from '../users/users.service';
import type {
  AccountDto,
  AuthSession,
  ChangePasswordRequest,
  ForgotPasswordRequest,
  LoginRequest,
  RegisterRequest,
  RegisterResponse,
  ResetPasswordRequest,
  UpdateMeRequest,
} from './dto/auth.dto';
import { PasswordTokens } from './password-tokens';
import { toAccountDto, toUserDto } from './auth.mapper';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordHasher } from './password-hasher';
import { passwordProblem } from './password-policy';
import { TokenService } from './token.service';
import { accountRefusal } from '../users/account-refusal';

const BAD_CREDENTIALS = 'Invalid email or password';
/** Reset links one account may be sent per hour: enough for a lost email, too few to flood an inbox. */
const RESETS_PER_HOUR = 3;

@Injectable()
export class AuthService {
  /** Verified against when the email is unknown, so both failures take the same time. */
  private dummyHash?: Promise<string>;

  constructor(
    private readonly em: EntityManager,
    private readonly users: UsersService,
    private readonly doctors: DoctorsService,
    private readonly patients: PatientsService,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottleService,
    private readonly passwordTokens: PasswordTokens,
    private readonly notifications: NotificationsService,
    private readonly realtime: Realtime,
    private readonly clock: Clock,
  ) {}

  async register(input: RegisterRequest, ip: string): Promise<RegisterResponse> {
    await this.throttle.reserveRegistration(ip);
    const problem = passwordProblem(input.password, { email: input.email, fullName: input.fullName });
    if (problem) throw fieldException(HttpStatus.BAD_REQUEST, 'password', problem, 'Validation failed');
    if (await this.users.emailTaken(input.email)) throw this.emailTaken();

    const specialty =
      input.role === 'doctor' ? await this.doctors.findSpecialtyByName(input.specialty ?? '') : null;
    if (input.role === 'doctor' && !specialty) {
      throw fieldException(HttpStatus.BAD_REQUEST, 'specialty', 'must be one of the clinic’s specialties', 'Validation failed');
    }
    await this.patients.checkDateOfBirth(input.dateOfBirth);

    const user = this.users.create({
      email: input.email,
      fullName: input.fullName,
      role: input.role,
      status: input.role === 'doctor' ? 'pending' : 'active',
      phone: input.phone || null,
      passwordHash: await this.hasher.hash(input.password),
    });
    if (input.role === 'doctor' && specialty) {
      this.doctors.createProfile(user, specialty, input.licenseNumber ?? '');
    } else {
      this.patients.createProfile(user, { dateOfBirth: input.dateOfBirth, gender: input.gender });
    }
    try {
      await this.em.flush();
    } catch (error) {
      // Two registrations for one email at once: the unique index decides.
      if (error instanceof UniqueConstraintViolationException) throw this.emailTaken();
      throw error;
    }
    return { user: toUserDto(user) };
  }

  private emailTaken() {
    return fieldException(HttpStatus.CONFLICT, 'email', 'is already registered', 'An account with this email already exists');
  }

  async login(input: LoginRequest, ip: string): Promise<AuthSession> {
    await this.throttle.reserveAttempt(input.email, ip);
    const user = await this.users.findByEmailForLogin(input.email);
    const valid = user
      ? await this.hasher.verify(user.passwordHash, input.password)
      : await this.hasher.verify(await this.dummy(), input.password).then(() => false);
    if (!user || !valid) throw new UnauthorizedException(BAD_CREDENTIALS);
    await this.throttle.recordSuccess(input.email, ip);
    // A hash made with earlier parameters is replaced while the password is at hand.
    if (this.hasher.needsRehash(user.passwordHash)) {
      this.users.setPasswordHash(user, await this.hasher.hash(input.password));
      await this.em.flush();
    }
    const refusal = accountRefusal(user);
    if (refusal) throw new ForbiddenException(refusal);
    return { ...(await this.tokens.issue(user)), user: toUserDto(user) };
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hasher.hash('carebook-timing-equaliser');
    return this.dummyHash;
  }

  async refresh(refreshToken: string): Promise<AuthSession> {
    const { userId, familyId } = await this.tokens.consume(refreshToken);
    const user = await this.users.findById(userId);
    if (!user) throw new UnauthorizedException('Your session has expired; please sign in again');
    const refusal = accountRefusal(user);
    if (refusal) {
      await this.tokens.revokeFamily(familyId);
      throw new UnauthorizedException(refusal);
    }
    return { ...(await this.tokens.issue(user, familyId)), user: toUserDto(user) };
  }

  /**
   * Revokes this refresh token's family, when it is the caller's, and then ends the account's access tokens at
   * once (other devices get new ones with their own refresh tokens, unnoticed). Someone else's token, or a
   * spent one, signs nobody out.
   */
  async logout(caller: AuthUser, refreshToken: string): Promise<void> {
    if (await this.tokens.revokeOwned(refreshToken, caller.id)) await this.users.endAccessTokens(caller.id);
  }

  /**
   * Ends every session of a user (suspension, a password change or reset): refresh tokens and, at once, access
   * tokens and live connections on every instance. A socket's token is checked only when it connects, so without
   * the disconnect an old session would go on receiving the user's notifications and messages.
   */
  async signOutEverywhere(userId: string): Promise<void> {
    await this.tokens.revokeAllFor(userId);
    await this.users.endAccessTokens(userId);
    this.realtime.disconnectUser(userId);
  }

  async getAccount(caller: AuthUser): Promise<AccountDto> {
    const user = await this.users.findById(caller.id);
    if (!user) throw new UnauthorizedException('Your session has expired; please sign in again');
    const specialty =
      user.role === 'doctor' ? ((await this.doctors.profilesFor([user.id])).get(user.id)?.specialty.name ?? null) : null;
    const patient = user.role === 'patient' ? await this.patients.profileOf(user.id) : null;
    return toAccountDto(user, specialty, patient);
  }

  async updateAccount(caller: AuthUser, input: UpdateMeRequest): Promise<AccountDto> {
    const user = await this.users.findById(caller.id);
    if (!user) throw new UnauthorizedException('Your session has expired; please sign in again');
    this.users.updateContact(user, {
      fullName: input.fullName,
      phone: input.phone === undefined ? undefined : input.phone || null,
    });
    await this.em.flush();
    return this.getAccount(caller);
  }

  /** Changes the password and ends every session, this one included; answers this device's new session. */
  async changePassword(caller: AuthUser, input: ChangePasswordRequest): Promise<AuthSession> {
    const user = await this.users.findWithPassword(caller.id);
    if (!user) throw new UnauthorizedException('Your session has expired; please sign in again');
    if (!(await this.hasher.verify(user.passwordHash, input.currentPassword))) {
      throw fieldException(HttpStatus.BAD_REQUEST, 'currentPassword', 'is not your current password', 'Validation failed');
    }
    const problem = passwordProblem(input.newPassword, { email: user.email, fullName: user.fullName });
    if (problem) throw fieldException(HttpStatus.BAD_REQUEST, 'newPassword', problem, 'Validation failed');
    if (input.newPassword === input.currentPassword) {
      throw fieldException(HttpStatus.BAD_REQUEST, 'newPassword', 'must differ from the current password', 'Validation failed');
    }
    this.users.setPasswordHash(user, await this.hasher.hash(input.newPassword));
    await this.em.flush();
    // Other devices must sign in again with the new password; this one carries on with a new session.
    await this.signOutEverywhere(user.id);
    const state = await this.users.findAuthState(user.id);
    if (!state) throw new UnauthorizedException('Your session has expired; please sign in again');
    return { ...(await this.tokens.issue(state)), user: toUserDto(user) };
  }

  /**
   * Emails a single-use reset link valid for an hour, if the address belongs to an account that may sign in.
   * The answer is the same either way (no account enumeration); security emails ignore preferences.
   */
  async forgotPassword(input: ForgotPasswordRequest): Promise<void> {
    const user = await this.users.findByEmail(input.email);
    if (!user || user.status === 'suspended' || user.status === 'rejected') return;
    const now = this.clock.now();
    if ((await this.passwordTokens.resetsSince(user.id, new Date(now.getTime() - 3_600_000))) >= RESETS_PER_HOUR) return;
    await this.em.transactional(async () => {
      const { id, token } = await this.passwordTokens.issue(user.id, 'reset', now);
      await this.notifications.notify([
        {
          kind: 'password-reset',
          eventKey: `password-token:${id}`,
          recipientId: user.id,
          summary: 'Reset your password',
          link: `/reset-password?token=${token}`,
          actionLabel: 'Choose a new password',
        },
      ]);
    });
  }

  /** Sets the password from a reset or invitation link and ends every session of the account. */
  async resetPassword(input: ResetPasswordRequest): Promise<void> {
    const userId = await this.em.transactional(async () => {
      const id = await this.passwordTokens.redeem(input.token, this.clock.now());
      if (!id) throw fieldException(HttpStatus.BAD_REQUEST, 'token', 'is invalid, used or expired; ask for a new link', 'This link no longer works');
      const user = await this.users.findWithPassword(id);
      if (!user || user.status === 'suspended' || user.status === 'rejected') {
        throw fieldException(HttpStatus.BAD_REQUEST, 'token', 'belongs to an account that cannot sign in', 'This link no longer works');
      }
      const problem = passwordProblem(input.password, { email: user.email, fullName: user.fullName });
      if (problem) throw fieldException(HttpStatus.BAD_REQUEST, 'password', problem, 'Validation failed');
      this.users.setPasswordHash(user, await this.hasher.hash(input.password));
      await this.em.flush();
      return user.id;
    });
    await this.signOutEverywhere(userId);
  }
}
