#!/usr/bin/env node
// Soak (issue 10): a long mixed run of bookings, cancellations and reschedules against the built API
// (dist/apps/api/main.js), then the invariants checked in the database: every 2xx answer reflected there,
// every appointment's history complete, no two slot-holding appointments of one doctor or one patient
// overlapping. Run through `npm run bench:soak`, which builds the API first. Not part of `npm test`.
//
// Environment (all optional):
//   DATABASE_URL      use this PostgreSQL instead of a throw-away embedded one (it gets bench rows, as `npm run bench`)
//   SOAK_OPS          operations in all (10000)      SOAK_CONNECTIONS  concurrent clients (16)
//   SOAK_SEED         PRNG seed (42)                 SOAK_DOCTORS (30), SOAK_PATIENTS (600)
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import pg from 'pg';
import { accessToken } from './booking.mjs';
import { BENCH_EMAIL_DOMAIN, generate } from './generate.mjs';
import { freePort, startEmbeddedPostgres } from '../../apps/api/src/database/embedded-postgres.ts';
import { API_MAIN, ROOT, startApi, stopApi, waitForHealth } from './api-process.mjs';
import { intEnv, prng } from './common.mjs';

const RESULTS_DIR = join(import.meta.dirname, 'results');

const settings = {
  ops: intEnv('SOAK_OPS', 10_000),
  connections: intEnv('SOAK_CONNECTIONS', 16),
  seed: intEnv('SOAK_SEED', 42),
  doctors: intEnv('SOAK_DOCTORS', 30),
  patients: intEnv('SOAK_PATIENTS', 600),
};
const log = (message) => process.stdout.write(`[soak] ${message}\n`);

function percentile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
const round = (value, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);

/** A set with O(1) add, delete and random pick. */
class RandomSet {
  items = [];
  index = new Map();
  add(item) {
    if (this.index.has(item)) return;
    this.index.set(item, this.items.length);
    this.items.push(item);
  }
  delete(item) {
    const i = this.index.get(item);
    if (i === undefined) return false;
    const last = this.items.pop();
    if (i < this.items.length) {
      this.items[i] = last;
      this.index.set(last, i);
    }
    this.index.delete(item);
    return true;
  }
  pick(random) {
    return this.items.length === 0 ? undefined : this.items[Math.floor(random() * this.items.length)];
  }
  get size() {
    return this.items.length;
  }
}

// ---------------------------------------------------------------------------------------------------
// HTTP with exactly `connections` keep-alive sockets

function client(base, connections) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const { hostname, port } = new URL(base);
  return (method, path, token, body) =>
    new Promise((done, fail) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const started = process.hrtime.bigint();
      const req = request(
        {
          agent,
          hostname,
          port,
          method,
          path,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            const text = Buffer.concat(chunks).toString();
            let json = null;
            try {
              json = text ? JSON.parse(text) : null;
            } catch {
              json = { raw: text.slice(0, 200) };
            }
            done({ status: res.statusCode, body: json, ms });
          });
        },
      );
      req.setTimeout(60_000, () => req.destroy(new Error('timed out after 60 s')));
      req.on('error', fail);
      if (payload) req.write(payload);
      req.end();
    });
}

// ---------------------------------------------------------------------------------------------------
// The soak

const REASON = 'Soak test appointment';

async function soak({ base, db, jwtSecret, timezone }) {
  const random = prng(settings.seed);
  const call = client(base, settings.connections);

  // Patients of the soak's own, who start with nothing; doctors from the bench generator.
  const patients = (
    await db.query(
      `insert into users (email, full_name, role, status, password_hash)
       select 'soak.patient' || n || '@${BENCH_EMAIL_DOMAIN}', 'Soak Patient ' || n, 'patient', 'active', 'bench-no-login'
       from generate_series(1, $1::int) n returning id, email, full_name`,
      [settings.patients],
    )
  ).rows.map((p) => ({ ...p, token: accessToken(jwtSecret, p.id, 'patient'), held: new RandomSet(), busy: false }));
  const doctorIds = (await db.query(`select id from users where email like 'bench.doctor%@${BENCH_EMAIL_DOMAIN}' order by email`)).rows.map((r) => r.id);
  const day = (days) => new Date(Date.now() + days * 86_400_000).toLocaleDateString('en-CA', { timeZone: timezone });
  const free = new Map(); // doctorId → RandomSet of "startsAt" (ISO, as the API answers)
  for (const doctorId of doctorIds) {
    const set = new RandomSet();
    // Two days out at least: clear of the minimum notice and of the patients' cancellation window.
    const res = await call('GET', `/api/doctors/${doctorId}/slots?from=${day(2)}&to=${day(31)}`);
    if (res.status !== 200) throw new Error(`slots of ${doctorId}: ${res.status} ${JSON.stringify(res.body)}`);
    for (const slot of res.body) set.add(slot.startsAt);
    free.set(doctorId, set);
  }
  const totalFree = [...free.values()].reduce((n, s) => n + s.size, 0);
  log(`${patients.length} patients, ${doctorIds.length} doctors with ${totalFree} free slots (${day(2)}…${day(31)})`);

  /** What the 2xx answers said, per appointment: the database must end up saying the same. */
  const expected = new Map();
  const latencies = { book: [], cancel: [], reschedule: [] };
  const statuses = { book: {}, cancel: {}, reschedule: {} };
  const unexpected = [];
  let issued = 0;

  const count = (kind, status) => (statuses[kind][status] = (statuses[kind][status] ?? 0) + 1);
  const pickPatient = () => {
    for (let tries = 0; tries < 50; tries++) {
      const p = patients[Math.floor(random() * patients.length)];
      if (!p.busy) return p;
    }
    return patients.find((p) => !p.busy);
  };
  const pickFreeSlot = (doctorId) => {
    const id = doctorId ?? doctorIds[Math.floor(random() * doctorIds.length)];
    const startsAt = free.get(id).pick(random);
    return startsAt ? { doctorId: id, startsAt } : undefined;
  };

  async function book(p) {
    const slot = pickFreeSlot();
    if (!slot) return false;
    free.get(slot.doctorId).delete(slot.startsAt);
    const res = await call('POST', '/api/appointments', p.token, {
      doctorId: slot.doctorId,
      startsAt: slot.startsAt,
      reason: REASON,
      patientDetails: { fullName: p.full_name, age: 40, gender: null, phone: null, email: p.email },
    });
    latencies.book.push(res.ms);
    count('book', res.status);
    if (res.status === 201) {
      expected.set(res.body.id, { patientId: p.id, doctorId: slot.doctorId, status: res.body.status, startsAt: res.body.startsAt, rescheduled: 0, cancelled: 0 });
      p.held.add(res.body.id);
    } else if (res.status === 409) {
      // The patient already holds that time with another doctor: the slot itself is still free.
      free.get(slot.doctorId).add(slot.startsAt);
    } else if (res.status !== 422) unexpected.push({ op: 'book', status: res.status, body: res.body });
    return true;
  }

  async function cancel(p) {
    const id = p.held.pick(random);
    const appointment = expected.get(id);
    const res = await call('POST', `/api/appointments/${id}/cancel`, p.token, { reason: 'Plans changed' });
    latencies.cancel.push(res.ms);
    count('cancel', res.status);
    if (res.status === 200) {
      appointment.status = res.body.status;
      appointment.cancelled++;
      p.held.delete(id);
      free.get(appointment.doctorId).add(appointment.startsAt);
    } else unexpected.push({ op: 'cancel', status: res.status, body: res.body });
  }

  async function reschedule(p) {
    const id = p.held.pick(random);
    const appointment = expected.get(id);
    const target = pickFreeSlot(appointment.doctorId);
    if (!target) return cancel(p);
    free.get(target.doctorId).delete(target.startsAt);
    const res = await call('POST', `/api/appointments/${id}/reschedule`, p.token, { startsAt: target.startsAt });
    latencies.reschedule.push(res.ms);
    count('reschedule', res.status);
    if (res.status === 200) {
      free.get(appointment.doctorId).add(appointment.startsAt);
      appointment.startsAt = res.body.startsAt;
      appointment.status = res.body.status;
      appointment.rescheduled++;
    } else if (res.status === 409) {
      free.get(target.doctorId).add(target.startsAt);
    } else if (res.status !== 422) unexpected.push({ op: 'reschedule', status: res.status, body: res.body });
  }

  async function worker() {
    while (issued < settings.ops) {
      issued++;
      const p = pickPatient();
      p.busy = true; // one operation per patient at a time: the order of its answers is the order of its changes
      try {
        // About 45% bookings, 25% cancellations, 30% reschedules; nobody holds more than four at once.
        const r = random();
        const holds = p.held.size;
        if (holds >= 4) await (r < 0.45 ? cancel(p) : reschedule(p));
        else if (holds > 0 && r < 0.25) await cancel(p);
        else if (holds > 0 && r < 0.55) await reschedule(p);
        else if (!(await book(p)) && holds > 0) await cancel(p);
      } catch (error) {
        unexpected.push({ op: 'request', error: String(error) });
      } finally {
        p.busy = false;
      }
    }
  }

  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: settings.connections }, worker));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return { expected, latencies, statuses, unexpected, elapsed, patients: patients.map((p) => p.id) };
}

async function checkInvariants(db, { expected, patients }) {
  const held = `('pending', 'confirmed')`;
  const ids = [...expected.keys()];
  const { rows } = await db.query(
    `select a.id, a.status, a.starts_at,
       (select count(*) from appointment_events e where e.appointment_id = a.id and e.event = 'booked')::int as booked,
       (select count(*) from appointment_events e where e.appointment_id = a.id and e.event = 'rescheduled')::int as rescheduled,
       (select count(*) from appointment_events e where e.appointment_id = a.id and e.event = 'cancelled')::int as cancelled,
       (select e.to_status from appointment_events e where e.appointment_id = a.id order by e.id desc limit 1) as last_status,
       (select e.starts_at from appointment_events e where e.appointment_id = a.id order by e.id desc limit 1) as last_starts_at
     from appointments a where a.id = any($1::uuid[])`,
    [ids],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const notReflected = [];
  const incompleteHistory = [];
  for (const [id, e] of expected) {
    const row = byId.get(id);
    if (!row) {
      notReflected.push({ id, missing: true });
      continue;
    }
    if (row.status !== e.status || row.starts_at.getTime() !== new Date(e.startsAt).getTime()) {
      notReflected.push({ id, expected: { status: e.status, startsAt: e.startsAt }, database: { status: row.status, startsAt: row.starts_at } });
    }
    if (row.booked !== 1 || row.rescheduled !== e.rescheduled || row.cancelled !== e.cancelled ||
        row.last_status !== row.status || row.last_starts_at?.getTime() !== row.starts_at.getTime()) {
      incompleteHistory.push({ id, row, expected: e });
    }
  }
  // Appointments of the soak's patients that no 2xx told about (an answer lost in transit would show here).
  const unknown = (
    await db.query(`select id from appointments where patient_id = any($1::uuid[]) and not (id = any($2::uuid[]))`, [patients, ids])
  ).rows;
  const withoutHistory = (
    await db.query(`select a.id from appointments a where a.patient_id = any($1::uuid[])
      and not exists (select 1 from appointment_events e where e.appointment_id = a.id and e.event = 'booked')`, [patients])
  ).rows;
  const overlaps = async (who) =>
    (
      await db.query(`select a.id as a, b.id as b from appointments a join appointments b
        on a.${who} = b.${who} and a.id < b.id and tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)
        where a.status in ${held} and b.status in ${held}`)
    ).rows;
  return {
    appointmentsChecked: ids.length,
    notReflected,
    incompleteHistory,
    unknown,
    withoutHistory,
    doctorOverlaps: await overlaps('doctor_id'),
    patientOverlaps: await overlaps('patient_id'),
  };
}

function summary(latencies) {
  const sorted = Float64Array.from(latencies).sort();
  return { count: sorted.length, p50Ms: round(percentile(sorted, 0.5), 2), p99Ms: round(percentile(sorted, 0.99), 2), maxMs: round(sorted[sorted.length - 1], 2) };
}

async function main() {
  if (!existsSync(API_MAIN)) throw new Error(`${relative(ROOT, API_MAIN)} is missing: run \`npm run bench:soak\` (it builds the API)`);
  const tmp = mkdtempSync(join(tmpdir(), 'carebook-soak-'));
  const cleanups = [() => rmSync(tmp, { recursive: true, force: true })];
  const cleanup = async () => {
    while (cleanups.length > 0) await Promise.resolve().then(cleanups.pop()).catch((e) => log(`cleanup: ${e?.message ?? e}`));
  };
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    void cleanup().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    let databaseUrl = process.env['DATABASE_URL']?.trim();
    if (databaseUrl) log('WARNING: DATABASE_URL is set — that database gets bench rows (emails @bench.carebook.test, replaced on each run).');
    else {
      const db = await startEmbeddedPostgres(join(tmp, 'postgres'), { database: 'carebook_soak', persistent: false });
      cleanups.push(() => db.stop());
      databaseUrl = db.url;
    }
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const jwtSecret = randomBytes(32).toString('hex');
    const api = startApi({ port, databaseUrl, dataDir: join(tmp, 'data'), jwtSecret });
    cleanups.push(() => stopApi(api));
    await waitForHealth(base, api);
    const clinic = await (await fetch(`${base}/api/clinic`)).json();
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    cleanups.push(() => db.end());
    // A small clinic from the bench generator (its doctors' hours, leave and a holiday; a few existing appointments).
    await generate(db, { doctors: settings.doctors, patients: settings.doctors * 2, appointments: settings.doctors * 10, timezone: clinic.timezone, slotMinutes: clinic.slotMinutes });
    await db.query('vacuum analyze');

    log(`${settings.ops} operations (book / cancel / reschedule) over ${settings.connections} connections, seed ${settings.seed}…`);
    const run = await soak({ base, db, jwtSecret, timezone: clinic.timezone });
    let apiExit = null;
    void api.exited.then((how) => (apiExit = how));
    const invariants = await checkInvariants(db, run);
    const all = [...run.latencies.book, ...run.latencies.cancel, ...run.latencies.reschedule];
    const ops = all.length;
    const report = {
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? null, node: process.version, loadAverageAtStart: loadavg().map((l) => round(l, 2)) },
      settings,
      ops,
      seconds: round(run.elapsed, 1),
      opsPerSecond: round(ops / run.elapsed, 0),
      all: summary(all),
      book: { ...summary(run.latencies.book), statuses: run.statuses.book },
      cancel: { ...summary(run.latencies.cancel), statuses: run.statuses.cancel },
      reschedule: { ...summary(run.latencies.reschedule), statuses: run.statuses.reschedule },
      unexpected: run.unexpected.slice(0, 20),
      unexpectedCount: run.unexpected.length,
      invariants: Object.fromEntries(Object.entries(invariants).map(([k, v]) => [k, Array.isArray(v) ? v.length : v])),
      invariantSamples: Object.fromEntries(Object.entries(invariants).filter(([, v]) => Array.isArray(v) && v.length > 0).map(([k, v]) => [k, v.slice(0, 3)])),
    };
    const line = (name, s) =>
      `${name.padEnd(11)} ${String(s.count).padStart(6)}  p50 ${String(s.p50Ms).padStart(7)} ms  p99 ${String(s.p99Ms).padStart(7)} ms  max ${String(s.maxMs).padStart(8)} ms${s.statuses ? `  ${JSON.stringify(s.statuses)}` : ''}`;
    process.stdout.write(
      `\n${ops} operations in ${report.seconds} s: ${report.opsPerSecond} ops/s at ${settings.connections} connections\n` +
        `${line('all', report.all)}\n${line('book', report.book)}\n${line('cancel', report.cancel)}\n${line('reschedule', report.reschedule)}\n` +
        `unexpected answers: ${run.unexpected.length}\n\ninvariants (${invariants.appointmentsChecked} appointments the answers told about):\n` +
        Object.entries(report.invariants)
          .filter(([k]) => k !== 'appointmentsChecked')
          .map(([k, v]) => `  ${k.padEnd(18)} ${v === 0 ? 'ok (0)' : `VIOLATED (${v})`}`)
          .join('\n') +
        '\n\n',
    );
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, 'soak-latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    log(`results written to ${relative(ROOT, join(RESULTS_DIR, 'soak-latest.json'))}`);
    if (apiExit) throw new Error(`the API exited during the soak (${JSON.stringify(apiExit)}):\n${api.output.join('\n')}`);
    const violated = Object.entries(report.invariants).filter(([k, v]) => k !== 'appointmentsChecked' && v !== 0);
    if (violated.length > 0 || run.unexpected.length > 0) {
      throw new Error(`${violated.map(([k, v]) => `${k}: ${v}`).join(', ') || 'invariants hold'}; ${run.unexpected.length} unexpected answers ${JSON.stringify(run.unexpected.slice(0, 3))}`);
    }
    log('all invariants hold');
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`[soak] FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
