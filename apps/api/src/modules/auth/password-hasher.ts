import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { randomBytes } from 'node:crypto';

/** argon2id with the library's defaults (OWASP-recommended memory-hard parameters). */
@Injectable()
export class PasswordHasher {
  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
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
