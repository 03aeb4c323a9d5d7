#!/usr/bin/env node
// Load-tests the scheduling and booking endpoints of the built API (dist/apps/api/main.js) on generated data, and
// the email outbox: the API sends every email to an SMTP server in this process (outbox.mjs), so bookings run
// with their notifications really delivered. Run through `npm run bench`, which builds the API first. Not part
// of `npm test`.
//
// Environment (all optional):
//   DATABASE_URL        use this PostgreSQL instead of a throw-away embedded one (it gets filled with bench rows)
//   BENCH_DURATION      seconds measured per scenario (10)      BENCH_WARMUP  seconds of warm-up per scenario (3)
//   BENCH_CONNECTIONS   concurrent connections (10)             BENCH_ONLY    comma-separated scenario names
//   BENCH_DOCTORS (1000), BENCH_PATIENTS (5000), BENCH_APPOINTMENTS (100000)
//   BENCH_BOOKERS       patients created for the booking scenarios, one per successful booking (100000)
//   BENCH_DELIVERY      in-process (default): the API sends the email it queues; worker: the API runs with
//                       DELIVERY_WORKER=false and a second instance of the built API (DELIVERY_WORKER=true) sends it
//
// Chat delivery (tools/bench/chat.mjs, after the clinic scenarios, each on a fresh database of its own): `chat`,
// BENCH_CHAT_SOCKETS sockets (1000) with BENCH_CHAT_RATE messages/s (1000) for BENCH_CHAT_SECONDS (10) on one
// instance, target p99 < 30 ms from send to receipt; `chat-redis`, the same across two instances through Redis,
// target p99 < 50 ms. BENCH_ONLY=chat,chat-redis runs only these, without generating the clinic's data.
//
// Scale curve: `npm run bench -- --sizes=1k,10k` (or BENCH_SIZES=1k,10k) runs everything once per clinic size —
// 1k: 1,000 doctors, 5,000 patients, 100,000 appointments; 10k: 10,000 doctors, 50,000 patients, 1,000,000
// appointments — each on a fresh database, and prints every scenario's p99 side by side with the growth factor.
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import pg from 'pg';
import { bookingBody, bookingQuery, prepareBookings, runBaseline, runEndpoint } from './booking.mjs';
import { measureOutbox, printOutboxTable, startSmtpSink } from './outbox.mjs';
import { coresOf, cpuMeter } from './cpu.mjs';
import { hashCost, prepareSignIns, printSignInTable, runSignIns, SIGN_IN_MIN_PER_SECOND, SIGN_IN_P99_MS } from './sign-in.mjs';
import { BENCH_EMAIL_DOMAIN, CITIES, describeData, generate } from './generate.mjs';
// The API's own embedded-PostgreSQL launcher (type-stripped TypeScript, imported as is under Node 24).
import { freePort, startEmbeddedPostgres } from '../../apps/api/src/database/embedded-postgres.ts';
import { API_MAIN, ROOT, startApi, stopApi, waitForHealth } from './api-process.mjs';
import { intEnv, prng } from './common.mjs';
import { CHAT_TARGET_P99_MS, runChatDelivery } from './chat.mjs';

const RESULTS_DIR = join(import.meta.dirname, 'results');

const settings = {
  durationSeconds: intEnv('BENCH_DURATION', 10),
  warmupSeconds: intEnv('BENCH_WARMUP', 3),
  connections: intEnv('BENCH_CONNECTIONS', 10),
  doctors: intEnv('BENCH_DOCTORS', 1000),
  patients: intEnv('BENCH_PATIENTS', 5000),
  appointments: intEnv('BENCH_APPOINTMENTS', 100_000),
  bookers: intEnv('BENCH_BOOKERS', 100_000),
};
/** Clinic sizes for the scale curve (`--sizes=1k,10k`). */
const SIZES = {
  '1k': { doctors: 1_000, patients: 5_000, appointments: 100_000 },
  '10k': { doctors: 10_000, patients: 50_000, appointments: 1_000_000 },
};
const sizesArg = (process.argv.find((a) => a.startsWith('--sizes='))?.slice('--sizes='.length) ?? process.env['BENCH_SIZES'] ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const badSize = sizesArg.find((name) => !SIZES[name]);
if (badSize) throw new Error(`--sizes: unknown size ${badSize} (known: ${Object.keys(SIZES).join(', ')})`);
const READ_SCENARIOS = ['slots-28d', 'search-filtered', 'search-available-on', 'search-unfiltered', 'doctor-profile'];
const BOOKING_SCENARIOS = ['booking-distinct', 'booking-contended', 'outbox'];
/** Chat delivery scenarios and their number of API instances. */
const CHAT_SCENARIOS = { chat: 1, 'chat-redis': 2 };
const CLINIC_SCENARIOS = [...READ_SCENARIOS, ...BOOKING_SCENARIOS, 'sign-in'];
const SCENARIO_NAMES = [...CLINIC_SCENARIOS, ...Object.keys(CHAT_SCENARIOS)];
/** The bench API's admin (outside the bench domain, which generate() clears): its password hash, made by the API at start-up, is the one every sign-in account gets. */
const BENCH_ADMIN = { email: 'bench-admin@admin.carebook.test', password: 'Bench-Admin-Password-2026!' };
/**
 * Booking targets: the endpoint, notifications on (its outbox rows and queue job in the booking's transaction,
 * the email sent over SMTP), reaches this share of the raw-SQL baseline's rate, with p99 under BOOKING_P99_MS.
 */
const BOOKING_MIN_RATIO = 0.5;
const BOOKING_P99_MS = 50;
const DELIVERY = process.env['BENCH_DELIVERY']?.trim() || 'in-process';
if (!['in-process', 'worker'].includes(DELIVERY)) throw new Error(`BENCH_DELIVERY must be in-process or worker (got "${DELIVERY}")`);
const only = process.env['BENCH_ONLY']?.split(',').map((s) => s.trim()).filter(Boolean);
const unknown = only?.filter((name) => !SCENARIO_NAMES.includes(name)) ?? [];
if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown scenario ${unknown.join(', ')} (known: ${SCENARIO_NAMES.join(', ')})`);

const log = (message) => process.stdout.write(`[bench] ${message}\n`);

// ---------------------------------------------------------------------------------------------------
// Small helpers

/** YYYY-MM-DD of today in a timezone, plus `days`. */
function localDate(timezone, days = 0) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The first Monday–Friday at least `days` ahead (doctors' generated hours are on weekdays). */
function weekdayAhead(timezone, days) {
  for (let d = days; ; d++) {
    const date = localDate(timezone, d);
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (weekday >= 1 && weekday <= 5) return date;
  }
}

function percentile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const round = (value, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);

function gitCommit() {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'apps', 'libs'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${commit}+uncommitted` : commit;
  } catch {
    return null;
  }
}

async function getJson(base, path, api) {
  let response;
  try {
    response = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    throw new Error(`GET ${path} failed: ${error.cause ?? error}${api ? `\nAPI output:\n${api.output.slice(-30).join('\n')}` : ''}`);
  }
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

// ---------------------------------------------------------------------------------------------------
// Scenarios

function scenarios({ doctorIds, specialties, timezone }) {
  const from = localDate(timezone, 0);
  const to = localDate(timezone, 27);
  const availableOn = weekdayAhead(timezone, 3);
  const pick = (random, list) => list[Math.floor(random() * list.length)];
  const enc = encodeURIComponent;
  return [
    {
      name: 'slots-28d',
      describe: `GET /api/doctors/:id/slots?from=${from}&to=${to} (random doctor of ${doctorIds.length})`,
      target: 20,
      required: true,
      path: (r) => `/api/doctors/${pick(r, doctorIds)}/slots?from=${from}&to=${to}`,
      check: (body) => ({ ok: Array.isArray(body) && body.length > 0, seen: `${body.length} slots` }),
    },
    {
      name: 'search-filtered',
      describe: 'GET /api/doctors?specialty=<one of 12>&location=<one of 10 cities>&sort=nextAvailable',
      target: 30,
      required: true,
      path: (r) => `/api/doctors?specialty=${enc(pick(r, specialties))}&location=${enc(pick(r, CITIES))}&sort=nextAvailable`,
      check: (body) => ({ ok: body.total > 0 && body.items.length > 0, seen: `${body.total} doctors` }),
    },
    {
      name: 'search-available-on',
      describe: `GET /api/doctors?specialty=<one of 12>&availableOn=${availableOn}`,
      target: 30,
      required: true,
      path: (r) => `/api/doctors?specialty=${enc(pick(r, specialties))}&availableOn=${availableOn}`,
      check: (body) => ({ ok: body.total > 0 && body.items.length > 0, seen: `${body.total} doctors` }),
    },
    {
      name: 'search-unfiltered',
      describe: 'GET /api/doctors?page=1&pageSize=20 (every doctor, by next available)',
      target: 100,
      required: false,
      path: () => '/api/doctors?page=1&pageSize=20',
      check: (body) => ({ ok: body.total >= doctorIds.length && body.items.length === 20, seen: `${body.total} doctors` }),
    },
    {
      name: 'doctor-profile',
      describe: 'GET /api/doctors/:id (random doctor)',
      target: 20,
      required: false,
      path: (r) => `/api/doctors/${pick(r, doctorIds)}`,
      check: (body) => ({ ok: typeof body.id === 'string', seen: `next available ${body.nextAvailableAt}` }),
    },
  ].filter((s) => !only || only.includes(s.name));
}

async function load(base, scenario, seconds, seed) {
  const random = prng(seed);
  const latencies = [];
  const instance = autocannon({
    url: base,
    connections: settings.connections,
    duration: seconds,
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: scenario.path(random) }) }],
  });
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const result = await instance;
  return { result, latencies };
}

/** Waits until the API has finished requests a previous load left in flight (autocannon drops them). */
async function settle({ apiPid, workerPid }) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const [api, worker] = await Promise.all([coresOf(apiPid, 300), workerPid ? coresOf(workerPid, 300) : 0]);
    const cores = api === null ? null : api + (worker ?? 0);
    if (cores === null) return void (await new Promise((r) => setTimeout(r, 2000)));
    if (cores < 0.05) return;
  }
  log('the API still looked busy after 60 s; measuring anyway');
}

/** Median latency of one connection: the floor under the concurrent numbers. */
async function serialMedian(base, scenario, count = 15) {
  const random = prng(3);
  const times = [];
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    const response = await fetch(`${base}${scenario.path(random)}`, { signal: AbortSignal.timeout(60_000) });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${scenario.name}: ${response.status} from ${response.url}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return percentile(Float64Array.from(times).sort(), 0.5);
}

async function measure(base, scenario, pids) {
  await settle(pids);
  await load(base, scenario, settings.warmupSeconds, 1);
  await settle(pids);
  const serialP50 = await serialMedian(base, scenario);
  const meter = cpuMeter(pids);
  const { result, latencies } = await load(base, scenario, settings.durationSeconds, 2);
  const cpu = meter.stop();
  const sorted = Float64Array.from(latencies).sort();
  // No response within the run: nothing finished in time, which is a miss, not a crash.
  const p99 = sorted.length > 0 ? percentile(sorted, 0.99) : Number.POSITIVE_INFINITY;
  return {
    name: scenario.name,
    request: scenario.describe,
    targetP99Ms: scenario.target,
    required: scenario.required,
    responses: latencies.length,
    requestsPerSecond: round(latencies.length / result.duration, 0),
    p50Ms: round(percentile(sorted, 0.5), 2),
    p90Ms: round(percentile(sorted, 0.9), 2),
    p99Ms: round(p99, 2),
    maxMs: round(sorted[sorted.length - 1], 2),
    ratio: Math.floor((scenario.target / p99) * 100) / 100, // rounded down, so 1.00 is never a near miss
    met: p99 <= scenario.target,
    serialP50Ms: round(serialP50, 2),
    cpuCores: cpu,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** Cores by group: api, the delivery worker (BENCH_DELIVERY=worker), PostgreSQL, this load generator, the rest. */
function cpuText(c) {
  if (!c) return 'n/a';
  return [c.api, ...(c.worker !== undefined ? [c.worker] : []), c.db, c.loadgen, c.other].map((v) => v.toFixed(2)).join(' / ');
}
const cpuHeader = () => (DELIVERY === 'worker' ? 'CPU api/worker/db/gen/other' : 'CPU api/db/gen/other');

function printTable(rows) {
  const ms = (value) => (value === null ? '—' : value.toFixed(1));
  const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'target p99', 'target/p99', 'result', '1-conn p50', cpuHeader()];
  const lines = rows.map((r) => [
    r.name,
    String(r.requestsPerSecond),
    ms(r.p50Ms),
    ms(r.p99Ms),
    `< ${r.targetP99Ms} ms${r.required ? '' : ' (info)'}`,
    r.ratio.toFixed(2),
    r.met ? 'met' : r.required ? 'MISSED' : 'over (info)',
    ms(r.serialP50Ms),
    cpuText(r.cpuCores),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const left = new Set([0, 6]);
  const format = (cells) => cells.map((c, i) => (left.has(i) ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  process.stdout.write(`\n${format(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${lines.map(format).join('\n')}\n`);
  process.stdout.write(
    `target/p99 >= 1 means met. 1-conn p50: one request at a time. CPU: cores used during the run by the API,\n` +
      `PostgreSQL, this load generator and everything else on the machine (other > 0.1: a busy neighbour skews the numbers).\n\n`,
  );
}

// ---------------------------------------------------------------------------------------------------
// Booking: the endpoint against the same SQL straight through pg

function summarize(name, request, { latencies, outcomes, elapsed }, extra = {}) {
  const sorted = Float64Array.from(latencies).sort();
  return {
    name,
    request,
    responses: latencies.length,
    requestsPerSecond: round(latencies.length / elapsed, 0),
    createdPerSecond: round(outcomes.created / elapsed, 0),
    p50Ms: round(percentile(sorted, 0.5), 2),
    p90Ms: round(percentile(sorted, 0.9), 2),
    p99Ms: round(percentile(sorted, 0.99), 2),
    maxMs: round(sorted[sorted.length - 1], 2),
    created: outcomes.created,
    conflicts: outcomes.conflict,
    other: outcomes.other,
    ...extra,
  };
}

/**
 * What any booking request costs before it books: the same POST with a start that is not an instant, refused with
 * 400 at validation after the token and the account check (no slot rules, no booking, no outbox). Its CPU per
 * request (API, PostgreSQL, load generator), against the `pg` baseline's CPU per booking, bounds the ratio an
 * endpoint could reach on this machine: `ceiling` is the ratio of an endpoint that spent only this on top of
 * the baseline's booking.
 */
async function measureRequestFloor({ base, jwtSecret, pids, patients, slot, baseline }) {
  const pool = patients.slice(patients.length - 1000);
  let turn = 0;
  const nextJob = () => ({ slot, patient: pool[turn++ % pool.length] });
  const bodyOf = (s, patient) => ({ ...bookingBody(s, patient), startsAt: 'not-an-instant' });
  await settle(pids);
  await runEndpoint({ base, secret: jwtSecret, connections: settings.connections, seconds: settings.warmupSeconds, nextJob, bodyOf });
  await settle(pids);
  const meter = cpuMeter(pids);
  const run = await runEndpoint({ base, secret: jwtSecret, connections: settings.connections, seconds: settings.durationSeconds, nextJob, bodyOf });
  const cpuCores = meter.stop();
  const refused = run.otherStatuses[400] ?? 0;
  if (refused !== run.latencies.length || run.errors || run.timeouts) {
    throw new Error(`request floor: expected only 400s, got ${JSON.stringify(run.outcomes)} ${JSON.stringify(run.otherStatuses)}, ${run.errors} errors, ${run.timeouts} timeouts`);
  }
  const perSecond = round(run.latencies.length / run.elapsed, 0);
  const msPer = (cores, rate) => (cores ? round((((cores.api ?? 0) + (cores.db ?? 0) + (cores.loadgen ?? 0)) * 1000) / rate, 2) : null);
  const cpuMs = msPer(cpuCores, perSecond);
  const baselineCpuMs = msPer(baseline.cpuCores, baseline.createdPerSecond);
  const floor = {
    request: 'POST /api/appointments refused with 400 at validation (token and account checked, nothing booked)',
    requestsPerSecond: perSecond,
    p99Ms: round(percentile(Float64Array.from(run.latencies).sort(), 0.99), 2),
    cpuCores,
    cpuMsPerRequest: cpuMs,
    baselineCpuMsPerBooking: baselineCpuMs,
    ceiling: cpuMs && baselineCpuMs ? round(baselineCpuMs / (baselineCpuMs + cpuMs), 2) : null,
  };
  log(`request floor: ${perSecond} refused requests/s, ${cpuMs} ms of CPU each against ${baselineCpuMs} ms per baseline booking: ceiling ${floor.ceiling}`);
  return floor;
}

async function measureBooking({ base, client, databaseUrl, doctorIds, timezone, jwtSecret, pids, sink }) {
  const wanted = only ?? SCENARIO_NAMES;
  const from = localDate(timezone, 1);
  const to = localDate(timezone, 28);
  const started = Date.now();
  const { patients, slots } = await prepareBookings(client, {
    base, doctorIds, from, to, bookers: settings.bookers, domain: BENCH_EMAIL_DOMAIN, timezone, getJson,
  });
  await client.query('vacuum analyze users');
  log(`booking: ${slots.length} free slots of ${doctorIds.length} doctors (${from}…${to}), ${patients.length} fresh patients, ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // Distinct scenarios take jobs from one queue: a slot and a patient never used before.
  let cursor = 0;
  const nextJob = () => {
    if (cursor >= slots.length - 2 || cursor >= patients.length - 1000) {
      throw new Error('the booking scenarios ran out of free slots or patients: raise BENCH_BOOKERS or lower BENCH_DURATION');
    }
    const job = { slot: slots[cursor], patient: patients[cursor] };
    cursor++;
    return job;
  };
  const results = [];

  if (wanted.includes('booking-distinct')) {
    const query = bookingQuery(ROOT);

    await settle(pids);
    await runEndpoint({ base, secret: jwtSecret, connections: settings.connections, seconds: settings.warmupSeconds, nextJob });
    await settle(pids);
    const meter = cpuMeter(pids);
    const endpoint = await runEndpoint({ base, secret: jwtSecret, connections: settings.connections, seconds: settings.durationSeconds, nextJob });
    const endpointCpu = meter.stop();

    await settle(pids); // the endpoint's last emails are sent before the baseline starts
    await runBaseline({ databaseUrl, query, nextJob, connections: settings.connections, seconds: settings.warmupSeconds });
    const baseline = await runBaseline({ databaseUrl, query, nextJob, connections: settings.connections, seconds: settings.durationSeconds, meter: cpuMeter(pids) });
    const baselineCpu = baseline.cpu;

    const endpointRow = summarize('booking-distinct', 'POST /api/appointments, each request a different free slot and patient', endpoint, {
      cpuCores: endpointCpu,
      otherStatuses: endpoint.otherStatuses,
      errors: endpoint.errors,
      timeouts: endpoint.timeouts,
    });
    const baselineRow = summarize('booking-baseline-pg', 'the endpoint’s booking statement (insert + history row) through pg', baseline, {
      cpuCores: baselineCpu,
    });
    const ratio = Math.floor((endpointRow.createdPerSecond / baselineRow.createdPerSecond) * 100) / 100;
    endpointRow.ratioToBaseline = ratio;
    endpointRow.requestFloor = await measureRequestFloor({ base, jwtSecret, pids, patients, slot: nextJob().slot, baseline: baselineRow });
    endpointRow.met = ratio >= BOOKING_MIN_RATIO && endpointRow.p99Ms < BOOKING_P99_MS && endpointRow.other === 0;
    results.push(endpointRow, baselineRow);
    log(`booking-distinct: endpoint ${endpointRow.createdPerSecond}/s (p99 ${endpointRow.p99Ms} ms), pg ${baselineRow.createdPerSecond}/s (p99 ${baselineRow.p99Ms} ms), ratio ${ratio}`);
    if (endpoint.outcomes.other || endpoint.errors || endpoint.timeouts || baseline.outcomes.other) {
      throw new Error(`booking-distinct: answers other than 201/409: ${JSON.stringify(endpoint.otherStatuses)}, ${endpoint.errors} errors, ${endpoint.timeouts} timeouts; baseline errors ${baseline.outcomes.other}`);
    }
  }

  if (wanted.includes('booking-contended')) {
    // Everyone asks for the same slot; the patients rotate through a pool that holds nothing else.
    const warmSlot = nextJob().slot;
    const slot = nextJob().slot;
    const pool = patients.slice(patients.length - 1000);
    let turn = 0;
    const contender = (target) => () => ({ slot: target, patient: pool[turn++ % pool.length] });
    await settle(pids);
    await runEndpoint({ base, secret: jwtSecret, connections: settings.connections, seconds: settings.warmupSeconds, nextJob: contender(warmSlot) });
    await settle(pids);
    const meter = cpuMeter(pids);
    const contended = await runEndpoint({ base, secret: jwtSecret, connections: settings.connections, seconds: settings.durationSeconds, nextJob: contender(slot) });
    const row = summarize('booking-contended', `POST /api/appointments, every request for one slot (${slot.startsAt})`, contended, {
      cpuCores: meter.stop(),
      otherStatuses: contended.otherStatuses,
      errors: contended.errors,
      timeouts: contended.timeouts,
    });
    const [{ holders }] = (
      await client.query(`select count(*)::int as holders from appointments where doctor_id = $1 and starts_at = $2 and status in ('pending', 'confirmed')`, [slot.doctorId, slot.startsAt])
    ).rows;
    row.holdersAfter = holders;
    row.met = contended.outcomes.created === 1 && holders === 1 && contended.outcomes.other === 0 && row.p99Ms < BOOKING_P99_MS;
    results.push(row);
    log(`booking-contended: ${row.requestsPerSecond} req/s, ${row.created} created, ${row.conflicts} conflicts, ${row.other} other, p99 ${row.p99Ms} ms, holders ${holders}`);
    if (contended.outcomes.created !== 1 || holders !== 1 || contended.outcomes.other || contended.errors || contended.timeouts) {
      throw new Error(`booking-contended: expected exactly one 201 and only 409s besides, got ${JSON.stringify(contended.outcomes)} ${JSON.stringify(contended.otherStatuses)}, ${holders} holders`);
    }
  }

  let outbox = [];
  if (wanted.includes('outbox')) {
    await settle(pids);
    outbox = await measureOutbox({
      base, client, sink, secret: jwtSecret, connections: settings.connections, seconds: settings.durationSeconds, nextJob, log,
    });
  }
  return { results, outbox };
}

/** Sign-ins at 10 connections: rate, p99, and the CPU of the hashing against the API's CPU per sign-in. */
async function measureSignIn({ base, client, pids }) {
  const { hash, accounts } = await prepareSignIns(client, { adminEmail: BENCH_ADMIN.email, password: BENCH_ADMIN.password, count: 500, domain: BENCH_EMAIL_DOMAIN });
  const cost = await hashCost(hash, BENCH_ADMIN.password);
  log(`sign-in: ${accounts.length} accounts, argon2id ${cost.parameters}, one verify ${cost.cpuMs} ms of CPU here`);
  await settle(pids);
  await runSignIns({ base, accounts, connections: settings.connections, seconds: settings.warmupSeconds });
  await settle(pids);
  const meter = cpuMeter(pids);
  const run = await runSignIns({ base, accounts, connections: settings.connections, seconds: settings.durationSeconds });
  const cpuCores = meter.stop();
  const apiCpuMsPerSignIn = cpuCores && run.signInsPerSecond > 0 ? round((cpuCores.api * 1000) / run.signInsPerSecond, 1) : null;
  const row = {
    name: 'sign-in',
    request: 'POST /api/auth/login, the right password, round-robin over 500 accounts',
    ...run,
    hash: cost,
    cpuCores,
    apiCpuMsPerSignIn,
    hashShareOfApi: apiCpuMsPerSignIn ? round(cost.cpuMs / apiCpuMsPerSignIn, 2) : null,
    targetPerSecond: SIGN_IN_MIN_PER_SECOND,
    targetP99Ms: SIGN_IN_P99_MS,
  };
  const failures = run.responses - (run.statuses[200] ?? 0);
  row.met = run.signInsPerSecond >= SIGN_IN_MIN_PER_SECOND && run.p99Ms < SIGN_IN_P99_MS && failures === 0;
  log(`sign-in: ${row.signInsPerSecond}/s, p99 ${row.p99Ms} ms, answers ${JSON.stringify(run.statuses)}, API ${cpuCores?.api} cores`);
  if (failures > 0 || run.errors || run.timeouts) throw new Error(`sign-in: answers other than 200: ${JSON.stringify(run.statuses)}, ${run.errors} errors, ${run.timeouts} timeouts`);
  return row;
}

function printBookingTable(rows) {
  const header = ['scenario', 'req/s', 'created/s', 'p50 ms', 'p99 ms', '201', '409', 'other', cpuHeader()];
  const lines = rows.map((r) => [
    r.name,
    String(r.requestsPerSecond),
    String(r.createdPerSecond),
    r.p50Ms.toFixed(1),
    r.p99Ms.toFixed(1),
    String(r.created),
    String(r.conflicts),
    String(r.other),
    cpuText(r.cpuCores),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  process.stdout.write(`\n${format(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${lines.map(format).join('\n')}\n`);
  const distinct = rows.find((r) => r.name === 'booking-distinct');
  if (distinct) {
    process.stdout.write(
      `endpoint / pg baseline (bookings per second): ${distinct.ratioToBaseline.toFixed(2)} (target >= ${BOOKING_MIN_RATIO}); ` +
        `endpoint p99 ${distinct.p99Ms} ms (target < ${BOOKING_P99_MS} ms): ${distinct.met ? 'met' : 'MISSED'}\n`,
    );
    const floor = distinct.requestFloor;
    if (floor?.ceiling != null) {
      process.stdout.write(
        `request floor: a booking request refused at validation costs ${floor.cpuMsPerRequest} ms of CPU (API, PostgreSQL, load generator; ` +
          `${floor.requestsPerSecond}/s), the pg baseline ${floor.baselineCpuMsPerBooking} ms per booking: an endpoint spending only that ` +
          `on top of the baseline's booking would reach ${floor.ceiling.toFixed(2)}\n`,
      );
    }
  }
  const contended = rows.find((r) => r.name === 'booking-contended');
  if (contended) {
    process.stdout.write(`contended slot: ${contended.created} booking, ${contended.conflicts} refused with 409, ${contended.other} other: ${contended.met ? 'met' : 'MISSED'}\n`);
  }
  process.stdout.write('\n');
}

/** One whole run (fresh database, data, every scenario) at the current `settings`; its report. */
async function benchSize(label) {
  if (!existsSync(API_MAIN)) throw new Error(`${relative(ROOT, API_MAIN)} is missing: run \`npm run bench\` (it builds the API)`);
  const tmp = mkdtempSync(join(tmpdir(), 'carebook-bench-'));
  const cleanups = [() => rmSync(tmp, { recursive: true, force: true })];
  const cleanup = async () => {
    while (cleanups.length > 0) {
      const step = cleanups.pop();
      await Promise.resolve()
        .then(step)
        .catch((e) => log(`cleanup: ${e instanceof Error ? e.message : String(e)}`));
    }
  };
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return; // a second signal (e.g. from a wrapper) must not cut the cleanup short
    interrupted = true;
    void cleanup().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const loadAtStart = loadavg().map((l) => round(l, 2));
  if (loadAtStart[0] > 0.5 * cpus().length) log(`note: load average ${loadAtStart[0]} — the machine is busy; latencies will be pessimistic`);
  try {
    let databaseUrl = process.env['DATABASE_URL']?.trim();
    let postmasterPid = null;
    if (databaseUrl) {
      log('WARNING: DATABASE_URL is set — that database gets ~120k generated rows (emails @bench.carebook.test, removed and re-added on each run).');
    } else {
      const started = Date.now();
      const db = await startEmbeddedPostgres(join(tmp, 'postgres'), { database: 'carebook_bench', persistent: false });
      cleanups.push(() => db.stop());
      databaseUrl = db.url;
      postmasterPid = db.pid;
      log(`embedded PostgreSQL ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }

    const sink = await startSmtpSink();
    cleanups.push(() => sink.stop());
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // The bench signs patients' access tokens itself, so booking needs no sign-in (argon2) per patient.
    const jwtSecret = randomBytes(32).toString('hex');
    const delivery = DELIVERY === 'worker' ? { DELIVERY_WORKER: 'false' } : {};
    const admin = { ADMIN_EMAIL: BENCH_ADMIN.email, ADMIN_PASSWORD: BENCH_ADMIN.password };
    let api = startApi({ port, databaseUrl, dataDir: join(tmp, 'data'), jwtSecret, smtpUrl: sink.url, env: { ...admin, ...delivery } });
    cleanups.push(() => stopApi(api));
    await waitForHealth(base, api);
    let workerPid;
    if (DELIVERY === 'worker') {
      // The same build as a second instance that serves no bench traffic and sends what the API queues.
      const workerPort = await freePort();
      const worker = startApi({ port: workerPort, databaseUrl, dataDir: join(tmp, 'data-worker'), jwtSecret, smtpUrl: sink.url, env: { DELIVERY_WORKER: 'true' } });
      cleanups.push(() => stopApi(worker));
      await waitForHealth(`http://127.0.0.1:${workerPort}`, worker);
      workerPid = worker.child.pid;
      log('delivery: a second API instance (DELIVERY_WORKER=true) sends the email; the measured API has DELIVERY_WORKER=false');
    }
    let apiExit = null;
    void api.exited.then((how) => (apiExit = how));
    const clinic = await getJson(base, '/api/clinic'); // creates the clinic settings row on first read
    log(`API up (migrated); clinic timezone ${clinic.timezone}, ${clinic.slotMinutes}-minute slots, horizon ${clinic.bookingHorizonDays} days`);

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    cleanups.push(() => client.end());
    log(`generating ${settings.doctors} doctors, ${settings.patients} patients, ${settings.appointments} appointments…`);
    const genStarted = Date.now();
    await generate(client, { ...settings, timezone: clinic.timezone, slotMinutes: clinic.slotMinutes });
    await client.query('vacuum analyze'); // a settled database: statistics and visibility map (index-only scans)
    const generationSeconds = (Date.now() - genStarted) / 1000;
    const data = await describeData(client);
    log(`data generated in ${generationSeconds.toFixed(1)} s (incl. vacuum analyze): ${JSON.stringify(data)}`);
    // The generated rows went in without the appointments' triggers (see generate.mjs): the restarted API
    // recomputes the availability summary before it answers, as after any change to the clinic's rules.
    await stopApi(api);
    apiExit = null;
    const restartStarted = Date.now();
    api = startApi({ port, databaseUrl, dataDir: join(tmp, 'data'), jwtSecret, smtpUrl: sink.url, env: { ...admin, ...delivery } });
    await waitForHealth(base, api, 600_000);
    void api.exited.then((how) => (apiExit = how));
    const summarySeconds = (Date.now() - restartStarted) / 1000;
    log(`API restarted with the availability summary recomputed in ${summarySeconds.toFixed(1)} s`);
    // The recompute rewrote every doctor's summary rows after the generation's analyze: fresh statistics, as
    // autovacuum would gather within its next round (a PostgreSQL with autovacuum off, such as a DATABASE_URL
    // server set up for tests, would otherwise plan the searches on the generated rows' empty summary).
    const analyzeStarted = Date.now();
    await client.query('analyze');
    log(`statistics gathered again in ${((Date.now() - analyzeStarted) / 1000).toFixed(1)} s`);
    const doctorIds = (await client.query(`select id from users where email like 'bench.doctor%' order by email`)).rows.map((r) => r.id);
    const specialties = (await client.query(`select name from specialties order by name`)).rows.map((r) => r.name);

    const list = scenarios({ doctorIds, specialties, timezone: clinic.timezone });
    const sanityRandom = prng(7);
    for (const scenario of list) {
      const path = scenario.path(sanityRandom);
      const { ok, seen } = scenario.check(await getJson(base, path, api));
      log(`sanity ${scenario.name}: ${seen}  (${path})`);
      if (!ok) throw new Error(`${scenario.name}: the sample response is empty or wrong — the data or the endpoint is broken`);
    }

    log(`measuring: ${settings.connections} connections, ${settings.warmupSeconds} s warm-up + ${settings.durationSeconds} s per scenario`);
    const rows = [];
    for (const scenario of list) {
      const row = await measure(base, scenario, { apiPid: api.child.pid, workerPid, postmasterPid });
      rows.push(row);
      log(`${row.name}: ${row.requestsPerSecond} req/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, one at a time ${row.serialP50Ms} ms`);
      if (apiExit) throw new Error(`the API exited during ${scenario.name} (${JSON.stringify(apiExit)}):\n${api.output.join('\n')}`);
      if (row.non2xx || row.errors || row.timeouts) {
        throw new Error(`${scenario.name}: ${row.non2xx} non-2xx responses, ${row.errors} errors, ${row.timeouts} timeouts\n${api.output.slice(-20).join('\n')}`);
      }
    }
    if (rows.length > 0) printTable(rows);

    const wantsBooking = BOOKING_SCENARIOS.some((name) => !only || only.includes(name));
    const { results: booking, outbox } = wantsBooking
      ? await measureBooking({ base, client, databaseUrl, doctorIds, timezone: clinic.timezone, jwtSecret, pids: { apiPid: api.child.pid, workerPid, postmasterPid }, sink })
      : { results: [], outbox: [] };
    if (apiExit) throw new Error(`the API exited during the booking scenarios (${JSON.stringify(apiExit)}):\n${api.output.join('\n')}`);
    if (booking.length > 0) printBookingTable(booking);
    if (outbox.length > 0) printOutboxTable(outbox);
    const signIn = !only || only.includes('sign-in') ? await measureSignIn({ base, client, pids: { apiPid: api.child.pid, workerPid, postmasterPid } }) : null;
    if (apiExit) throw new Error(`the API exited during sign-in (${JSON.stringify(apiExit)}):\n${api.output.join('\n')}`);
    if (signIn) printSignInTable(signIn);

    printRatios(rows);
    const report = {
      size: label,
      at: new Date().toISOString(),
      commit: gitCommit(),
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model ?? null,
        node: process.version,
        platform: process.platform,
        loadAverageAtStart: loadAtStart,
      },
      database: process.env['DATABASE_URL'] ? 'DATABASE_URL' : 'embedded',
      delivery: DELIVERY,
      settings,
      clinic: { timezone: clinic.timezone, slotMinutes: clinic.slotMinutes, bookingHorizonDays: clinic.bookingHorizonDays },
      data,
      generationSeconds: round(generationSeconds, 1),
      summarySeconds: round(summarySeconds, 1),
      scenarios: rows,
      booking,
      outbox,
      signIn,
    };
    const missed = [
      ...rows.filter((r) => r.required && !r.met).map((r) => r.name),
      ...booking.filter((r) => r.met === false).map((r) => r.name),
      ...outbox.filter((r) => r.met === false).map((r) => r.name),
      ...(signIn && !signIn.met ? ['sign-in'] : []),
    ];
    log(missed.length > 0 ? `MISSED targets: ${missed.join(', ')}` : 'all targets met');
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    return report;
  } finally {
    await cleanup();
  }
}

/** p99 of `name` over p99 of `base` in one run: the issue's targets compare scenarios measured together. */
function printRatios(rows) {
  const p99 = (name) => rows.find((r) => r.name === name)?.p99Ms;
  const checks = [
    ['search-available-on', 'search-filtered', 1.5],
    ['search-unfiltered', 'search-filtered', 2],
    ['slots-28d', 'doctor-profile', 1.5],
  ].filter(([a, b]) => p99(a) !== undefined && p99(b) !== undefined);
  for (const [a, b, limit] of checks) {
    const ratio = p99(a) / p99(b);
    process.stdout.write(`${a} p99 / ${b} p99 = ${ratio.toFixed(2)} (target <= ${limit}): ${ratio <= limit ? 'met' : 'MISSED'}\n`);
  }
  if (checks.length > 0) process.stdout.write('\n');
}

/** Each scenario's p99 per size, and how it grew from the first size to each later one. */
function printScaleTable(reports) {
  const names = [...new Set(reports.flatMap((r) => [...r.scenarios, ...r.booking].map((s) => s.name)))];
  const p99 = (report, name) => [...report.scenarios, ...report.booking].find((s) => s.name === name)?.p99Ms;
  const header = ['scenario', ...reports.map((r) => `p99 ms @${r.size}`), ...reports.slice(1).map((r) => `×${r.size}/${reports[0].size}`)];
  const lines = names.map((name) => [
    name,
    ...reports.map((r) => (p99(r, name) === undefined ? '—' : p99(r, name).toFixed(1))),
    ...reports.slice(1).map((r) => {
      const [a, b] = [p99(reports[0], name), p99(r, name)];
      return a && b ? (b / a).toFixed(2) : '—';
    }),
  ]);
  const extra = [
    ['data generated (s)', ...reports.map((r) => String(r.generationSeconds)), ...reports.slice(1).map(() => '')],
    ['summary computed at start-up (s)', ...reports.map((r) => String(r.summarySeconds)), ...reports.slice(1).map(() => '')],
  ];
  const all = [...lines, ...extra];
  const widths = header.map((h, i) => Math.max(h.length, ...all.map((l) => l[i].length)));
  const format = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  process.stdout.write(`\nScale curve (${reports.map((r) => `${r.size}: ${r.data.doctors} doctors, ${r.data.appointments} appointments`).join('; ')})\n`);
  process.stdout.write(`${format(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${all.map(format).join('\n')}\n\n`);
}

/** The chat delivery runs: p99 from send to receipt against the issue's targets, with what was lost or repeated. */
function printChatTable(rows) {
  const header = ['scenario', 'sockets', 'msgs/s', 'p50 ms', 'p99 ms', 'target p99', 'lost', 'dup', 'seq gaps', 'result'];
  const lines = rows.map((r) => [
    r.name,
    String(r.sockets),
    `${r.achievedRate}/${r.targetRate}`,
    r.sendToReceiptMs.p50.toFixed(1),
    r.sendToReceiptMs.p99.toFixed(1),
    `< ${r.targetP99Ms} ms`,
    String(r.lost),
    String(r.duplicates),
    String(r.conversationsWithSeqGaps),
    r.met.p99 && r.met.rate && r.met.complete ? 'met' : 'MISSED',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  process.stdout.write(`\nChat delivery (send → the other participant's message:new)\n`);
  process.stdout.write(`${format(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${lines.map(format).join('\n')}\n`);
  process.stdout.write('msgs/s: achieved/target (met at 95 %). chat-redis: patients on one instance, doctors on the other.\n\n');
}

async function main() {
  const runs = sizesArg.length > 0 ? sizesArg : [null];
  const reports = [];
  const wantsClinic = !only || only.some((name) => CLINIC_SCENARIOS.includes(name));
  for (const size of wantsClinic ? runs : []) {
    if (size) {
      Object.assign(settings, SIZES[size]);
      log(`=== size ${size}: ${settings.doctors} doctors, ${settings.patients} patients, ${settings.appointments} appointments ===`);
    }
    reports.push(await benchSize(size ?? `${settings.doctors}`));
  }
  if (reports.length > 1) printScaleTable(reports);
  const chat = [];
  for (const [name, instances] of Object.entries(CHAT_SCENARIOS).filter(([name]) => !only || only.includes(name))) {
    log(`=== ${name}: chat delivery on ${instances === 1 ? 'one instance' : 'two instances through Redis'} ===`);
    const result = await runChatDelivery({ instances, log: (message) => log(`${name}: ${message}`) });
    chat.push({ name, targetP99Ms: CHAT_TARGET_P99_MS[instances], ...result });
  }
  if (chat.length > 0) printChatTable(chat);
  for (const row of chat) if (!(row.met.p99 && row.met.rate)) log(`MISSED target: ${row.name}`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const clinic = reports.length === 0 ? { at: new Date().toISOString(), commit: gitCommit() } : reports.length === 1 ? reports[0] : { at: reports[0].at, sizes: reports };
  const report = { ...clinic, chat };
  const json = `${JSON.stringify(report, null, 2)}\n`;
  writeFileSync(join(RESULTS_DIR, 'latest.json'), json);
  writeFileSync(join(RESULTS_DIR, `${report.at.replace(/[:.]/g, '-')}.json`), json);
  log(`results written to ${relative(ROOT, join(RESULTS_DIR, 'latest.json'))}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    const cause = error instanceof Error && error.cause ? ` (${String(error.cause)})` : '';
    process.stderr.write(`[bench] FAILED: ${error instanceof Error ? error.message : String(error)}${cause}\n`);
    process.exit(1);
  },
);
