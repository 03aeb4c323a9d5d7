#!/usr/bin/env node
// Chat delivery on one instance of the built API (dist/apps/api/main.js): BENCH_CHAT_SOCKETS signed-in sockets
// (half patients, half doctors, one conversation per pair) while BENCH_CHAT_RATE messages per second are sent
// with `message:send`; each message is timed from the send until the other participant's socket receives its
// `message:new`. Target: p99 < 30 ms, nothing lost, no duplicate, no seq gap. Two messages in flight at once in
// one conversation may arrive in either order (the socket is a fast path; clients order by seq and catch up on a
// gap): such arrivals are counted, not failed.
// With BENCH_CHAT_INSTANCES=2 (`npm run bench:chat -- --instances=2`) two instances share the database and a
// Redis: patients connect to the first, doctors to the second, so every message crosses from one instance to the
// other through the Redis adapter; target p99 < 50 ms.
// Run through `npm run bench:chat`, which builds the API first; `npm run bench` runs the same measurement through
// runChatDelivery (scenarios `chat` and `chat-redis`). Not part of `npm test`.
//
// Environment (all optional): BENCH_CHAT_SOCKETS (1000), BENCH_CHAT_RATE (1000 messages/s), BENCH_CHAT_SECONDS (10),
// BENCH_WARMUP (3 s), BENCH_CHAT_INSTANCES (1 or 2), DATABASE_URL (that PostgreSQL instead of a throw-away embedded
// one; it gets the bench's users), REDIS_URL (two instances: that Redis instead of a redis-server of the bench's own),
// BENCH_CHAT_TRACE (a file to write the per-message timeline to).
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { io } from 'socket.io-client';
import { freePort, startEmbeddedPostgres } from '../../apps/api/src/database/embedded-postgres.ts';
import { API_MAIN, ROOT, startApi, stopApi, waitForHealth } from './api-process.mjs';
import { cpuMeter } from './cpu.mjs';
import { startRedis } from './redis.mjs';
import { intEnv, prng } from './common.mjs';

const RESULTS_DIR = join(import.meta.dirname, 'results');
/** The issue's targets: p99 from send to receipt on one instance, and across two through Redis. */
export const CHAT_TARGET_P99_MS = { 1: 30, 2: 50 };
const TICK_MS = 10;

const defaultLog = (message) => process.stdout.write(`[bench:chat] ${message}\n`);

const base64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
/** An access token as the API signs them (HS256 over the JWT secret the bench gave it). */
function accessToken(secret, user) {
  const now = Math.floor(Date.now() / 1000);
  const head = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ sub: user.id, role: user.role, ver: 0, iat: now, exp: now + 3600 })}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

function percentile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** The bench's patients, doctors and their conversations, written directly (setup, not what is measured). */
async function seed(databaseUrl, pairs) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const tag = randomBytes(4).toString('hex');
    const insert = (role) =>
      db.query(
        `insert into users (email, full_name, role, status, password_hash)
         select 'chat.' || $2 || n || '.' || $3 || '@chat.bench.carebook.test', 'Chat ' || initcap($2) || ' ' || n, $2, 'active', 'never-signs-in'
         from generate_series(1, $1::int) n order by n returning id, role`,
        [pairs, role, tag],
      );
    const patients = (await insert('patient')).rows;
    const doctors = (await insert('doctor')).rows;
    const { rows } = await db.query(
      `insert into conversations (patient_id, doctor_id) select p, d from unnest($1::uuid[], $2::uuid[]) as t(p, d) returning id, patient_id, doctor_id`,
      [patients.map((p) => p.id), doctors.map((d) => d.id)],
    );
    return rows.map((row) => ({
      id: row.id,
      patient: { id: row.patient_id, role: 'patient' },
      doctor: { id: row.doctor_id, role: 'doctor' },
    }));
  } finally {
    await db.end();
  }
}

function connect(base, token) {
  const socket = io(base, { path: '/socket.io', transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** The settings from the environment (BENCH_CHAT_SOCKETS, BENCH_CHAT_RATE, BENCH_CHAT_SECONDS, BENCH_WARMUP). */
export function chatSettingsFromEnv() {
  return {
    sockets: intEnv('BENCH_CHAT_SOCKETS', 1000),
    rate: intEnv('BENCH_CHAT_RATE', 1000),
    seconds: intEnv('BENCH_CHAT_SECONDS', 10),
    warmup: intEnv('BENCH_WARMUP', 3),
  };
}

/**
 * One chat delivery run on a fresh database (and, for two instances, a Redis of its own unless REDIS_URL is set):
 * starts the API instance(s), connects the sockets, sends at the rate and answers the result, also written to
 * results/chat-latest.json or results/chat-2-instances-latest.json. Throws when a message was lost, duplicated
 * or refused, or a conversation has a seq gap; a missed p99 is in `met`, not thrown.
 */
export async function runChatDelivery({ instances = 1, log = defaultLog, ...settings } = {}) {
  const { sockets: SOCKETS, rate: RATE, seconds: SECONDS, warmup: WARMUP } = { ...chatSettingsFromEnv(), ...settings };
  const INSTANCES = instances;
  if (INSTANCES !== 1 && INSTANCES !== 2) throw new Error(`instances: 1 or 2 (got ${INSTANCES})`);
  const TARGET_P99_MS = CHAT_TARGET_P99_MS[INSTANCES];
  if (!existsSync(API_MAIN)) throw new Error(`${relative(ROOT, API_MAIN)} is missing: run \`npm run bench:chat\` (it builds the API)`);
  const tmp = mkdtempSync(join(tmpdir(), 'carebook-bench-chat-'));
  const cleanups = [() => rmSync(tmp, { recursive: true, force: true })];
  const cleanup = async () => {
    while (cleanups.length > 0) await Promise.resolve().then(cleanups.pop()).catch((e) => log(`cleanup: ${e?.message ?? e}`));
  };
  const onSigint = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', onSigint);
  try {
    let databaseUrl = process.env['DATABASE_URL']?.trim();
    let postmasterPid = null;
    if (!databaseUrl) {
      const db = await startEmbeddedPostgres(join(tmp, 'postgres'), { database: 'carebook_bench_chat', persistent: false });
      cleanups.push(() => db.stop());
      databaseUrl = db.url;
      postmasterPid = db.pid;
    } else {
      log('WARNING: DATABASE_URL is set — that database gets the bench users and their messages.');
    }
    const jwtSecret = randomBytes(32).toString('hex');
    const redis = INSTANCES === 2 ? await startRedis(cleanups, log) : null;
    const apis = [];
    for (let n = 0; n < INSTANCES; n++) {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const proc = startApi({ port, databaseUrl, dataDir: join(tmp, `data-${n}`), jwtSecret, env: redis ? { REDIS_URL: redis.url } : {} });
      cleanups.push(() => stopApi(proc));
      await waitForHealth(base, proc);
      if (redis) {
        const health = await (await fetch(`${base}/api/health`)).json();
        if (health.redis !== 'up') throw new Error(`${base} does not reach Redis: ${JSON.stringify(health)}`);
      }
      apis.push({ base, proc });
    }
    // One instance: everyone on it. Two: patients on the first, doctors on the second, so every message crosses.
    const baseOf = (user) => apis[user.role === 'doctor' ? apis.length - 1 : 0].base;

    const pairs = Math.floor(SOCKETS / 2);
    const conversations = await seed(databaseUrl, pairs);
    const sockets = new Map();
    for (let i = 0; i < conversations.length; i += 50) {
      const batch = conversations.slice(i, i + 50);
      await Promise.all(
        batch.flatMap((c) => [c.patient, c.doctor]).map(async (user) => sockets.set(user.id, await connect(baseOf(user), accessToken(jwtSecret, user)))),
      );
    }
    cleanups.push(() => {
      for (const socket of sockets.values()) socket.disconnect();
    });
    log(`${sockets.size} sockets connected to ${INSTANCES === 2 ? 'two instances (patients to one, doctors to the other)' : 'one instance'}, ${conversations.length} conversations`);

    // Each message is timed from its send to the other participant's message:new; every receipt is checked
    // against what was sent (lost, duplicated, out of order).
    const sentAt = new Map(); // clientId → { at, measured }
    const latencies = [];
    const ackLatencies = [];
    const received = new Map(); // conversationId → last seq seen by the recipient side
    let duplicates = 0;
    let outOfOrder = 0;
    let receipts = 0;
    // BENCH_CHAT_TRACE=<file>: each measured message's send time and latency (ms, on performance.now()'s clock,
    // which `origin` turns into epoch ms) and the stalls of this process's own event loop over 15 ms, to line up
    // with other timelines (GC traces, /proc/pressure/cpu) when a run's tail needs explaining.
    const trace = process.env['BENCH_CHAT_TRACE']?.trim() ? { messages: [], stalls: [] } : null;
    if (trace) {
      let last = performance.now();
      const stallTimer = setInterval(() => {
        const now = performance.now();
        if (now - last > 15) trace.stalls.push([Math.round(last), Math.round(now - last)]);
        last = now;
      }, 5);
      cleanups.push(() => clearInterval(stallTimer));
    }
    const seen = new Set();
    for (const c of conversations) {
      for (const user of [c.patient, c.doctor]) {
        sockets.get(user.id).on('message:new', (message) => {
          if (message.senderId === user.id) return; // our own echo
          const key = `${message.id}:${user.id}`;
          if (seen.has(key)) {
            duplicates++;
            return;
          }
          seen.add(key);
          receipts++;
          const last = received.get(`${c.id}:${user.id}`) ?? 0;
          if (message.seq <= last) outOfOrder++;
          received.set(`${c.id}:${user.id}`, message.seq);
          const sent = sentAt.get(message.clientId);
          if (sent?.measured) {
            latencies.push(performance.now() - sent.at);
            trace?.messages.push([Math.round(sent.at), Math.round((performance.now() - sent.at) * 10) / 10]);
          }
        });
      }
    }

    const random = prng(12);
    let sent = 0;
    let measuredSent = 0;
    let refused = 0;
    let firstRefusal = null;
    const run = (seconds, measured) =>
      new Promise((resolve) => {
        const perTick = (RATE * TICK_MS) / 1000;
        let carry = 0;
        const started = performance.now();
        const timer = setInterval(() => {
          const elapsed = performance.now() - started;
          if (elapsed >= seconds * 1000) {
            clearInterval(timer);
            resolve();
            return;
          }
          // catch up to the schedule, so a late tick does not lower the rate
          const due = Math.floor((elapsed / 1000) * RATE) - carry;
          for (let i = 0; i < Math.max(due, 0) && i < perTick * 5; i++) {
            carry++;
            const c = conversations[Math.floor(random() * conversations.length)];
            const sender = random() < 0.5 ? c.patient : c.doctor;
            const clientId = randomUUID();
            const at = performance.now();
            sentAt.set(clientId, { at, measured });
            sent++;
            if (measured) measuredSent++;
            sockets
              .get(sender.id)
              .timeout(10_000)
              .emitWithAck('message:send', { conversationId: c.id, body: `bench message ${sent}`, clientId })
              .then((ack) => {
                if (ack?.error) {
                  refused++;
                  firstRefusal ??= JSON.stringify(ack.error);
                }
                else if (measured) ackLatencies.push(performance.now() - at);
              })
              .catch((error) => {
                refused++;
                firstRefusal ??= String(error?.message ?? error);
              });
          }
        }, TICK_MS);
      });
    log(`warm-up ${WARMUP} s at ${RATE} messages/s`);
    await run(WARMUP, false);
    const meter = cpuMeter({ apiPid: apis.map(({ proc }) => proc.child.pid), postmasterPid, extra: redis?.pid ? { redis: redis.pid } : {} });
    log(`measuring ${SECONDS} s at ${RATE} messages/s`);
    const t0 = performance.now();
    await run(SECONDS, true);
    const sendSeconds = (performance.now() - t0) / 1000;
    // let the last receipts arrive
    const deadline = Date.now() + 10_000;
    while (receipts < sent && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const cpu = meter.stop();

    latencies.sort((a, b) => a - b);
    ackLatencies.sort((a, b) => a - b);
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const gaps = await db.query(
      `select count(*)::int as n from (select conversation_id, count(*) as c, max(seq) as m from messages group by conversation_id) s where c <> m`,
    );
    await db.end();
    const result = {
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? null, node: process.version, loadAverageAtStart: loadavg().map((l) => Number(l.toFixed(2))) },
      sockets: sockets.size,
      instances: INSTANCES,
      targetRate: RATE,
      measuredSeconds: SECONDS,
      sentMeasured: measuredSent,
      achievedRate: Math.round(measuredSent / sendSeconds),
      sentTotal: sent,
      receipts,
      lost: sent - refused - receipts,
      refused,
      firstRefusal,
      duplicates,
      outOfOrder,
      conversationsWithSeqGaps: gaps.rows[0].n,
      sendToReceiptMs: {
        p50: Number(percentile(latencies, 0.5).toFixed(1)),
        p95: Number(percentile(latencies, 0.95).toFixed(1)),
        p99: Number(percentile(latencies, 0.99).toFixed(1)),
        max: Number((latencies.at(-1) ?? NaN).toFixed(1)),
      },
      ackMs: { p50: Number(percentile(ackLatencies, 0.5).toFixed(1)), p99: Number(percentile(ackLatencies, 0.99).toFixed(1)) },
      cpuCores: cpu,
    };
    result.met = {
      p99: result.sendToReceiptMs.p99 < TARGET_P99_MS,
      rate: result.achievedRate >= RATE * 0.95,
      complete: result.lost === 0 && duplicates === 0 && result.conversationsWithSeqGaps === 0 && refused === 0,
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    if (trace) writeFileSync(process.env['BENCH_CHAT_TRACE'].trim(), JSON.stringify({ origin: Date.now() - performance.now(), ...trace }));
    const file = INSTANCES === 2 ? 'chat-2-instances-latest.json' : 'chat-latest.json';
    writeFileSync(join(RESULTS_DIR, file), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
      `\n${result.sockets} sockets on ${INSTANCES} instance${INSTANCES === 2 ? 's (every message through Redis)' : ''}, ${result.sentMeasured} messages in ${SECONDS} s (${result.achievedRate}/s of ${RATE}/s target)\n` +
        `send → receipt p50 ${result.sendToReceiptMs.p50} ms, p95 ${result.sendToReceiptMs.p95} ms, p99 ${result.sendToReceiptMs.p99} ms, max ${result.sendToReceiptMs.max} ms ` +
        `(target p99 < ${TARGET_P99_MS} ms: ${result.met.p99 ? 'met' : 'MISSED'}); ack p50 ${result.ackMs.p50} ms, p99 ${result.ackMs.p99} ms\n` +
        `lost ${result.lost}, duplicated ${duplicates}, arrived before an earlier seq ${outOfOrder} (the client orders by seq), refused ${refused}${firstRefusal ? ` (first: ${firstRefusal})` : ''}, conversations with seq gaps ${result.conversationsWithSeqGaps}` +
        `${cpu ? `; CPU cores api/db/bench/other ${[cpu.api, cpu.db, cpu.loadgen, cpu.other].join(' / ')}${cpu.redis !== undefined ? `, redis ${cpu.redis}` : ''}` : ''}\n\n`,
    );
    log(`results written to ${relative(ROOT, join(RESULTS_DIR, file))}`);
    if (!result.met.complete) throw new Error('messages were lost, duplicated or refused, or a conversation has a seq gap');
    return result;
  } finally {
    process.off('SIGINT', onSigint);
    await cleanup();
  }
}

// Run on its own (`npm run bench:chat`, `-- --instances=2` or BENCH_CHAT_INSTANCES=2), not when imported by run.mjs.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const instances = Number(process.argv.find((a) => a.startsWith('--instances='))?.slice('--instances='.length) ?? intEnv('BENCH_CHAT_INSTANCES', 1));
  runChatDelivery({ instances }).then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(`[bench:chat] failed: ${error?.stack ?? error}\n`);
      process.exit(1);
    },
  );
}
