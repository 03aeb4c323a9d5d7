import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Role } from '@carebook/shared';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../common/clock';
import type { AccessTokenClaims } from '../../common/access-token';
import { AuthRepository } from './auth.repository';

interface AccessTokenPayload extends AccessTokenClaims {
  role: Role;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

const INVALID = 'Your session has expired; please sign in again';
/** A used token presented again within this window is a concurrent refresh, not a replay. */
const REUSE_LEEWAY_MS = 10_000;

/**
 * Access tokens: short-lived JWTs carrying only the user id, role and the account's token version.
 * Refresh tokens: "<id>.<secret>", stored as a SHA-256 of the secret, single use, rotated in
 * families; presenting a used one revokes the family (it was stolen or replayed).
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly repository: AuthRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async issue(user: { id: string; role: Role; tokenVersion: number }, familyId: string = randomUUID()): Promise<IssuedTokens> {
    const payload: AccessTokenPayload = { sub: user.id, role: user.role, ver: user.tokenVersion };
    const accessToken = await this.jwt.signAsync(payload, { expiresIn: this.config.accessTokenTtlSeconds });
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + this.config.refreshTokenTtlDays * 86_400_000);
    const now = this.clock.now();
    await this.repository.insertRefreshToken({
      id,
      userId: user.id,
      familyId,
      tokenHash: sha256(secret),
      expiresAt,
      createdAt: now,
    });
    return { accessToken, refreshToken: `${id}.${secret}`, expiresIn: this.config.accessTokenTtlSeconds };
  }

  private parse(refreshToken: string): { id: string; hash: string } | null {
    // The id must be a real UUID (8-4-4-4-12): anything else would reach the uuid column and fail
    // there as a database error instead of being the 401 of any unknown token.
    const match = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{20,100})$/.exec(refreshToken);
    return match ? { id: match[1], hash: sha256(match[2]) } : null;
  }

  /**
   * Marks the token used and returns its user and family, or throws 401. The conditional UPDATE
   * makes concurrent uses of one token race safely: exactly one of them wins.
   */
  async consume(refreshToken: string): Promise<{ userId: string; familyId: string }> {
    const parsed = this.parse(refreshToken);
    if (!parsed) throw new UnauthorizedException(INVALID);
    const now = this.clock.now();
    const won = await this.repository.useRefreshToken(parsed.id, parsed.hash, now);
    if (won) return { userId: won.user_id, familyId: won.family_id };

    const existing = await this.repository.findRefreshToken(parsed.id);
    if (existing && sameHash(existing.tokenHash, parsed.hash) && existing.usedAt) {
      // Two tabs refreshing at the same moment is not theft: refuse the loser without revoking.
      if (now.getTime() - existing.usedAt.getTime() < REUSE_LEEWAY_MS) {
        throw new UnauthorizedException('This session was just refreshed elsewhere; use the newer token');
      }
      await this.revokeFamily(existing.familyId);
      throw new UnauthorizedException('This sign-in was used elsewhere; for your safety please sign in again');
    }
    throw new UnauthorizedException(INVALID);
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.repository.revokeFamily(familyId, this.clock.now());
  }

  /** Logout: revokes the family of a token the caller owns; unknown tokens are ignored. */
  /** Revokes the family of a refresh token the user owns; answers whether a session of theirs ended. */
  async revokeOwned(refreshToken: string, userId: string): Promise<boolean> {
    const parsed = this.parse(refreshToken);
    if (!parsed) return false;
    return this.repository.revokeOwnedFamily(parsed.id, parsed.hash, userId, this.clock.now());
  }

  async revokeAllFor(userId: string): Promise<void> {
    await this.repository.revokeAllOf(userId, this.clock.now());
  }
}
