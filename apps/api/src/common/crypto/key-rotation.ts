import { Injectable, Logger } from '@nestjs/common';
import { raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { RecordCipher } from './record-cipher';

/**
 * A column that holds RecordCipher values, keyed by `keyColumn` (the row id bound into each value). The module
 * owning the table exports its descriptor; `ENCRYPTED_COLUMNS` (src/bin/keys-rotate.ts and the tests) lists them.
 */
export interface EncryptedColumn {
  table: string;
  keyColumn: string;
  column: string;
}

export interface RotationReport {
  rewritten: number;
  /** Rows written meanwhile by the app (already under the current key, or to be picked up by the next pass). */
  skipped: number;
  passes: number;
  seconds: number;
}

/**
 * The transaction-local setting only key rotation sets: the database lets an encrypted append-only value (a visit
 * note, a message body) change only while it is 'on' (Migration20261208100000_rotation_only_rewrites).
 */
export const KEY_ROTATION_SETTING = 'carebook.key_rotation';

const IDENT = /^[a-z_][a-z0-9_]*$/;
const ident = (name: string) => {
  if (!IDENT.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return name;
};

/**
 * Re-encrypts every value not under the current key, in batches of short transactions while the API serves.
 * Each batch walks the table by key (keyset paging, no long locks) and writes a value back only if it is still the
 * one it read, so a change the app made meanwhile is never overwritten; another pass runs until nothing is left.
 */
@Injectable()
export class KeyRotation {
  private readonly logger = new Logger(KeyRotation.name);

  constructor(
    private readonly em: EntityManager,
    private readonly cipher: RecordCipher,
  ) {}

  async rotate(columns: readonly EncryptedColumn[], options: { batchSize?: number; onBatch?: (done: number) => void } = {}): Promise<RotationReport> {
    const started = performance.now();
    const batchSize = options.batchSize ?? 500;
    let rewritten = 0;
    let skipped = 0;
    let passes = 0;
    for (const target of columns) {
      for (;;) {
        passes += 1;
        const pass = await this.pass(target, batchSize, (n) => {
          rewritten += n;
          options.onBatch?.(rewritten);
        });
        skipped += pass.skipped;
        if (pass.seen === 0 || pass.skipped === 0) break;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    this.logger.log(`Re-encrypted ${rewritten} values under key ${this.cipher.currentKeyId} in ${seconds.toFixed(1)} s`);
    return { rewritten, skipped, passes, seconds };
  }

  private async pass(target: EncryptedColumn, batchSize: number, onBatch: (n: number) => void): Promise<{ seen: number; skipped: number }> {
    const [table, key, column] = [ident(target.table), ident(target.keyColumn), ident(target.column)];
    const connection = this.em.getConnection();
    let after: string | null = null;
    let seen = 0;
    let skipped = 0;
    for (;;) {
      const rows: { id: string; value: string }[] = await connection.execute(
        raw(
          `select ${key}::text as id, ${column} as value from ${table}
           where ${column} is not null and split_part(${column}, '.', 2) <> :kid ${after === null ? '' : `and ${key} > :after`}
           order by ${key} limit :limit`,
          after === null ? { kid: this.cipher.currentKeyId, limit: batchSize } : { kid: this.cipher.currentKeyId, after, limit: batchSize },
        ),
      );
      if (rows.length === 0) return { seen, skipped };
      seen += rows.length;
      after = rows[rows.length - 1].id;
      const updates = rows.map((row) => {
        const slot = { table, column, rowId: row.id };
        return { id: row.id, old: row.value, new: this.cipher.encrypt(this.cipher.decrypt(row.value, slot), slot) };
      });
      // The flag and the rewrite in one short transaction: the flag ends with it.
      const written = await this.em.transactional(async (em) => {
        await em.execute(raw(`select set_config(:setting, 'on', true)`, { setting: KEY_ROTATION_SETTING }));
        return em.execute<{ id: string }[]>(
          raw(
            `update ${table} t set ${column} = u.new
             from jsonb_to_recordset(:rows::jsonb) as u(id text, old text, new text)
             where t.${key}::text = u.id and t.${column} = u.old
             returning t.${key}::text as id`,
            { rows: JSON.stringify(updates) },
          ),
        );
      });
      skipped += rows.length - written.length;
      onBatch(written.length);
    }
  }
}
