import { randomBytes } from 'node:crypto';
import { RecordCipher, UndecryptableValueError } from './record-cipher';

const key = (id: string) => ({ id, key: randomBytes(32) });
const slot = { table: 'patient_profiles', column: 'medical_history', rowId: 'a' };

describe('RecordCipher', () => {
  const k1 = key('k1');
  const k2 = key('k2');

  describe('encrypt', () => {
    it('round-trips text and draws a new nonce per value, with the key id beside it', () => {
      const cipher = new RecordCipher([k1]);
      const a = cipher.encrypt('Penicillin — anaphylaxis 🫀', slot);
      const b = cipher.encrypt('Penicillin — anaphylaxis 🫀', slot);
      expect(a).not.toBe(b);
      expect(a.startsWith('cb1.k1.')).toBe(true);
      expect(cipher.decrypt(a, slot)).toBe('Penicillin — anaphylaxis 🫀');
      expect(a).not.toContain('Penicillin');
    });
  });

  describe('decrypt', () => {
    it('reads values of an older key while the newest encrypts', () => {
      const old = new RecordCipher([k1]).encrypt('asthma', slot);
      const rotated = new RecordCipher([k2, k1]);
      expect(rotated.decrypt(old, slot)).toBe('asthma');
      expect(RecordCipher.keyIdOf(rotated.encrypt('asthma', slot))).toBe('k2');
    });

    it('refuses a value moved to another row or column (associated data)', () => {
      const cipher = new RecordCipher([k1]);
      const value = cipher.encrypt('asthma', slot);
      expect(() => cipher.decrypt(value, { ...slot, rowId: 'b' })).toThrow(UndecryptableValueError);
      expect(() => cipher.decrypt(value, { ...slot, column: 'notes' })).toThrow(UndecryptableValueError);
    });

    it('refuses altered bytes, unknown keys and plain text', () => {
      const cipher = new RecordCipher([k1]);
      const value = cipher.encrypt('asthma', slot);
      const flipped = value.slice(0, -2) + (value.endsWith('A') ? 'B' : 'A') + value.slice(-1);
      expect(() => cipher.decrypt(flipped, slot)).toThrow(UndecryptableValueError);
      expect(() => new RecordCipher([k2]).decrypt(value, slot)).toThrow(/no key "k1"/);
      expect(() => cipher.decrypt('asthma', slot)).toThrow(UndecryptableValueError);
    });
  });
});
