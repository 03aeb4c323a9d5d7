import { Injectable } from '@nestjs/common';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

/**
 * argon2id with OWASP's recommended configuration (Password Storage Cheat Sheet): 19 MiB of memory, 2 passes,
 * 1 lane. The parameters are stored in each hash (the standard PHC string), so hashes made with other ones (the
 * former library's defaults, 64 MiB / 3 passes / 4 lanes, before December 2026) still verify; a sign-in
 * re-hashes them with these. Computed by `@node-rs/argon2` (the RustCrypto implementation, off the event loop):
 * the same hashes as the C reference implementation at half its CPU on these machines.
 */
/**
 * `Algorithm.Argon2id`: the library declares its algorithms as an ambient `const enum`, whose values a file
 * compiled on its own (the tests' `isolatedModules`) cannot read; the stored hashes' `$argon2id$` prefix, checked
 * by the spec, proves the value.
 */
const ARGON2ID = 2 as Algorithm;

export const PASSWORD_HASH_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** `$argon2id$v=19$m=19456,t=2,p=1$salt$hash`: the variant, version and cost parameters of a stored hash. */
const PHC = /^\$(argon2(?:id|i|d))\$v=(\d+)\$([a-z]=\d+(?:,[a-z]=\d+)*)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

@Injectable()
export class PasswordHasher {
  hash(password: string): Promise<string> {
    return hash(password, PASSWORD_HASH_OPTIONS);
  }

  /** Whether a (verified) hash was made with other parameters than PASSWORD_HASH_OPTIONS. */
  needsRehash(stored: string): boolean {
    const match = PHC.exec(stored);
    if (!match) return false;
    const [, variant, version, list] = match;
    const params = new Map(list.split(',').map((pair): [string, number] => [pair.slice(0, 1), Number(pair.slice(2))]));
    return (
      variant !== 'argon2id' ||
      version !== '19' ||
      params.get('m') !== PASSWORD_HASH_OPTIONS.memoryCost ||
      params.get('t') !== PASSWORD_HASH_OPTIONS.timeCost ||
      params.get('p') !== PASSWORD_HASH_OPTIONS.parallelism
    );
  }

  /**
   * A stored hash that no password matches (verify refuses it as malformed): for accounts whose owner
   * chooses a password through an invitation link. Random, so no two accounts share one.
   */
  unusable(): string {
    return `!unset:${randomBytes(16).toString('hex')}`;
  }

  async verify(stored: string, password: string): Promise<boolean> {
    try {
      return await verify(stored, password);
    } catch {
      return false;
    }
  }
}
