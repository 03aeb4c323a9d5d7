import { Injectable } from '@nestjs/common';
import { raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { RefreshToken } from './refresh-token.entity';

interface AttemptRow {
  failures: number;
  window_started_at: string;
}

export interface AttemptCount {
  failures: number;
  windowStartedAt: Date;
}

const toAttemptCount = (row: AttemptRow): AttemptCount => ({ failures: row.failures, windowStartedAt: new Date(row.window_started_at) });

/** Counting one more attempt of a key that has a row: a new window once the old one started at or before :windowStart. */
const COUNT_ON_CONFLICT = `on conflict (key) do update set
  failures = case when login_failures.window_started_at <= :windowStart then 1 else login_failures.failures + 1 end,
  window_started_at = case when login_failures.window_started_at <= :windowStart then excluded.window_started_at
                           else login_failures.window_started_at end
  returning failures, window_started_at`;

/**
 * The auth module's queries: refresh tokens and sign-in failure counts, the tables it owns. Plain ORM calls
 * where they say it all; SQL (named parameters) where one statement must decide atomically.
 */
@Injectable()
export class AuthRepository {
  constructor(private readonly em: EntityManager) {}

  async insertRefreshToken(token: {
    id: string;
    userId: string;
    familyId: string;
    tokenHash: string;
    expiresAt: Date;
    createdAt: Date;
  }): Promise<void> {
    await this.em.insert(RefreshToken, {
      id: token.id,
      user: token.userId,
      familyId: token.familyId,
      tokenHash: token.tokenHash,
      expiresAt: token.expiresAt,
      usedAt: null,
      revokedAt: null,
      createdAt: token.createdAt,
    });
  }

  /**
   * Marks the token used if it is live, returning its user and family. One conditional UPDATE, so of
   * concurrent uses of one token exactly one wins.
   */
  async useRefreshToken(id: string, tokenHash: string, now: Date): Promise<{ user_id: string; family_id: string } | null> {
    const rows = await this.em.getConnection().execute<{ user_id: string; family_id: string }[]>(
      raw(
        `update refresh_tokens set used_at = :now
         where id = :id and token_hash = :tokenHash and used_at is null and revoked_at is null and expires_at > :now
         returning user_id, family_id`,
        { id, tokenHash, now },
      ),
    );
    return rows[0] ?? null;
  }

  async findRefreshToken(id: string): Promise<{ tokenHash: string; familyId: string; usedAt: Date | null } | null> {
    const token = await this.em.findOne(RefreshToken, { id }, { fields: ['tokenHash', 'familyId', 'usedAt'], disableIdentityMap: true });
    return token ? { tokenHash: token.tokenHash, familyId: token.familyId, usedAt: token.usedAt ?? null } : null;
  }

  async revokeFamily(familyId: string, now: Date): Promise<void> {
    await this.em.nativeUpdate(RefreshToken, { familyId, revokedAt: null }, { revokedAt: now });
  }

  /** Revokes the family of this token if it belongs to this user (anything else is ignored); answers whether it did. */
  async revokeOwnedFamily(id: string, tokenHash: string, userId: string, now: Date): Promise<boolean> {
    const revoked = await this.em.getConnection().execute<{ id: string }[]>(
      raw(
        `update refresh_tokens set revoked_at = :now
         where family_id = (select family_id from refresh_tokens where id = :id and token_hash = :tokenHash and user_id = :userId)
           and revoked_at is null
         returning id`,
        { id, tokenHash, userId, now },
      ),
    );
    return revoked.length > 0;
  }

  async revokeAllOf(userId: string, now: Date): Promise<void> {
    await this.em.nativeUpdate(RefreshToken, { user: userId, revokedAt: null }, { revokedAt: now });
  }

  /**
   * Counts one attempt against this key in one statement (a new window once the old one started at or
   * before windowStart) and returns the count and when its window started.
   */
  async countAttempt(key: string, now: Date, windowStart: Date): Promise<AttemptCount> {
    const rows = await this.em.getConnection().execute<AttemptRow[]>(
      raw(`insert into login_failures (key, failures, window_started_at) values (:key, 1, :now) ${COUNT_ON_CONFLICT}`, { key, now, windowStart }),
    );
    return toAttemptCount(rows[0]);
  }

  /**
   * A sign-in attempt counted in one statement against the pair (account and address), the address and the
   * account, in that order, each only while the ones before it are within their limit: what counting them one
   * by one and stopping at the first refusal would do, without a round trip per key. A key not counted is null.
   */
  async countLoginAttempt(
    keys: { pair: string; ip: string; account: string },
    limits: { pair: number; ip: number },
    now: Date,
    windowStart: Date,
  ): Promise<{ pair: AttemptCount; ip: AttemptCount | null; account: AttemptCount | null }> {
    const rows = await this.em.getConnection().execute<(AttemptRow & { key: string })[]>(
      raw(
        `with pair as (
           insert into login_failures (key, failures, window_started_at) values (:pair, 1, :now) ${COUNT_ON_CONFLICT}, key
         ), ip as (
           insert into login_failures (key, failures, window_started_at)
           select :ip, 1, :now::timestamptz where exists (select 1 from pair where failures <= :pairLimit) ${COUNT_ON_CONFLICT}, key
         ), account as (
           insert into login_failures (key, failures, window_started_at)
           select :account, 1, :now::timestamptz where exists (select 1 from ip where failures <= :ipLimit) ${COUNT_ON_CONFLICT}, key
         )
         select * from pair union all select * from ip union all select * from account`,
        { ...keys, now, windowStart, pairLimit: limits.pair, ipLimit: limits.ip },
      ),
    );
    const find = (key: string) => {
      const row = rows.find((r) => r.key === key);
      return row ? toAttemptCount(row) : null;
    };
    return { pair: find(keys.pair) ?? { failures: 1, windowStartedAt: now }, ip: find(keys.ip), account: find(keys.account) };
  }

  /** Forgets the `clear` keys' counts and gives one attempt back to each of the `giveBack` keys, in one statement. */
  async settleAttempts(clear: readonly string[], giveBack: readonly string[]): Promise<void> {
    await this.em.getConnection().execute(
      raw(
        `with cleared as (delete from login_failures where key in (select jsonb_array_elements_text(:clear::jsonb)))
         update login_failures set failures = greatest(failures - 1, 0)
         where key in (select jsonb_array_elements_text(:giveBack::jsonb))`,
        { clear: JSON.stringify(clear), giveBack: JSON.stringify(giveBack) },
      ),
    );
  }
}
