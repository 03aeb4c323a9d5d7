import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../common/clock';
import { TooManyAttemptsException } from '../../common/exceptions';
import { AuthRepository } from './auth.repository';

/**
 * Counts sign-in attempts per account and per client address in PostgreSQL, so the limit holds
 * across several API instances; successful ones are given back. Fixed windows: simple, and an
 * attacker gains nothing by timing.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly repository: AuthRepository,
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
      const row = await this.repository.countAttempt(key, now, windowStart);
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
    await this.repository.clearAttempts(account.key);
    await this.repository.giveAttemptBack(address.key);
  }
}
