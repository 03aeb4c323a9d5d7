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
    await this.fixedLimit(keys.pair, maxPerPair, now);
    await this.fixedLimit(keys.ip, maxPerIp, now);
    const { failures, windowStart } = await this.count(keys.account, now);
    const windowEnd = windowStart + this.windowMs;
    if (failures > maxPerAccount) throw this.wait(windowEnd - now);
    if (failures > accountSlowAfter) {
      const earliest = Math.min(windowEnd, windowStart + 2 ** (failures - accountSlowAfter) * 1000);
      if (now < earliest) {
        await this.repository.giveAttemptBack(keys.account);
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
    await this.repository.clearAttempts(keys.pair);
    await this.repository.giveAttemptBack(keys.ip);
    await this.repository.giveAttemptBack(keys.account);
  }

  private get windowMs(): number {
    return this.config.loginThrottle.windowSeconds * 1000;
  }

  private async count(key: string, now: number): Promise<{ failures: number; windowStart: number }> {
    const row = await this.repository.countAttempt(key, new Date(now), new Date(now - this.windowMs));
    return { failures: row.failures, windowStart: new Date(row.window_started_at).getTime() };
  }

  private async fixedLimit(key: string, max: number, now: number, message = MESSAGE): Promise<void> {
    const { failures, windowStart } = await this.count(key, now);
    if (failures > max) throw this.wait(windowStart + this.windowMs - now, message);
  }

  private wait(ms: number, message = MESSAGE): TooManyAttemptsException {
    return new TooManyAttemptsException(Math.max(1, Math.ceil(ms / 1000)), message);
  }
}
