import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

/** Starts one real PostgreSQL for the whole run; test files create their own databases in it. */
export default async function globalSetup(): Promise<void> {
  if (process.env['TEST_DATABASE_URL']) return; // an external server was supplied
  const dir = mkdtempSync(join(tmpdir(), 'carebook-test-pg-'));
  const db = await startEmbeddedPostgres(dir, { database: 'postgres', persistent: false });
  process.env['TEST_DATABASE_URL'] = db.url;
  (globalThis as { __carebookDb?: typeof db }).__carebookDb = db;
}
