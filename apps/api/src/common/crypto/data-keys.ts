import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One AES-256 key and the id stored beside every value it encrypts. */
export interface DataKey {
  id: string;
  key: Buffer;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Parses `DATA_ENCRYPTION_KEYS` (`kid:base64key[,kid:base64key…]`): the first key encrypts, every key decrypts
 * (old keys stay listed until `npm run keys:rotate` has re-encrypted what they hold). Throws a message naming the
 * bad item, never the key material.
 */
export function parseDataKeys(raw: string): DataKey[] {
  const items = raw.split(',').map((item) => item.trim()).filter(Boolean);
  if (items.length === 0) throw new Error('DATA_ENCRYPTION_KEYS must list at least one key as kid:base64key');
  const keys = items.map((item, index) => {
    const at = item.indexOf(':');
    const id = at > 0 ? item.slice(0, at) : '';
    if (!KEY_ID.test(id)) {
      throw new Error(`DATA_ENCRYPTION_KEYS item ${index + 1} must start with a key id of letters, digits, - or _ followed by ":"`);
    }
    const key = Buffer.from(item.slice(at + 1), 'base64');
    if (key.length !== 32) {
      throw new Error(`DATA_ENCRYPTION_KEYS key "${id}" must be 32 bytes, base64-encoded (got ${key.length} bytes)`);
    }
    return { id, key };
  });
  const ids = new Set(keys.map((k) => k.id));
  if (ids.size !== keys.length) throw new Error('DATA_ENCRYPTION_KEYS lists the same key id twice');
  return keys;
}

/** A new key in the `DATA_ENCRYPTION_KEYS` item format. */
export function newDataKeyItem(id: string): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

/** Development only: a key generated once and kept under DATA_DIR, so records stay readable across restarts. */
export function developmentDataKeys(dataDir: string): DataKey[] {
  const file = join(dataDir, 'data-encryption-keys');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${newDataKeyItem(`dev${Date.now().toString(36)}`)}\n`, { mode: 0o600 });
  }
  return parseDataKeys(readFileSync(file, 'utf8').trim());
}
