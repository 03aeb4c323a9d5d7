import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../common/clock';
import { TooManyAttemptsException } from '../../common/exceptions';

/**
 * Counts sign-in attempts per account and per client address in PostgreSQL, so the limit holds
 * across several API instances; successful ones are given back. Fixed windows: simple, and an
 * attacker gains nothing by timing.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly em: EntityManager,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  private keys(email: string, ip: string) {
    const { maxPerAccount, maxPerIp } = this.config.loginThrottle;
    return [
      { key: `account:${email.toLowerCase()}`, max: maxPerAccount },
      { key: `ip:${ip}`, max: maxPerIp },
    ];
  }

  /**
   * Counts this sign-in attempt against the account and the address in one statement per key,
   * and throws 429 (with the seconds to wait) when either is over its limit. Counting before the
   * password is checked makes a burst of parallel guesses unable to slip past the limit.
   */
  async reserveAttempt(email: string, ip: string): Promise<void> {
    const now = this.clock.now();
    const windowMs = this.config.loginThrottle.windowSeconds * 1000;
    const windowStart = new Date(now.getTime() - windowMs);
    for (const { key, max } of this.keys(email, ip)) {
      const rows = await this.em.getConnection().execute<{ failures: number; window_started_at: Date }[]>(
        `insert into login_failures (key, failures, window_started_at) values (?, 1, ?)
         on conflict (key) do update set
           failures = case when login_failures.window_started_at <= ? then 1 else login_failures.failures + 1 end,
           window_started_at = case when login_failures.window_started_at <= ? then excluded.window_started_at
                                    else login_failures.window_started_at end
         returning failures, window_started_at`,
        [key, now, windowStart, windowStart],
      );
      const row = rows[0];
      if (row && row.failures > max) {
        const endsAt = new Date(row.window_started_at).getTime() + windowMs;
        throw new TooManyAttemptsException(
          Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000)),
          'Too many failed sign-in attempts; try again later',
        );
      }
    }
  }

  /** A successful sign-in clears the account's count and gives the address its attempt back. */
  async recordSuccess(email: string, ip: string): Promise<void> {
    const [account, address] = this.keys(email, ip);
    const connection = this.em.getConnection();
    await connection.execute('delete from login_failures where key = ?', [account.key]);
    await connection.execute('update login_failures set failures = greatest(failures - 1, 0) where key = ?', [
      address.key,
    ]);
  }
}
