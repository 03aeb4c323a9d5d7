import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../common/clock';
import { TooManyAttemptsException } from '../../common/exceptions';

/**
 * Counts failed sign-ins per account and per client address in PostgreSQL, so the limit holds
 * across several API instances. Fixed windows: simple, and an attacker gains nothing by timing.
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

  /** Throws 429 (with the seconds to wait) when either counter is exhausted. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const keys = this.keys(email, ip);
    const rows = await this.em
      .getConnection()
      .execute<{ key: string; failures: number; window_started_at: Date }[]>(
        'select key, failures, window_started_at from login_failures where key in (?, ?)',
        keys.map((k) => k.key),
      );
    const windowMs = this.config.loginThrottle.windowSeconds * 1000;
    const now = this.clock.now().getTime();
    for (const row of rows) {
      const max = keys.find((k) => k.key === row.key)?.max ?? Infinity;
      const endsAt = new Date(row.window_started_at).getTime() + windowMs;
      if (row.failures >= max && endsAt > now) {
        throw new TooManyAttemptsException(
          Math.max(1, Math.ceil((endsAt - now) / 1000)),
          'Too many failed sign-in attempts; try again later',
        );
      }
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const now = this.clock.now();
    const windowStart = new Date(now.getTime() - this.config.loginThrottle.windowSeconds * 1000);
    for (const { key } of this.keys(email, ip)) {
      await this.em.getConnection().execute(
        `insert into login_failures (key, failures, window_started_at) values (?, 1, ?)
         on conflict (key) do update set
           failures = case when login_failures.window_started_at <= ? then 1 else login_failures.failures + 1 end,
           window_started_at = case when login_failures.window_started_at <= ? then excluded.window_started_at
                                    else login_failures.window_started_at end`,
        [key, now, windowStart, windowStart],
      );
    }
  }

  /** A successful sign-in clears the account's counter (not the address's). */
  async recordSuccess(email: string): Promise<void> {
    await this.em.getConnection().execute('delete from login_failures where key = ?', [`account:${email.toLowerCase()}`]);
  }
}
