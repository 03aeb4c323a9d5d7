import { Injectable, UnauthorizedException } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '../../config/app-config';
import type { AuthUser } from '../../common/auth-user';
import { UsersService } from '../users/users.service';
import { accessTokenSubject } from '../../common/access-token';
import { accountRefusal } from '../users/account-refusal';

/**
 * Checks the access token, then the account's current state: a suspended user's
 * still-unexpired tokens stop working on the next request.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly users: UsersService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject: given a string, jsonwebtoken first tries (and fails) to parse it as a public key and
      // then builds a secret key, on every request.
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as string,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(payload: unknown): Promise<AuthUser> {
    const subject = accessTokenSubject(payload);
    const user = subject ? await this.users.findAuthState(subject) : null;
    if (!user) throw new UnauthorizedException('Your session has expired; please sign in again');
    const refusal = accountRefusal({ status: user.status, statusReason: null });
    if (refusal) throw new UnauthorizedException(refusal);
    return { id: user.id, role: user.role, status: user.status };
  }
}
