import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../common/clock';
import { TooManyAttemptsException } from '../../common/exceptions';
import { AuthRepository } from './auth.repository';

const MESSAGE = 'Too many failed sign-in attempts; try again later';
const REGISTER_MESSAGE = 'Too many accounts were created from this address; try again later';

/**
 * Counts sign-in attempts in PostgreSQL, so the limits hold across several API instances, in fixed windows:
 * - per account and address: a guesser is stopped after a few tries, while the owner, elsewhere, still signs in;
 * - per address: one address cannot spray many accounts;
 * - per account from everywhere: distributed guessing meets waits that double with each failure past a few,
 *   and a ceiling. An attempt those waits refuse is not counted, so hammering does not lengthen them.
 * Successful sign-ins give their attempt back. Registrations are counted per address the same way.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly repository: AuthRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  private keys(email: string, ip: string) {
    const account = email.toLowerCase();
    return { pair: `pair:${account}|${ip}`, ip: `ip:${ip}`, account: `account:${account}` };
  }

  /**
   * Counts this attempt before the password is checked (so parallel guesses cannot slip past a limit) and
   * throws 429 with the seconds to wait when a limit says no.
   */
  async reserveAttempt(email: string, ip: string): Promise<void> {
    const { maxPerPair, maxPerIp, accountSlowAfter, maxPerAccount } = this.config.loginThrottle;
    const keys = this.keys(email, ip);
    const now = this.clock.now().getTime();
    // One statement counts the pair, then the address while the pair is within its limit, then the account
    // while the address is: the first limit that refuses stops the counting, as if each were counted in turn.
    const counted = await this.repository.countLoginAttempt(keys, { pair: maxPerPair, ip: maxPerIp }, new Date(now), new Date(now - this.windowMs));
    if (!counted.ip) throw this.wait(counted.pair.windowStartedAt.getTime() + this.windowMs - now);
    if (!counted.account) throw this.wait(counted.ip.windowStartedAt.getTime() + this.windowMs - now);
    const account = counted.account;
    const windowStart = account.windowStartedAt.getTime();
    const windowEnd = windowStart + this.windowMs;
    if (account.failures > maxPerAccount) throw this.wait(windowEnd - now);
    if (account.failures > accountSlowAfter) {
      const earliest = Math.min(windowEnd, windowStart + 2 ** (account.failures - accountSlowAfter) * 1000);
      if (now < earliest) {
        await this.repository.settleAttempts([], [keys.account]);
        throw this.wait(earliest - now);
      }
    }
  }

  /** Counts a registration attempt from this address (whatever its outcome) and throws 429 past the limit. */
  async reserveRegistration(ip: string): Promise<void> {
    await this.fixedLimit(`register:${ip}`, this.config.loginThrottle.registrationsPerIp, this.clock.now().getTime(), REGISTER_MESSAGE);
  }

  /** A successful sign-in clears the count of this account from this address and gives back its other attempts. */
  async recordSuccess(email: string, ip: string): Promise<void> {
    const keys = this.keys(email, ip);
    await this.repository.settleAttempts([keys.pair], [keys.ip, keys.account]);
  }

  private get windowMs(): number {
    return this.config.loginThrottle.windowSeconds * 1000;
  }

  private async fixedLimit(key: string, max: number, now: number, message = MESSAGE): Promise<void> {
    const counted = await this.repository.countAttempt(key, new Date(now), new Date(now - this.windowMs));
    if (counted.failures > max) throw this.wait(counted.windowStartedAt.getTime() + this.windowMs - now, message);
  }

  private wait(ms: number, message = MESSAGE): TooManyAttemptsException {
    return new TooManyAttemptsException(Math.max(1, Math.ceil(ms / 1000)), message);
  }
}
