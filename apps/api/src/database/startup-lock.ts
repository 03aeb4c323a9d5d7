import pg from 'pg';

/** Arbitrary constant shared by every Carebook instance: "only one of us migrates at a time". */
const STARTUP_LOCK_KEY = 7_262_001;

/**
 * Runs `work` while holding a PostgreSQL advisory lock, so several API instances starting
 * together apply migrations and start-up data one after another rather than at once.
 */
export async function withStartupLock<T>(databaseUrl: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
    return await work();
  } finally {
    await client.query('select pg_advisory_unlock($1)', [STARTUP_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
