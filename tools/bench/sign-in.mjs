// Sign-in benchmark: POST /api/auth/login with the right password for many accounts, 10 connections. Every
// account carries the hash the API itself made for the bench's admin (ADMIN_EMAIL/ADMIN_PASSWORD at start-up), so
// each sign-in verifies an argon2id hash with exactly the API's parameters, and then writes what a real sign-in
// writes (throttle bookkeeping, a refresh token). The hashing's own CPU is measured apart, in this process, with
// the library the API hashes with.
import { verify } from '@node-rs/argon2';
import autocannon from 'autocannon';

export const SIGN_IN_MIN_PER_SECOND = 50;
export const SIGN_IN_P99_MS = 150;

function percentile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const round = (value, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);

/** `count` active patient accounts that sign in with `password` (the admin's hash, copied). */
export async function prepareSignIns(client, { adminEmail, password, count, domain }) {
  const { rows } = await client.query('select password_hash from users where email = $1', [adminEmail]);
  if (!rows[0]?.password_hash?.startsWith('$argon2')) throw new Error('sign-in: the bench admin has no argon2 hash to copy');
  const hash = rows[0].password_hash;
  await client.query(
    `insert into users (id, email, full_name, role, status, password_hash)
     select gen_random_uuid(), 'bench.signin' || n || '@${domain}', 'Signer ' || n, 'patient', 'active', $2
     from generate_series(1, $1) n`,
    [count, hash],
  );
  const emails = (await client.query(`select email from users where email like 'bench.signin%@${domain}' order by email`)).rows.map((r) => r.email);
  return { hash, accounts: emails.map((email) => ({ email, password })) };
}

/** CPU (ms) and wall time (ms) of one argon2 verify of `hash`, the median of `count`, one at a time. */
export async function hashCost(hash, password, count = 15) {
  const cpu = [];
  const wall = [];
  for (let i = 0; i < count; i++) {
    const usage = process.cpuUsage();
    const started = performance.now();
    if (!(await verify(hash, password))) throw new Error('sign-in: the copied hash does not verify the password');
    wall.push(performance.now() - started);
    const used = process.cpuUsage(usage);
    cpu.push((used.user + used.system) / 1000);
  }
  const median = (list) => percentile(Float64Array.from(list).sort(), 0.5);
  return { cpuMs: round(median(cpu), 1), wallMs: round(median(wall), 1), parameters: /\$(m=\d+,[a-z]=\d+,[a-z]=\d+)\$/.exec(hash)?.[1] ?? null };
}

/** Signs in round-robin through `accounts` for `seconds` with `connections` connections. */
export async function runSignIns({ base, accounts, connections, seconds }) {
  let next = 0;
  const latencies = [];
  const statuses = {};
  const instance = autocannon({
    url: base,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/auth/login',
        setupRequest: (request) => {
          const account = accounts[next++ % accounts.length];
          return { ...request, headers: { ...request.headers, 'content-type': 'application/json' }, body: JSON.stringify(account) };
        },
      },
    ],
  });
  instance.on('response', (_client, status, _bytes, responseTime) => {
    latencies.push(responseTime);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await instance;
  const sorted = Float64Array.from(latencies).sort();
  return {
    responses: latencies.length,
    signInsPerSecond: round((statuses[200] ?? 0) / result.duration, 0),
    p50Ms: round(percentile(sorted, 0.5), 1),
    p99Ms: round(percentile(sorted, 0.99), 1),
    maxMs: round(sorted[sorted.length - 1], 1),
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

export function printSignInTable(row) {
  const cpu = row.cpuCores;
  process.stdout.write(
    `\nsign-in  ${row.signInsPerSecond} sign-ins/s (target >= ${SIGN_IN_MIN_PER_SECOND}), p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms (target < ${SIGN_IN_P99_MS} ms): ` +
      `${row.met ? 'met' : 'MISSED'}; answers ${JSON.stringify(row.statuses)}\n` +
      `         argon2id ${row.hash.parameters}: one verify ${row.hash.cpuMs} ms of CPU (${row.hash.wallMs} ms wall, alone); ` +
      `API ${cpu ? `${cpu.api} cores, ${row.apiCpuMsPerSignIn} ms of CPU per sign-in` : 'n/a'}; hashing ≈ ${row.hashShareOfApi ?? '—'} of the API's CPU\n\n`,
  );
}
