import { join } from 'node:path';
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
  const dir = join(config.dataDir, 'postgres');
  const db = await startEmbeddedPostgres(dir, { database: 'carebook' });
  return { url: db.url, embeddedDir: dir, stop: () => db.stop() };
}

