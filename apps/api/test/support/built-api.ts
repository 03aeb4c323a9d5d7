// The BUILT API (dist/apps/api/main.js, which the `int` target builds first) as a child process: for the tests
// that kill it (crash safety, delivery after kill -9).
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort } from '../../src/database/embedded-postgres';

export function workspaceRoot(): string {
  for (let dir = process.cwd(); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
  }
  throw new Error('no nx.json above the working directory');
}

/** An HS256 access token as the API issues them (sub, role, token version, exp), signed with the secret the API was given. */
export function accessToken(secret: string, sub: string, role: string): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub, role, ver: 0, iat: now, exp: now + 3600 })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

export interface Api {
  child: ChildProcess;
  base: string;
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startApi(main: string, root: string, env: Record<string, string>, port: number): Api {
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env, PORT: String(port) };
  // Jest's --experimental-vm-modules is for the tests, not the API.
  delete childEnv['NODE_OPTIONS'];
  const child = spawn(process.execPath, [main], { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString().split('\n').filter(Boolean));
    if (output.length > 100) output.splice(0, output.length - 100);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  return { child, base: `http://127.0.0.1:${port}`, output, exited };
}

/** Polls /api/health: no fixed sleeps, only as long as the start takes. */
export async function waitForHealth(api: Api, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exit: unknown = null;
  void api.exited.then((how) => (exit = how));
  while (Date.now() < deadline) {
    if (exit) throw new Error(`the API exited while starting (${JSON.stringify(exit)}):\n${api.output.join('\n')}`);
    try {
      const res = await fetch(`${api.base}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the API was not healthy after ${timeoutMs} ms:\n${api.output.join('\n')}`);
}

export async function stopApi(api: Api | undefined): Promise<void> {
  if (!api || api.child.exitCode !== null || api.child.signalCode !== null) return;
  api.child.kill('SIGTERM');
  const timer = setTimeout(() => api.child.kill('SIGKILL'), 10_000);
  await api.exited;
  clearTimeout(timer);
}

/** The environment the built API runs with in these tests: production mode on a test database, one admin, no demo data. */
export function builtApiEnv(options: { databaseUrl: string; dataDir: string; secret: string; admin: { email: string; password: string } }): Record<string, string> {
  return {
    DATABASE_URL: options.databaseUrl,
    DATA_DIR: options.dataDir,
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    JWT_SECRET: options.secret,
    // production requires the data keys; derived from the secret so a restart on the same database reads its records
    DATA_ENCRYPTION_KEYS: `test:${createHmac('sha256', options.secret).update('data-encryption-key').digest('base64')}`,
    ADMIN_EMAIL: options.admin.email,
    ADMIN_PASSWORD: options.admin.password,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    PORTAL_DIR: '/nonexistent',
  };
}

/** Starts the built API on a free port and waits until it is healthy. */
export async function launchApi(main: string, root: string, env: Record<string, string>): Promise<Api> {
  const api = startApi(main, root, env, await freePort());
  await waitForHealth(api);
  return api;
}

/** One JSON request to the child API. */
export async function call(api: Api, method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${api.base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

/** The built API's entry point; fails early when the build is missing. */
export function builtApiMain(): { root: string; main: string } {
  const root = workspaceRoot();
  const main = join(root, 'dist/apps/api/main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: the api:int target builds it first (nx run api:int)`);
  return { root, main };
}
