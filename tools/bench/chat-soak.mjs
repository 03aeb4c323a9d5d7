#!/usr/bin/env node
// Chat soak (issue 12): CHAT_SOAK_MESSAGES messages (10,000) from CHAT_SOAK_CLIENTS clients (50: patients and doctors, each
// pair with a care relationship and an open conversation) on two built API instances (dist/apps/api/main.js)
// sharing one PostgreSQL and one Redis. Each client behaves as the portal does:
//   - its socket is on a random instance; it sends one message at a time with `message:send` and a clientId of
//     its own, and resends the same clientId when no ack comes (timeout, or the socket went away);
//   - it keeps each conversation's timeline ordered by seq, merging `message:new` events, acks and catch-up pages
//     by message id, and fetches `after=<last contiguous seq>` when it reconnects or sees a seq gap;
// while chaos happens: clients drop their socket at random and come back (on a random instance) after a moment,
// and once half the messages are sent one instance is killed with SIGKILL (its clients reconnect to the other)
// and restarted a few seconds later.
// At the end every client catches up once more, and the run checks, per client and conversation, against the
// database: 0 lost, 0 duplicated, the timeline's order equal to seq (1..N, no gap), each client's own messages in
// the order it sent them, every ack equal to the stored message, every body as sent; and in the database: every
// clientId stored exactly once and gap-free seqs. It prints a summary, writes results/chat-soak-latest.json, and
// exits 1 on any violation.
// Run through `npm run bench:chat-soak`, which builds the API first. Not part of `npm test`.
//
// Environment (all optional): CHAT_SOAK_MESSAGES (10000), CHAT_SOAK_CLIENTS (50), CHAT_SOAK_THINK_MS (mean pause between one
// client's sends, 150), CHAT_SOAK_DROP_EVERY_MS (mean time between random disconnects, 300), CHAT_SOAK_ACK_TIMEOUT_MS
// (3000), CHAT_SOAK_SEED (7), DATABASE_URL and REDIS_URL (use those instead of throw-away ones; the database gets the
// soak's users).
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { io } from 'socket.io-client';
import { freePort, startEmbeddedPostgres } from '../../apps/api/src/database/embedded-postgres.ts';
import { redisAnswers, startOwnRedis } from '../../apps/api/test/support/redis.ts';
import { ROOT, startApi, stopApi, waitForHealth } from './api-process.mjs';
import { accessToken } from './booking.mjs';
import { intEnv, prng } from './common.mjs';

const RESULTS_DIR = join(import.meta.dirname, 'results');
const settings = {
  messages: intEnv('CHAT_SOAK_MESSAGES', 10_000),
  clients: intEnv('CHAT_SOAK_CLIENTS', 50),
  thinkMs: intEnv('CHAT_SOAK_THINK_MS', 150),
  dropEveryMs: intEnv('CHAT_SOAK_DROP_EVERY_MS', 300),
  ackTimeoutMs: intEnv('CHAT_SOAK_ACK_TIMEOUT_MS', 3_000),
  seed: intEnv('CHAT_SOAK_SEED', 7),
};
/** How long a killed instance stays down before it is started again. */
const DOWN_MS = 3_000;
/** Give up (and fail) when the messages are not all acknowledged by then. */
const RUN_LIMIT_MS = 10 * 60_000;
const DOMAIN = 'soak.bench.carebook.test';

const log = (message) => process.stdout.write(`[bench:chat-soak] ${message}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const random = prng(settings.seed);
const pick = (items) => items[Math.floor(random() * items.length)];
/** A pause around `mean` (uniform on 0..2×mean). */
const around = (mean) => Math.round(random() * 2 * mean);

function percentile(sorted, q) {
  if (sorted.length === 0) return null;
  return Number(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))].toFixed(1));
}

/**
 * The soak's people: two patients in five, the rest doctors (at least one of each); every patient had a completed
 * appointment with two or three doctors (a care relationship), and every doctor with at least one patient.
 */
async function seedPeople(databaseUrl, count) {
  const doctors = Math.max(1, Math.round(count * 0.4));
  const patients = Math.max(1, count - doctors);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(`delete from appointments where patient_id in (select id from users where email like $1)`, [`%@${DOMAIN}`]);
    await db.query(`delete from users where email like $1`, [`%@${DOMAIN}`]);
    const insert = async (role, n) =>
      (
        await db.query(
          `insert into users (email, full_name, role, status, password_hash)
           select $2 || k || '@${DOMAIN}', 'Soak ' || initcap($2) || ' ' || k, $2, 'active', 'never-signs-in'
           from generate_series(1, $1::int) k order by k returning id, role`,
          [n, role],
        )
      ).rows;
    const people = { patients: await insert('patient', patients), doctors: await insert('doctor', doctors) };
    const pairs = [];
    people.patients.forEach((patient, i) => {
      const mine = new Set([i % doctors, (i + 3) % doctors, ...(i % 2 === 0 ? [(i + 5) % doctors] : [])]);
      for (const d of mine) pairs.push({ patient, doctor: people.doctors[d] });
    });
    // One completed visit per pair in the past, an hour apart (no overlaps).
    await db.query(
      `insert into appointments (doctor_id, patient_id, starts_at, ends_at, status, reason, patient_full_name, patient_email)
       select t.d, t.p, now() - interval '30 days' + t.k * interval '1 hour', now() - interval '30 days' + t.k * interval '1 hour' + interval '30 minutes',
              'completed', 'Soak visit', u.full_name, u.email
       from unnest($1::uuid[], $2::uuid[]) with ordinality as t(p, d, k) join users u on u.id = t.p`,
      [pairs.map((x) => x.patient.id), pairs.map((x) => x.doctor.id)],
    );
    return { people: [...people.patients, ...people.doctors], pairs };
  } finally {
    await db.end();
  }
}

/** The two API instances: each can be killed (SIGKILL) and started again on its port. */
class Instance {
  constructor(name, port, options) {
    this.name = name;
    this.port = port;
    this.base = `http://127.0.0.1:${port}`;
    this.options = options;
    this.proc = null;
    this.up = false;
  }

  async start() {
    this.proc = startApi({ ...this.options, port: this.port });
    await waitForHealth(this.base, this.proc);
    this.up = true;
  }

  async kill() {
    this.up = false;
    const exited = this.proc.exited;
    this.proc.child.kill('SIGKILL');
    return exited;
  }

  stop() {
    this.up = false;
    return this.proc ? stopApi(this.proc) : undefined;
  }
}

async function json(base, path, token, init = {}) {
  const res = await fetch(`${base}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    signal: AbortSignal.timeout(10_000),
  });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw Object.assign(new Error(`${init.method ?? 'GET'} ${path} answered ${res.status}: ${JSON.stringify(body)}`), { status: res.status });
  return body;
}

/**
 * What one client holds of one conversation: its messages by seq (the order it shows them in), what it sent in
 * the order it sent it, and how far it holds every message without a gap.
 */
class Thread {
  constructor(id) {
    this.id = id;
    /** The messages in the order the client shows them: ascending seq, each id once. */
    this.timeline = [];
    this.ids = new Set();
    /** The highest seq up to which the client holds every message. */
    this.contiguous = 0;
    /** The clientIds this client sent here, in the order it sent them. */
    this.sent = [];
    /** Seq of the latest message:new, to count arrivals before an earlier seq. */
    this.lastArrival = 0;
    /** A catch-up waiting to run because a seq arrived beyond a gap. */
    this.gapTimer = null;
  }
}

class Client {
  constructor(run, user, token, conversationIds) {
    this.run = run;
    this.user = user;
    this.token = token;
    this.threads = new Map(conversationIds.map((id) => [id, new Thread(id)]));
    /** Messages waiting for their ack, oldest first; one is in flight at a time. */
    this.outbox = [];
    this.socket = null;
    this.instance = null;
    this.ready = false;
    this.waiters = [];
    this.reconnecting = null;
    this.stopped = false;
    this.stats = { sent: 0, resends: 0, reconnects: 0, drops: 0, viaSocket: 0, viaAck: 0, viaCatchUp: 0, gapCatchUps: 0, redelivered: 0, arrivedBeforeEarlierSeq: 0, catchUps: 0 };
    this.violations = [];
  }

  violation(kind, detail) {
    this.violations.push({ kind, client: this.user.id, ...detail });
  }

  /** Adds a message to its thread (by seq, once per id); a different message on a held seq is a violation. */
  hold(message, how) {
    const thread = this.threads.get(message.conversationId);
    if (!thread) {
      this.violation('foreign-message', { conversationId: message.conversationId, id: message.id });
      return;
    }
    if (thread.ids.has(message.id)) {
      this.stats.redelivered++;
      return;
    }
    let at = thread.timeline.length;
    while (at > 0 && thread.timeline[at - 1].seq > message.seq) at--;
    if (at > 0 && thread.timeline[at - 1].seq === message.seq) {
      this.violation('two-messages-one-seq', { conversationId: thread.id, seq: message.seq, held: thread.timeline[at - 1].id, got: message.id });
      return;
    }
    thread.timeline.splice(at, 0, message);
    thread.ids.add(message.id);
    this.stats[how === 'socket' ? 'viaSocket' : how === 'ack' ? 'viaAck' : 'viaCatchUp']++;
    while (thread.contiguous < thread.timeline.length && thread.timeline[thread.contiguous].seq === thread.contiguous + 1) thread.contiguous++;
    // A seq beyond a gap: something was missed (the socket delivers at most once), or two instances' events
    // crossed. Give the gap a moment to fill by itself, then catch up from the last contiguous seq.
    if (thread.timeline.length > thread.contiguous && !thread.gapTimer) {
      thread.gapTimer = setTimeout(() => {
        thread.gapTimer = null;
        if (thread.timeline.length > thread.contiguous && this.ready && !this.stopped) {
          this.stats.gapCatchUps++;
          void this.catchUp([thread], false).catch(() => undefined);
        }
      }, 500);
    }
  }

  /** Connects to a random instance that answers (the other one when one is down), then catches up. */
  connect() {
    this.reconnecting ??= (async () => {
      for (let attempt = 0; !this.stopped; attempt++) {
        const order = random() < 0.5 ? [...this.run.instances] : [...this.run.instances].reverse();
        for (const instance of order) {
          let socket = null;
          try {
            socket = await this.open(instance);
            this.socket = socket;
            this.instance = instance;
            await this.catchUp([...this.threads.values()]);
            if (this.socket !== socket || !socket.connected) throw new Error('dropped while catching up');
            this.ready = true;
            for (const wake of this.waiters.splice(0)) wake();
            return;
          } catch {
            // that instance is down (or went down meanwhile): try the other one
            if (socket && this.socket === socket) this.socket = null;
            socket?.disconnect();
          }
        }
        await sleep(Math.min(1_000, 100 * (attempt + 1)));
      }
    })().finally(() => (this.reconnecting = null));
    return this.reconnecting;
  }

  open(instance) {
    return new Promise((resolve, reject) => {
      const socket = io(instance.base, { path: '/socket.io', transports: ['websocket'], auth: { token: this.token }, reconnection: false, forceNew: true, timeout: 5_000 });
      socket.on('message:new', (message) => {
        if (this.socket !== socket) return;
        const thread = this.threads.get(message.conversationId);
        if (thread) {
          if (message.seq < thread.lastArrival) this.stats.arrivedBeforeEarlierSeq++;
          thread.lastArrival = Math.max(thread.lastArrival, message.seq);
        }
        this.hold(message, 'socket');
      });
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (error) => {
        socket.close();
        reject(error);
      });
      socket.on('disconnect', (reason) => {
        if (this.socket !== socket) return;
        this.ready = false;
        // Our own drops reconnect on their own schedule; anything else (the instance died) reconnects now.
        if (reason !== 'io client disconnect' && !this.stopped) {
          this.stats.reconnects++;
          void this.connect();
        }
      });
    });
  }

  /** `after=<contiguous seq>` for each thread, page by page, through the instance the socket is on. */
  async catchUp(threads, counted = true) {
    if (counted) this.stats.catchUps++;
    for (const thread of threads) {
      for (;;) {
        const page = await json(this.instance.base, `/api/conversations/${thread.id}/messages?after=${thread.contiguous}&limit=100`, this.token);
        for (const message of page.items) this.hold(message, 'catch-up');
        if (!page.hasMore) break;
      }
    }
  }

  /** A random drop: the socket goes, and comes back after a moment on a random instance. */
  async drop() {
    if (!this.ready || this.stopped || this.dropping) return;
    this.dropping = true;
    this.stats.drops++;
    this.ready = false;
    const socket = this.socket;
    this.socket = null;
    socket.disconnect();
    await sleep(200 + around(600));
    this.stats.reconnects++;
    await this.connect();
    this.dropping = false;
  }

  untilReady() {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  /** One send of the oldest waiting message; resolves with the ack, rejects on a timeout or a lost socket. */
  sendOnce(item) {
    const socket = this.socket;
    return new Promise((resolve, reject) => {
      const gone = () => reject(new Error('socket gone'));
      socket.once('disconnect', gone);
      socket
        .timeout(settings.ackTimeoutMs)
        .emitWithAck('message:send', { conversationId: item.conversationId, body: item.body, clientId: item.clientId })
        .then(resolve, reject)
        .finally(() => socket.off('disconnect', gone));
    });
  }

  /** Sends until the run has allocated every message and this client's outbox is empty. */
  async work() {
    const threads = [...this.threads.values()];
    for (;;) {
      await sleep(around(settings.thinkMs));
      if (this.outbox.length === 0) {
        if (this.run.allocated >= settings.messages) return;
        const thread = pick(threads);
        const n = ++this.run.allocated;
        const clientId = `soak-${this.user.id.slice(0, 8)}-${n}-${randomBytes(3).toString('hex')}`;
        this.outbox.push({ conversationId: thread.id, clientId, body: `soak message ${n} from ${this.user.role} ${this.user.id.slice(0, 8)} ✓ <b>not html</b>`, firstAt: performance.now(), attempts: 0 });
        thread.sent.push(clientId);
        this.run.expected.set(clientId, { body: this.outbox.at(-1).body, conversationId: thread.id, senderId: this.user.id });
        this.stats.sent++;
        if (n === Math.floor(settings.messages / 2)) this.run.halfway();
      }
      const item = this.outbox[0];
      // (ready may have flipped again before this continuation ran)
      while (!this.ready || !this.socket) await this.untilReady();
      if (item.attempts > 0) this.stats.resends++;
      item.attempts++;
      let ack;
      try {
        ack = await this.sendOnce(item);
      } catch {
        continue; // no ack: the same clientId goes again
      }
      if (ack?.error) {
        // A 5xx may be an instance going down; a 4xx is a refusal the soak never expects.
        if (ack.error.statusCode < 500) {
          this.violation('refused', { clientId: item.clientId, error: ack.error });
          this.outbox.shift();
        }
        continue;
      }
      if (ack.clientId !== item.clientId || ack.conversationId !== item.conversationId || ack.senderId !== this.user.id || ack.body !== item.body) {
        this.violation('ack-mismatch', { clientId: item.clientId, ack });
      }
      this.run.acks.set(item.clientId, ack);
      this.run.sendToAck.push(performance.now() - item.firstAt);
      this.hold(ack, 'ack');
      this.outbox.shift();
    }
  }
}

/** Per client and conversation against the database; and the database against what was sent. */
async function verify(databaseUrl, run) {
  const violations = run.clients.flatMap((c) => c.violations);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const conversationIds = run.conversationIds;
    const { rows } = await db.query(
      `select m.id, m.conversation_id, m.seq, m.sender_id, m.client_id from messages m
       where m.conversation_id = any($1::uuid[]) order by m.conversation_id, m.seq`,
      [conversationIds],
    );
    const stored = new Map(conversationIds.map((id) => [id, []]));
    for (const row of rows) stored.get(row.conversation_id).push(row);
    const { rows: counters } = await db.query(`select id, last_seq from conversations where id = any($1::uuid[])`, [conversationIds]);

    // The database: gap-free seqs that match the counter, and every clientId sent stored exactly once.
    for (const { id, last_seq: lastSeq } of counters) {
      const list = stored.get(id);
      if (list.some((row, i) => row.seq !== i + 1) || list.length !== lastSeq) violations.push({ kind: 'seq-gap-in-database', conversationId: id, count: list.length, lastSeq });
    }
    const byClientId = new Map();
    for (const row of rows) byClientId.set(row.client_id, [...(byClientId.get(row.client_id) ?? []), row]);
    let storedDuplicates = 0;
    let neverStored = 0;
    for (const [clientId, sent] of run.expected) {
      const found = byClientId.get(clientId) ?? [];
      if (found.length === 0) {
        neverStored++;
        violations.push({ kind: 'never-stored', clientId });
      } else if (found.length > 1) {
        storedDuplicates += found.length - 1;
        violations.push({ kind: 'stored-twice', clientId, ids: found.map((r) => r.id) });
      } else if (found[0].conversation_id !== sent.conversationId || found[0].sender_id !== sent.senderId) {
        violations.push({ kind: 'stored-elsewhere', clientId });
      }
      const ack = run.acks.get(clientId);
      if (!ack) violations.push({ kind: 'never-acknowledged', clientId });
      else if (found.length === 1 && (ack.id !== found[0].id || ack.seq !== found[0].seq)) violations.push({ kind: 'ack-not-the-stored-message', clientId });
    }
    const unknown = rows.filter((row) => !run.expected.has(row.client_id)).length;
    if (unknown > 0) violations.push({ kind: 'messages-nobody-sent', count: unknown });

    // Each client: its timeline of every conversation is the database's, in seq order; its own messages in the
    // order it sent them; bodies as sent.
    let lost = 0;
    let duplicated = 0;
    let misordered = 0;
    let ownOrder = 0;
    let bodies = 0;
    for (const client of run.clients) {
      for (const thread of client.threads.values()) {
        const truth = stored.get(thread.id);
        const held = new Set(thread.timeline.map((m) => m.id));
        const missing = truth.filter((row) => !held.has(row.id));
        lost += missing.length;
        if (missing.length > 0) violations.push({ kind: 'lost', client: client.user.id, conversationId: thread.id, seqs: missing.slice(0, 10).map((r) => r.seq) });
        const perClientId = new Map();
        for (const m of thread.timeline) perClientId.set(`${m.senderId}/${m.clientId}`, (perClientId.get(`${m.senderId}/${m.clientId}`) ?? 0) + 1);
        const dup = [...perClientId.values()].reduce((sum, n) => sum + n - 1, 0) + (thread.timeline.length - held.size);
        duplicated += dup;
        if (dup > 0) violations.push({ kind: 'duplicated', client: client.user.id, conversationId: thread.id, count: dup });
        const inOrder = thread.timeline.length === truth.length && thread.timeline.every((m, i) => m.seq === i + 1 && m.id === truth[i].id);
        if (!inOrder && missing.length === 0 && dup === 0) {
          misordered++;
          violations.push({ kind: 'order-differs-from-seq', client: client.user.id, conversationId: thread.id });
        }
        const seqOf = new Map(thread.timeline.map((m) => [m.clientId, m.seq]));
        const mine = thread.sent.map((clientId) => seqOf.get(clientId)).filter((seq) => seq !== undefined);
        if (mine.some((seq, i) => i > 0 && seq <= mine[i - 1])) {
          ownOrder++;
          violations.push({ kind: 'own-messages-out-of-send-order', client: client.user.id, conversationId: thread.id });
        }
        for (const m of thread.timeline) {
          const sent = run.expected.get(m.clientId);
          if (sent && sent.body !== m.body) {
            bodies++;
            violations.push({ kind: 'body-differs', client: client.user.id, clientId: m.clientId });
          }
        }
      }
    }
    return { violations, storedMessages: rows.length, neverStored, storedDuplicates, lost, duplicated, misordered, ownOrder, bodies };
  } finally {
    await db.end();
  }
}

async function main() {
  const tmp = mkdtempSync(join(tmpdir(), 'carebook-bench-chat-soak-'));
  const cleanups = [() => rmSync(tmp, { recursive: true, force: true })];
  const cleanup = async () => {
    while (cleanups.length > 0) await Promise.resolve().then(cleanups.pop()).catch((e) => log(`cleanup: ${e?.message ?? e}`));
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  try {
    let databaseUrl = process.env['DATABASE_URL']?.trim();
    if (databaseUrl) log(`WARNING: DATABASE_URL is set — that database gets ${settings.clients} soak users (@${DOMAIN}, replaced on each run) and their messages.`);
    else {
      const db = await startEmbeddedPostgres(join(tmp, 'postgres'), { database: 'carebook_chat_soak', persistent: false });
      cleanups.push(() => db.stop());
      databaseUrl = db.url;
    }
    let redisUrl = process.env['REDIS_URL']?.trim();
    if (redisUrl) {
      if (!(await redisAnswers(redisUrl))) throw new Error(`no Redis answers at REDIS_URL ${redisUrl}`);
      log('WARNING: REDIS_URL is set — the soak shares that Redis with whatever else uses it.');
    } else {
      const redis = await startOwnRedis(await freePort());
      cleanups.push(() => redis.stop());
      redisUrl = redis.url;
    }
    const jwtSecret = randomBytes(32).toString('hex');
    const instances = [];
    for (const name of ['a', 'b']) {
      const instance = new Instance(name, await freePort(), { databaseUrl, dataDir: join(tmp, `data-${name}`), jwtSecret, env: { REDIS_URL: redisUrl } });
      cleanups.push(() => instance.stop());
      instances.push(instance);
    }
    // The first migrates; the second finds it done.
    await instances[0].start();
    await instances[1].start();
    for (const { base } of instances) {
      const health = await (await fetch(`${base}/api/health`)).json();
      if (health.redis !== 'up') throw new Error(`${base} does not reach Redis: ${JSON.stringify(health)}`);
    }

    const { people, pairs } = await seedPeople(databaseUrl, settings.clients);
    const tokens = new Map(people.map((user) => [user.id, accessToken(jwtSecret, user.id, user.role)]));
    // Each pair's conversation is opened through the API, which checks the care relationship.
    const conversations = [];
    for (const { patient, doctor } of pairs) {
      const opened = await json(pick(instances).base, '/api/conversations', tokens.get(patient.id), { method: 'POST', body: JSON.stringify({ participantId: doctor.id }) });
      conversations.push({ id: opened.id, patientId: patient.id, doctorId: doctor.id });
    }

    const run = {
      instances,
      allocated: 0,
      expected: new Map(),
      acks: new Map(),
      sendToAck: [],
      conversationIds: conversations.map((c) => c.id),
      clients: [],
      killed: null,
      halfway: () => undefined,
    };
    run.clients = people.map(
      (user) => new Client(run, user, tokens.get(user.id), conversations.filter((c) => c.patientId === user.id || c.doctorId === user.id).map((c) => c.id)),
    );
    await Promise.all(run.clients.map((client) => client.connect()));
    log(
      `${run.clients.length} clients (${pairs.length} conversations) on two instances (${instances.map((i) => run.clients.filter((c) => c.instance === i).length).join(' + ')} sockets); ` +
        `sending ${settings.messages} messages…`,
    );

    // Halfway through, one instance dies with SIGKILL and comes back DOWN_MS later.
    const killDone = new Promise((resolve) => {
      run.halfway = () => {
        const victim = pick(instances);
        const onIt = run.clients.filter((c) => c.instance === victim && c.ready).length;
        const at = performance.now();
        log(`kill -9 of instance ${victim.name} (pid ${victim.proc.child.pid}, ${onIt} clients on it) after ${run.allocated} messages`);
        void victim
          .kill()
          .then(() => sleep(DOWN_MS))
          .then(() => victim.start())
          .then(() => {
            log(`instance ${victim.name} back after ${((performance.now() - at) / 1000).toFixed(1)} s`);
            run.killed = { instance: victim.name, clientsOnIt: onIt, afterMessages: Math.floor(settings.messages / 2), downSeconds: Number(((performance.now() - at) / 1000).toFixed(1)) };
            resolve();
          }, (error) => {
            log(`instance ${victim.name} did not come back: ${error.message}`);
            run.killed = { instance: victim.name, restartFailed: String(error.message) };
            resolve();
          });
      };
    });

    let sending = true;
    const drops = new Set();
    const chaos = (async () => {
      while (sending) {
        await sleep(around(settings.dropEveryMs));
        if (!sending) break;
        const dropping = pick(run.clients).drop();
        drops.add(dropping);
        void dropping.finally(() => drops.delete(dropping));
      }
    })();
    const progress = setInterval(() => {
      const acked = run.acks.size;
      log(`${run.allocated} sent, ${acked} acknowledged, ${run.clients.filter((c) => c.ready).length} clients connected`);
    }, 10_000);
    const started = performance.now();
    const finished = await Promise.race([
      Promise.all(run.clients.map((client) => client.work())).then(() => true),
      sleep(RUN_LIMIT_MS).then(() => false),
    ]);
    const sendSeconds = (performance.now() - started) / 1000;
    sending = false;
    clearInterval(progress);
    await chaos;
    if (finished) {
      // Everyone back online (the drops under way come back, the restarted instance is up), then the final
      // catch-up, as a client coming back to the page would.
      await killDone;
      await Promise.all([...drops]);
      await Promise.all(run.clients.map((client) => (client.ready ? undefined : client.connect())));
      await Promise.all(run.clients.map((client) => client.catchUp([...client.threads.values()], false)));
    }
    for (const client of run.clients) {
      client.stopped = true;
      client.socket?.disconnect();
    }

    const checked = await verify(databaseUrl, run);
    if (!finished) checked.violations.push({ kind: 'not-finished', detail: `${run.acks.size} of ${settings.messages} acknowledged after ${RUN_LIMIT_MS / 1000} s` });
    const total = (key) => run.clients.reduce((sum, c) => sum + c.stats[key], 0);
    const sendToAck = run.sendToAck.sort((a, b) => a - b);
    const report = {
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? null, node: process.version, loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))) },
      settings,
      clients: run.clients.length,
      conversations: conversations.length,
      messagesSent: run.expected.size,
      messagesAcknowledged: run.acks.size,
      messagesStored: checked.storedMessages,
      seconds: Number(sendSeconds.toFixed(1)),
      messagesPerSecond: Math.round(run.acks.size / sendSeconds),
      resends: total('resends'),
      randomDrops: total('drops'),
      reconnects: total('reconnects'),
      catchUps: total('catchUps'),
      kill: run.killed,
      gapCatchUps: total('gapCatchUps'),
      deliveries: { bySocket: total('viaSocket'), byAck: total('viaAck'), byCatchUp: total('viaCatchUp'), redeliveredAndIgnored: total('redelivered'), arrivedBeforeAnEarlierSeq: total('arrivedBeforeEarlierSeq') },
      sendToAckMs: { p50: percentile(sendToAck, 0.5), p99: percentile(sendToAck, 0.99), max: percentile(sendToAck, 1) },
      check: {
        lost: checked.lost,
        duplicated: checked.duplicated,
        timelinesOutOfSeqOrder: checked.misordered,
        ownMessagesOutOfSendOrder: checked.ownOrder,
        bodiesDiffering: checked.bodies,
        neverStored: checked.neverStored,
        storedTwice: checked.storedDuplicates,
        violations: checked.violations.length,
      },
      firstViolations: checked.violations.slice(0, 20),
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, 'chat-soak-latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    const c = report.check;
    process.stdout.write(
      `\n${report.messagesSent} messages from ${report.clients} clients in ${report.conversations} conversations on two instances in ${report.seconds} s ` +
        `(${report.messagesPerSecond}/s); ${report.messagesAcknowledged} acknowledged, ${report.messagesStored} stored\n` +
        `  chaos: ${report.randomDrops} random disconnects, ${report.reconnects} reconnects, ${report.catchUps} catch-ups on reconnect and ${report.gapCatchUps} on a seq gap, ${report.resends} resends; ` +
        `kill -9 of instance ${report.kill?.instance ?? '?'} with ${report.kill?.clientsOnIt ?? '?'} clients on it, back after ${report.kill?.downSeconds ?? '?'} s\n` +
        `  deliveries: ${report.deliveries.bySocket} by socket, ${report.deliveries.byAck} by ack, ${report.deliveries.byCatchUp} by catch-up, ${report.deliveries.redeliveredAndIgnored} redelivered (ignored by id), ` +
        `${report.deliveries.arrivedBeforeAnEarlierSeq} socket arrivals before an earlier seq (placed by seq); send → ack p50 ${report.sendToAckMs.p50} ms, p99 ${report.sendToAckMs.p99} ms (resends included)\n` +
        `  per client after catch-up: lost ${c.lost}, duplicated ${c.duplicated}, timelines out of seq order ${c.timelinesOutOfSeqOrder}, own messages out of send order ${c.ownMessagesOutOfSendOrder}, bodies differing ${c.bodiesDiffering}; ` +
        `database: never stored ${c.neverStored}, stored twice ${c.storedTwice}\n` +
        `  ${c.violations === 0 ? 'no violation' : `${c.violations} VIOLATIONS (first: ${JSON.stringify(report.firstViolations.slice(0, 3))})`}\n\n`,
    );
    log(`results written to ${relative(ROOT, join(RESULTS_DIR, 'chat-soak-latest.json'))}`);
    process.exitCode = c.violations === 0 ? 0 : 1;
  } finally {
    await cleanup();
  }
}

main().then(
  // Connections still closing (sockets, Redis, PostgreSQL) would hold the process a few seconds more.
  () => process.exit(),
  (error) => {
    process.stderr.write(`[bench:chat-soak] failed: ${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
