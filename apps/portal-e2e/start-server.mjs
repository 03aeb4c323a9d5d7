// Starts the built API (which serves the built portal) on a throw-away embedded PostgreSQL. The database's
// URL is written to test-output/database-url so a journey can let time pass (move an appointment into the
// past) the way only the clock could; nothing else in the journeys touches the database.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The API's own embedded-PostgreSQL launcher (type-stripped TypeScript, imported as is under Node 24).
import { startEmbeddedPostgres } from '../../apps/api/src/database/embedded-postgres.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'carebook-e2e-'));
const database = await startEmbeddedPostgres(join(dataDir, 'postgres'), { database: 'carebook_e2e', persistent: false });
const outputDir = join(import.meta.dirname, 'test-output');
mkdirSync(outputDir, { recursive: true });
writeFileSync(join(outputDir, 'database-url'), database.url);

const child = spawn(process.execPath, ['dist/apps/api/main.js'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    NODE_ENV: 'development',
    PORT: process.env.E2E_PORT ?? '3210',
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${process.env.E2E_PORT ?? '3210'}`,
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    SEED_DEMO: 'true',
    ADMIN_EMAIL: 'e2e-admin@carebook.test',
    ADMIN_PASSWORD: 'e2e-admin-password-2026',
    LOG_LEVEL: 'warn',
    // every journey registers its own people from 127.0.0.1: more than a real address would in 15 minutes
    REGISTRATIONS_PER_IP: '1000',
  },
});
const stop = () => child.kill('SIGTERM');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
child.on('exit', (code) => {
  void database
    .stop()
    .catch(() => undefined)
    .finally(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(code ?? 0);
    });
});
