import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { randomBytes } from 'node:crypto';

/**
 * argon2id with OWASP's recommended configuration (Password Storage Cheat Sheet): 19 MiB of memory, 2 passes,
 * 1 lane. The parameters are stored in each hash, so hashes made with other ones (the library's defaults,
 * 64 MiB / 3 passes / 4 lanes, before December 2026) still verify; a sign-in re-hashes them with these.
 */
export const PASSWORD_HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  hash(password: string): Promise<string> {
    return argon2.hash(password, PASSWORD_HASH_OPTIONS);
  }

  /** Whether a (verified) hash was made with other parameters than PASSWORD_HASH_OPTIONS. */
  needsRehash(hash: string): boolean {
    try {
      return argon2.needsRehash(hash, PASSWORD_HASH_OPTIONS);
    } catch {
      return false;
    }
  }

  /**
   * A stored hash that no password matches (verify refuses it as malformed): for accounts whose owner
   * chooses a password through an invitation link. Random, so no two accounts share one.
   */
  unusable(): string {
    return `!unset:${randomBytes(16).toString('hex')}`;
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }
}
