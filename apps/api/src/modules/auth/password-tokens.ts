import { Injectable } from '@nestjs/common';
import { raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { createHash, randomBytes } from 'node:crypto';
import { executeBound } from '../../database/bound-statement';

export type PasswordTokenPurpose = 'reset' | 'invite';

/** How long each kind of link works: a reset one hour, an invitation seven days. */
export const PASSWORD_TOKEN_TTL_MS: Record<PasswordTokenPurpose, number> = { reset: 3_600_000, invite: 7 * 86_400_000 };

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Single-use links that set a password (`password_tokens`, the auth module's). The link carries 32 random
 * bytes; only their SHA-256 is stored here. The email's delivery holds the link until it is sent; with real
 * mail it then forgets it, and admins never read it (Outbox.withholdsLink). Statements run in the caller's
 * transaction, so a token exists exactly when the email carrying it was queued.
 */
@Injectable()
export class PasswordTokens {
  constructor(private readonly em: EntityManager) {}

  async issue(userId: string, purpose: PasswordTokenPurpose, now: Date): Promise<{ id: string; token: string }> {
    const token = randomBytes(32).toString('base64url');
    const [row] = await this.em.execute<{ id: string }[]>(
      raw(
        `insert into password_tokens (user_id, token_hash, purpose, expires_at, created_at)
         values (:userId, :hash, :purpose, :expiresAt, :now) returning id`,
        { userId, hash: hash(token), purpose, expiresAt: new Date(now.getTime() + PASSWORD_TOKEN_TTL_MS[purpose]), now },
      ),
    );
    return { id: row.id, token };
  }

  /** One link per account, in one statement of the caller's transaction (an import's invitations). */
  async issueMany(userIds: readonly string[], purpose: PasswordTokenPurpose, now: Date): Promise<{ id: string; userId: string; token: string }[]> {
    if (userIds.length === 0) return [];
    const tokens = userIds.map((userId) => ({ userId, token: randomBytes(32).toString('base64url') }));
    const byHash = new Map(tokens.map((t) => [hash(t.token), t]));
    const rows = await executeBound<{ id: string; token_hash: string }>(
      this.em,
      `insert into password_tokens (user_id, token_hash, purpose, expires_at, created_at)
       select "userId", hash, $2::text, $3::timestamptz, $4::timestamptz from jsonb_to_recordset($1::jsonb) as r("userId" uuid, hash text)
       returning id, token_hash`,
      [
        JSON.stringify([...byHash].map(([tokenHash, t]) => ({ userId: t.userId, hash: tokenHash }))),
        purpose,
        new Date(now.getTime() + PASSWORD_TOKEN_TTL_MS[purpose]),
        now,
      ],
    );
    return rows.map((row) => {
      const issued = byHash.get(row.token_hash) as { userId: string; token: string };
      return { id: row.id, userId: issued.userId, token: issued.token };
    });
  }

  /** Reset links asked for this account since `since` (a limit on how many one can request). */
  async resetsSince(userId: string, since: Date): Promise<number> {
    const [row] = await this.em.execute<{ n: string }[]>(
      raw(`select count(*) as n from password_tokens where user_id = :userId and purpose = 'reset' and created_at > :since`, { userId, since }),
    );
    return Number(row.n);
  }

  /** Uses the token if it is valid, unused and unexpired (one statement: two uses at once cannot both win); its account, or null. */
  async redeem(token: string, now: Date): Promise<string | null> {
    const [row] = await this.em.execute<{ user_id: string }[]>(
      raw(
        `update password_tokens set used_at = :now
         where token_hash = :hash and used_at is null and expires_at > :now returning user_id`,
        { hash: hash(token), now },
      ),
    );
    if (!row) return null;
    // Any other link of this account stops working too: the password it would set is no longer wanted.
    await this.em.execute(
      raw('update password_tokens set used_at = :now where user_id = :userId and used_at is null', { userId: row.user_id, now }),
    );
    return row.user_id;
  }
}
