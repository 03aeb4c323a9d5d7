import { jest } from '@jest/globals';
import argon2 from 'argon2';
import { PASSWORD_HASH_OPTIONS, PasswordHasher } from './password-hasher';

// A 64 MiB hash takes seconds on a busy 2-core machine: a budget, not a timed assertion.
jest.setTimeout(60_000);

describe('PasswordHasher (real argon2)', () => {
  const hasher = new PasswordHasher();
  const password = 'correct horse battery staple';

  it('hashes with argon2id at 19 MiB, 2 passes, 1 lane, and verifies only the right password', async () => {
    const hash = await hasher.hash(password);
    expect(hash.startsWith(`$argon2id$v=19$m=${PASSWORD_HASH_OPTIONS.memoryCost},p=1,t=2$`)).toBe(true);
    expect(await hasher.verify(hash, password)).toBe(true);
    expect(await hasher.verify(hash, `${password}!`)).toBe(false);
    expect(hasher.needsRehash(hash)).toBe(false);
  });

  it('still verifies a hash made with the library defaults (64 MiB, 3 passes, 4 lanes), which wants re-hashing', async () => {
    const old = await argon2.hash(password, { type: argon2.argon2id });
    expect(old).toContain('$m=65536,p=4,t=3$');
    expect(await hasher.verify(old, password)).toBe(true);
    expect(hasher.needsRehash(old)).toBe(true);
  });

  it('an unusable hash matches nothing and is not re-hashed', async () => {
    const unusable = hasher.unusable();
    expect(await hasher.verify(unusable, password)).toBe(false);
    expect(hasher.needsRehash(unusable)).toBe(false);
  });
});
