import { createHash } from 'node:crypto';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface ResolvedDatabase {
  url: string;
  /** Where the embedded server keeps its data; undefined for DATABASE_URL. */
  embeddedDir?: string;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise a real PostgreSQL started from embedded-postgres under DATA_DIR. */
export async function resolveDatabase(config: AppConfig): Promise<ResolvedDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: () => Promise.resolve() };
  const dir = clusterDir(config.dataDir);
  const db = await startEmbeddedPostgres(dir, { database: 'carebook' });
  return { url: db.url, embeddedDir: dir, stop: () => db.stop() };
}

/** Whether a user other than the owner (PostgreSQL's own account) can reach `path`. */
function reachableByOthers(path: string): boolean {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    try {
      if ((statSync(dir).mode & 0o001) === 0) return false;
    } catch {
      // not created yet: mkdir will create it world-traversable
    }
    if (dir === dirname(dir)) return true;
  }
}

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as a `postgres` user,
 * which must be able to reach the data folder. When DATA_DIR sits under a private folder
 * (/root, a mktemp -d checkout), the cluster lives in /var/lib/carebook instead; a note in
 * DATA_DIR says where.
 */
function clusterDir(dataDir: string): string {
  const preferred = join(dataDir, 'postgres');
  if (process.getuid?.() !== 0 || reachableByOthers(preferred)) return preferred;
  const fallback = join('/var/lib/carebook', createHash('sha256').update(resolve(preferred)).digest('hex').slice(0, 16));
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'postgres-location.txt'), `The embedded PostgreSQL data for this folder is in ${fallback}\n`);
  return fallback;
}
