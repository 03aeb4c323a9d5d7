import { jest } from '@jest/globals';
import { type Algorithm, hash } from '@node-rs/argon2';
import { PASSWORD_HASH_OPTIONS, PasswordHasher } from './password-hasher';

// A 64 MiB hash takes seconds on a busy 2-core machine: a budget, not a timed assertion.
jest.setTimeout(60_000);

const password = 'correct horse battery staple';
/** Stored before December 2026 by the former library (node-argon2, the C reference implementation). */
const FORMER_DEFAULTS = '$argon2id$v=19$m=65536,p=4,t=3$CLW1NnIZAkQMBJsuh0tA1Q$DQ8lXiD9VcuxNRzj1v9BogjUajAo0ltvrxUC2l55SqE';
const FORMER_OWASP = '$argon2id$v=19$m=19456,p=1,t=2$iHIyv0Otss9PAD4WXatZmA$iqPrB1M5TLUJ1di7fAJ4f/1narR3b2+XPQ/cWRMIHa4';

describe('PasswordHasher (real argon2)', () => {
  const hasher = new PasswordHasher();

  it('hashes with argon2id at 19 MiB, 2 passes, 1 lane, and verifies only the right password', async () => {
    const stored = await hasher.hash(password);
    expect(stored).toMatch(new RegExp(`^\\$argon2id\\$v=19\\$m=${PASSWORD_HASH_OPTIONS.memoryCost},t=2,p=1\\$`));
    expect(await hasher.verify(stored, password)).toBe(true);
    expect(await hasher.verify(stored, `${password}!`)).toBe(false);
    expect(hasher.needsRehash(stored)).toBe(false);
  });

  it('verifies the hashes the former library stored, whatever the order of their parameters', async () => {
    expect(await hasher.verify(FORMER_OWASP, password)).toBe(true);
    expect(await hasher.verify(FORMER_OWASP, 'wrong')).toBe(false);
    expect(hasher.needsRehash(FORMER_OWASP)).toBe(false);
    // The former library's defaults (64 MiB, 3 passes, 4 lanes) verify and want re-hashing.
    expect(await hasher.verify(FORMER_DEFAULTS, password)).toBe(true);
    expect(hasher.needsRehash(FORMER_DEFAULTS)).toBe(true);
  });

  it('wants other variants and costs re-hashed', async () => {
    const argon2i = await hash(password, { ...PASSWORD_HASH_OPTIONS, algorithm: 1 as Algorithm }); // Algorithm.Argon2i (an ambient const enum)
    expect(argon2i.startsWith('$argon2i$')).toBe(true);
    expect(await hasher.verify(argon2i, password)).toBe(true);
    expect(hasher.needsRehash(argon2i)).toBe(true);
    const cheaper = await hash(password, { ...PASSWORD_HASH_OPTIONS, timeCost: 1 });
    expect(hasher.needsRehash(cheaper)).toBe(true);
  });

  it('an unusable or malformed hash matches nothing and is not re-hashed', async () => {
    for (const stored of [hasher.unusable(), '', 'bench-no-login', '$argon2id$v=19$m=19456,t=2,p=1$short']) {
      expect(await hasher.verify(stored, password)).toBe(false);
      expect(hasher.needsRehash(stored)).toBe(false);
    }
  });
});
