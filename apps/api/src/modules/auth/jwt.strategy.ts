import { Injectable, UnauthorizedException } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '../../config/app-config';
import type { AuthUser } from '../../common/auth-user';
import { UsersService } from '../users/users.service';
import { accessTokenClaims } from '../../common/access-token';
import { accountRefusal } from '../users/account-refusal';

const SESSION_OVER = 'Your session has expired; please sign in again';

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
    const claims = accessTokenClaims(payload);
    const user = claims ? await this.users.findAuthState(claims.sub) : null;
    if (!user) throw new UnauthorizedException(SESSION_OVER);
    // The account's own state first, so a suspended person is told so.
    const refusal = accountRefusal({ status: user.status, statusReason: null });
    if (refusal) throw new UnauthorizedException(refusal);
    // A raised token version (sign-out, password change) ends this token before its expiry.
    if (user.tokenVersion !== claims?.ver) throw new UnauthorizedException(SESSION_OVER);
    return { id: user.id, role: user.role, status: user.status };
  }
}
