#!/usr/bin/env node
// Socket delivery across two API instances through Redis: two built APIs (dist/apps/api/main.js) on one
// database and one Redis, CLIENTS signed-in sockets split evenly between them, and `notification:new` events at
// RATE per second, each to one user's room. Run through `npm run bench:sockets`, which builds the API first.
// Not part of `npm test`.
//
// Where the events come from: this process joins the instances' Redis channels as a socket.io node of its own
// (the same Redis adapter and channel prefix as the API, without sockets), so every event takes the path an
// event takes to the instance that did not make it: PUBLISH by the emitting node, delivered by Redis to both
// instances' subscriptions, each delivering to its own sockets in the room. Latency is emit → receipt on the
// client socket, on one clock (the emitter and the clients are this process). An event made inside an API
// instance takes this path to the other instance's sockets; its own sockets get it at once.
//
// Environment (all optional):
//   DATABASE_URL      use this PostgreSQL instead of a throw-away embedded one (it gets bench users)
//   REDIS_URL         use this Redis instead of a throw-away redis-server on a free port
//   SOCKETS_CLIENTS (1000)  SOCKETS_RATE events per second (1000)  SOCKETS_DURATION seconds measured (10)
//   SOCKETS_WARMUP seconds of events not measured (2)
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import pg from 'pg';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';
import { freePort, startEmbeddedPostgres } from '../../apps/api/src/database/embedded-postgres.ts';
import { SOCKET_IO_KEY } from '../../apps/api/src/modules/realtime/redis-channels.ts';
import { startApi, stopApi, waitForHealth } from './api-process.mjs';
import { accessToken } from './booking.mjs';
import { cpuMeter } from './cpu.mjs';
import { startRedis } from './redis.mjs';
import { intEnv } from './common.mjs';

const RESULTS_DIR = join(import.meta.dirname, 'results');
const settings = {
  clients: intEnv('SOCKETS_CLIENTS', 1000),
  rate: intEnv('SOCKETS_RATE', 1000),
  durationSeconds: intEnv('SOCKETS_DURATION', 10),
  warmupSeconds: intEnv('SOCKETS_WARMUP', 2),
};
/** The target: p99 from emit to receipt across two instances. */
const P99_TARGET_MS = 50;
/** How long after the last emit a missing event still counts as late rather than lost. */
const DRAIN_MS = 5_000;
const BENCH_DOMAIN = 'sockets.bench.carebook.test';

const log = (message) => process.stdout.write(`[bench:sockets] ${message}\n`);
const round = (value, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** CLIENTS patients straight into the table (none signs in by password: the bench signs their tokens). */
async function createUsers(db, count) {
  await db.query(`delete from users where email like $1`, [`%@${BENCH_DOMAIN}`]);
  const { rows } = await db.query(
    `insert into users (email, full_name, role, status, password_hash)
     select 'patient' || n || '@${BENCH_DOMAIN}', 'Socket Patient ' || n, 'patient', 'active', 'never-signs-in'
     from generate_series(1, $1::int) n returning id`,
    [count],
  );
  return rows.map((row) => row.id);
}

/** One signed-in socket per user, alternately on each instance, 50 handshakes at a time. */
async function connectAll(bases, userIds, secret, onEvent) {
  const sockets = new Array(userIds.length);
  for (let start = 0; start < userIds.length; start += 50) {
    await Promise.all(
      userIds.slice(start, start + 50).map(
        (userId, offset) =>
          new Promise((resolve, reject) => {
            const i = start + offset;
            const socket = io(bases[i % bases.length], {
              path: '/socket.io',
              transports: ['websocket'],
              auth: { token: accessToken(secret, userId, 'patient') },
              reconnection: false,
              forceNew: true,
            });
            socket.on('notification:new', (payload) => onEvent(payload, performance.now()));
            socket.once('connect', () => resolve((sockets[i] = socket)));
            socket.once('connect_error', (error) => reject(new Error(`socket ${i} refused: ${error.message}`)));
          }),
      ),
    );
  }
  return sockets;
}

/** Emits `count` events at `rate` per second from the emitter node, each to one user; calls `sent(seq, at)`. */
async function emitAtRate(emitter, userIds, { rate, count, firstSeq }, sent) {
  const started = performance.now();
  let emitted = 0;
  while (emitted < count) {
    const due = Math.min(count, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
    for (; emitted < due; emitted++) {
      const seq = firstSeq + emitted;
      const userId = userIds[seq % userIds.length];
      const at = performance.now();
      sent(seq, at);
      emitter.to(`user:${userId}`).emit('notification:new', {
        notification: {
          id: `bench-${seq}`,
          type: 'appointment-confirmed',
          title: 'Your appointment is confirmed',
          body: 'Dr Bench confirmed Monday 09:00',
          link: '/appointments/bench',
          createdAt: new Date().toISOString(),
          readAt: null,
        },
        unreadCount: 1,
      });
    }
    await sleep(1);
  }
  return (performance.now() - started) / 1000;
}

async function main() {
  const tmp = mkdtempSync(join(tmpdir(), 'carebook-bench-sockets-'));
  const cleanups = [() => rmSync(tmp, { recursive: true, force: true })];
  const cleanup = async () => {
    while (cleanups.length > 0) await Promise.resolve().then(cleanups.pop()).catch((e) => log(`cleanup: ${e?.message ?? e}`));
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  try {
    let databaseUrl = process.env['DATABASE_URL']?.trim();
    if (databaseUrl) log(`WARNING: DATABASE_URL is set — that database gets ${settings.clients} bench users (@${BENCH_DOMAIN}, replaced on each run).`);
    else {
      const db = await startEmbeddedPostgres(join(tmp, 'postgres'), { database: 'carebook_sockets', persistent: false });
      cleanups.push(() => db.stop());
      databaseUrl = db.url;
    }
    const { url: redisUrl, pid: redisPid } = await startRedis(cleanups, log);
    const jwtSecret = randomBytes(32).toString('hex');
    const apis = [];
    for (const name of ['a', 'b']) {
      const port = await freePort();
      const api = startApi({ port, databaseUrl, dataDir: join(tmp, `data-${name}`), jwtSecret, env: { REDIS_URL: redisUrl } });
      cleanups.push(() => stopApi(api));
      apis.push({ api, base: `http://127.0.0.1:${port}` });
    }
    await Promise.all(apis.map(({ api, base }) => waitForHealth(base, api)));
    for (const { base } of apis) {
      const health = await (await fetch(`${base}/api/health`)).json();
      if (health.redis !== 'up') throw new Error(`${base} does not reach Redis: ${JSON.stringify(health)}`);
    }

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    cleanups.push(() => db.end());
    const userIds = await createUsers(db, settings.clients);

    const sentAt = new Map();
    const latencies = [];
    let duplicates = 0;
    const seen = new Set();
    const onEvent = (payload, at) => {
      const seq = Number(String(payload.notification.id).slice('bench-'.length));
      if (seen.has(seq)) {
        duplicates++;
        return;
      }
      seen.add(seq);
      const sent = sentAt.get(seq);
      if (sent !== undefined) latencies.push(at - sent);
    };
    /** Waits until every event in [from, to) has arrived, or DRAIN_MS after the call. */
    const drain = async (from, to) => {
      const deadline = performance.now() + DRAIN_MS;
      const missing = () => {
        let n = 0;
        for (let seq = from; seq < to; seq++) if (!seen.has(seq)) n++;
        return n;
      };
      while (missing() > 0 && performance.now() < deadline) await sleep(20);
      return missing();
    };

    log(`connecting ${settings.clients} sockets to two instances…`);
    const connectStarted = performance.now();
    const sockets = await connectAll(apis.map((a) => a.base), userIds, jwtSecret, onEvent);
    cleanups.push(() => sockets.forEach((s) => s.disconnect()));
    const connectSeconds = (performance.now() - connectStarted) / 1000;

    const redis = new Redis(redisUrl);
    const subscriber = redis.duplicate();
    cleanups.push(() => redis.disconnect(), () => subscriber.disconnect());
    const emitter = new Server({ adapter: createAdapter(redis, subscriber, { key: SOCKET_IO_KEY }) });
    // Closing a socket.io server that never listened throws after closing its adapter: nothing else to close.
    cleanups.push(() => emitter.close().catch(() => undefined));
    // The adapter subscribes from a connection of its own; give it a moment to be up.
    await sleep(500);

    const warmupCount = settings.rate * settings.warmupSeconds;
    const count = settings.rate * settings.durationSeconds;
    log(`warming up: ${warmupCount} events at ${settings.rate}/s…`);
    await emitAtRate(emitter, userIds, { rate: settings.rate, count: warmupCount, firstSeq: 0 }, () => undefined);
    await drain(0, warmupCount);
    log(`measuring: ${count} events at ${settings.rate}/s…`);
    const cpu = cpuMeter({ apiPid: apis.map(({ api }) => api.child.pid), extra: redisPid ? { redis: redisPid } : {} });
    const measuredSeqs = { from: warmupCount, to: warmupCount + count };
    const emitSeconds = await emitAtRate(emitter, userIds, { rate: settings.rate, count, firstSeq: warmupCount }, (seq, at) => sentAt.set(seq, at));
    const lost = await drain(measuredSeqs.from, measuredSeqs.to);
    const coresUsed = cpu.stop();

    latencies.sort((x, y) => x - y);
    const p99 = percentile(latencies, 0.99);
    const report = {
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? null, node: process.version, loadAverageAtStart: loadavg().map((l) => round(l, 2)) },
      settings,
      path: 'emitter node → Redis (PUBLISH) → both API instances (subscribed) → the room’s socket on one of them',
      socketsPerInstance: [Math.ceil(settings.clients / 2), Math.floor(settings.clients / 2)],
      connectSeconds: round(connectSeconds, 1),
      events: count,
      emittedPerSecond: round(count / emitSeconds, 0),
      received: latencies.length,
      lost,
      duplicates,
      p50Ms: round(percentile(latencies, 0.5), 1),
      p90Ms: round(percentile(latencies, 0.9), 1),
      p99Ms: round(p99, 1),
      maxMs: round(latencies[latencies.length - 1], 1),
      p99TargetMs: P99_TARGET_MS,
      coresUsed,
      met: p99 < P99_TARGET_MS && lost === 0 && duplicates === 0,
    };
    process.stdout.write(
      `\n${settings.clients} sockets on two instances (${report.socketsPerInstance.join(' + ')}), ${count} notification:new at ${report.emittedPerSecond}/s through Redis\n` +
        `  emit → receipt  p50 ${report.p50Ms} ms  p90 ${report.p90Ms} ms  p99 ${report.p99Ms} ms  max ${report.maxMs} ms   (target p99 < ${P99_TARGET_MS} ms: ${report.met ? 'met' : 'NOT met'})\n` +
        `  received ${report.received} of ${count}, lost ${lost}, duplicated ${duplicates}; connecting took ${report.connectSeconds} s\n` +
        `  cores used: ${Object.entries(coresUsed ?? {}).map(([name, cores]) => `${name} ${cores}`).join(', ')} (results are comparable only when "other" is near 0)\n\n`,
    );
    mkdirSync(RESULTS_DIR, { recursive: true });
    const json = `${JSON.stringify(report, null, 2)}\n`;
    writeFileSync(join(RESULTS_DIR, 'sockets-latest.json'), json);
    writeFileSync(join(RESULTS_DIR, `sockets-${report.at.replace(/[:.]/g, '-')}.json`), json);
    process.exitCode = report.met ? 0 : 1;
  } finally {
    await cleanup();
  }
}

main().then(
  // Open Redis connections would hold the process.
  () => process.exit(),
  (error) => {
    process.stderr.write(`bench:sockets failed: ${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
