// The built API (dist/apps/api/main.js) as its own process on a given database, for the benchmarks: started
// with a clean environment, watched until healthy, stopped (SIGTERM, then SIGKILL after 10 s).
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const API_MAIN = join(ROOT, 'dist/apps/api/main.js');

/**
 * `env`: more variables for this run (e.g. ADMIN_EMAIL and ADMIN_PASSWORD for a bench that signs in as an admin);
 * `nodeArgs`: options for node itself (e.g. --max-semi-space-size; by default BENCH_NODE_ARGS, space-separated,
 * so any bench can try them); `smtpUrl`: where email goes (unset: the development mailbox).
 */
export function startApi({ port, databaseUrl, dataDir, jwtSecret, smtpUrl, env: extra = {}, nodeArgs = benchNodeArgs() }) {
  const env = { ...process.env };
  for (const name of ['ADMIN_EMAIL', 'ADMIN_PASSWORD', 'SMTP_URL', 'REDIS_URL', 'PUBLIC_URL', 'STORAGE_DIR', 'NODE_OPTIONS']) delete env[name];
  Object.assign(env, {
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    JWT_SECRET: jwtSecret,
    // production requires the data keys; derived from the secret so a restarted API reads what it wrote
    DATA_ENCRYPTION_KEYS: env['DATA_ENCRYPTION_KEYS'] || `bench:${createHmac('sha256', jwtSecret).update('data-encryption-key').digest('base64')}`,
    PORTAL_DIR: '/nonexistent',
    CLINIC_TIMEZONE: env['CLINIC_TIMEZONE'] || 'Europe/London',
    ...(smtpUrl ? { SMTP_URL: smtpUrl } : {}),
    ...extra,
  });
  // BENCH_CPU_PROF=<dir>: the API writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
  const profile = process.env['BENCH_CPU_PROF']?.trim();
  const profiling = profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profile)}`] : [];
  const child = spawn(process.execPath, [...profiling, ...nodeArgs, API_MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  const keep = (chunk) => {
    output.push(...String(chunk).split('\n').filter(Boolean));
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  return { child, output, exited };
}

/** Node options from BENCH_NODE_ARGS (space-separated), for every API process a bench starts. */
export function benchNodeArgs() {
  return process.env['BENCH_NODE_ARGS']?.split(' ').filter(Boolean) ?? [];
}

export async function stopApi(api) {
  if (api.child.exitCode !== null || api.child.signalCode !== null) return;
  api.child.kill('SIGTERM');
  const timer = setTimeout(() => api.child.kill('SIGKILL'), 10_000);
  await api.exited;
  clearTimeout(timer);
}

export async function waitForHealth(base, api, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  let crashed = null;
  void api.exited.then((how) => (crashed = how));
  while (Date.now() < deadline) {
    if (crashed) throw new Error(`the API exited during start-up (${JSON.stringify(crashed)}):\n${api.output.join('\n')}`);
    try {
      const response = await fetch(`${base}/api/health`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the API was not healthy after ${timeoutMs / 1000} s:\n${api.output.join('\n')}`);
}
