import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { accessToken, builtApiEnv, builtApiMain, call, startApi, stopApi, waitForHealth, type Api } from '../support/built-api';
import { findOrStartRedis, startOwnRedis, type TestRedis } from '../support/redis';
import { createDatabase, STRONG_PASSWORD } from '../support/test-app';
import { freePort } from '../../src/database/embedded-postgres';

/**
 * Several instances (issue 12): two BUILT API processes on one database and one Redis (REDIS_URL), as
 * docker-compose runs them. What one instance does must reach the sockets and caches of the other: live events
 * through socket.io's Redis adapter, cache invalidations through a Redis channel. And a Redis outage must not
 * take the API down: it keeps serving, says so in /api/health, and carries on when Redis is back, telling its
 * sockets to fetch again what they show (`resync`), since events from the other instance did not reach it meanwhile.
 */
jest.setTimeout(180_000);

const ADMIN = { email: 'instances-admin@carebook.test', password: 'instances-admin-password-2026' };
/** How long a socket waits for an event it expects before the test fails (not a speed requirement). */
const EVENT_WAIT_MS = 10_000;
/** The promise of issue 12: another instance stops offering time taken off within a second. */
const INVALIDATION_DEADLINE_MS = 1_000;

interface Slot {
  startsAt: string;
  endsAt: string;
}

interface Pair {
  a: Api;
  b: Api;
  secret: string;
  adminToken: string;
  dataDirs: string[];
}

/** Two API processes on one fresh database and the given Redis; the first migrates, the second finds it done. */
async function startPair(redisUrl: string): Promise<Pair> {
  const { root, main } = builtApiMain();
  const databaseUrl = await createDatabase();
  const secret = randomBytes(32).toString('hex');
  const dataDirs = [mkdtempSync(join(tmpdir(), 'carebook-instance-a-')), mkdtempSync(join(tmpdir(), 'carebook-instance-b-'))];
  const env = (dataDir: string) => ({ ...builtApiEnv({ databaseUrl, dataDir, secret, admin: ADMIN }), REDIS_URL: redisUrl });
  const [portA, portB] = [await freePort(), await freePort()];
  const a = startApi(main, root, env(dataDirs[0]), portA);
  const b = startApi(main, root, env(dataDirs[1]), portB);
  await Promise.all([waitForHealth(a), waitForHealth(b)]);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const [{ id: adminId }] = (await db.query<{ id: string }>(`select id from users where email = $1`, [ADMIN.email])).rows;
  await db.end();
  return { a, b, secret, adminToken: accessToken(secret, adminId, 'admin'), dataDirs };
}

async function stopPair(pair: Pair | undefined): Promise<void> {
  if (!pair) return;
  await Promise.all([stopApi(pair.a), stopApi(pair.b)]);
  for (const dir of pair.dataDirs) rmSync(dir, { recursive: true, force: true });
}

function expectStatus(res: { status: number; body: unknown }, status: number): void {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
}

/** An approved doctor with weekday-morning hours who approves bookings themselves; registered through `api`. */
async function bookableDoctor(pair: Pair, api: Api): Promise<{ id: string; token: string }> {
  const registered = await call(api, 'POST', '/api/auth/register', null, {
    email: `instances.doctor.${randomBytes(4).toString('hex')}@example.test`,
    password: STRONG_PASSWORD,
    fullName: 'Dr Ada Instances',
    role: 'doctor',
    specialty: 'Cardiology',
    licenseNumber: 'GMC-7654321',
  });
  expectStatus(registered, 201);
  const id = (registered.body as { user: { id: string } }).user.id;
  expectStatus(await call(api, 'POST', `/api/admin/doctors/${id}/approve`, pair.adminToken, {}), 200);
  const token = accessToken(pair.secret, id, 'doctor');
  const weekly = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '12:00' }));
  expectStatus(await call(api, 'PUT', '/api/doctors/me/availability', token, { slotMinutes: null, autoApprove: false, weekly }), 200);
  return { id, token };
}

async function patient(pair: Pair, api: Api): Promise<{ id: string; email: string; token: string }> {
  const email = `instances.patient.${randomBytes(4).toString('hex')}@example.test`;
  const registered = await call(api, 'POST', '/api/auth/register', null, { email, password: STRONG_PASSWORD, fullName: 'Pat Instances', role: 'patient' });
  expectStatus(registered, 201);
  const id = (registered.body as { user: { id: string } }).user.id;
  return { id, email, token: accessToken(pair.secret, id, 'patient') };
}

/** The doctor's free slots over the next four weeks, as `api` answers (and caches) them. */
async function slotsOn(api: Api, doctorId: string): Promise<Slot[]> {
  const from = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 28 * 86_400_000).toISOString().slice(0, 10);
  const res = await call(api, 'GET', `/api/doctors/${doctorId}/slots?from=${from}&to=${to}`, null);
  expectStatus(res, 200);
  return res.body as Slot[];
}

async function book(api: Api, who: { id: string; email: string; token: string }, doctorId: string, slot: Slot): Promise<{ id: string; status: string }> {
  const res = await call(api, 'POST', '/api/appointments', who.token, {
    doctorId,
    startsAt: slot.startsAt,
    reason: 'Seen through two instances',
    patientDetails: { fullName: 'Pat Instances', age: 40, gender: null, phone: null, email: who.email },
  });
  expectStatus(res, 201);
  return res.body as { id: string; status: string };
}

const sockets: Socket[] = [];

/** A signed-in browser's socket on the given instance (or an anonymous one without a token). */
async function connect(api: Api, token?: string): Promise<Socket> {
  const socket = io(api.base, { path: '/socket.io', transports: ['websocket'], auth: token ? { token } : {}, reconnection: false, forceNew: true });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** The first `event` on this socket that matches; fails the test after EVENT_WAIT_MS. */
function next<T>(socket: Socket, event: string, matches: (payload: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no matching ${event} reached the socket within ${EVENT_WAIT_MS} ms`));
    }, EVENT_WAIT_MS);
    const listener = (payload: T) => {
      if (!matches(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/**
 * Polls `api`'s slots until `slot` is gone: how long after `since` the first request that no longer saw it was
 * sent (its answer reflects the instance's state from then on, however slowly a busy machine delivers it).
 */
async function untilSlotGone(api: Api, doctorId: string, slot: Slot, since: number, giveUpMs: number): Promise<number> {
  for (;;) {
    const sent = Date.now() - since;
    const slots = await slotsOn(api, doctorId);
    if (!slots.some((s) => s.startsAt === slot.startsAt)) return sent;
    if (sent > giveUpMs) return sent;
  }
}

async function health(api: Api): Promise<{ status: number; body: { status?: string; redis?: string } }> {
  const res = await call(api, 'GET', '/api/health', null);
  return { status: res.status, body: res.body as { status?: string; redis?: string } };
}

/** Polls /api/health until Redis is reported as `state` (the API must answer 200 all along). */
async function untilRedis(api: Api, state: 'up' | 'down'): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await health(api);
    expect(res.status).toBe(200);
    if (res.body.redis === state) return;
    if (Date.now() > deadline) throw new Error(`/api/health still says redis ${res.body.redis} after 30 s, not ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
});

describe('two API instances on one database and one Redis (built API, real PostgreSQL and Redis)', () => {
  let redis: TestRedis;
  let pair: Pair | undefined;

  beforeAll(async () => {
    redis = await findOrStartRedis(await freePort());
    pair = await startPair(redis.url);
  });
  afterAll(async () => {
    await stopPair(pair);
    await redis?.stop();
  });

  it('reports Redis in /api/health on both instances', async () => {
    const p = pair as Pair;
    for (const api of [p.a, p.b]) expect((await health(api)).body).toMatchObject({ status: 'ok', database: 'up', redis: 'up' });
  });

  it('delivers a booking made through one instance and its approval made through the other to sockets on both', async () => {
    const p = pair as Pair;
    const doctor = await bookableDoctor(p, p.a);
    const pat = await patient(p, p.b);
    const [slot] = await slotsOn(p.b, doctor.id);
    // The doctor's browser is on A, the patient's on B.
    const doctorSocket = await connect(p.a, doctor.token);
    const patientSocket = await connect(p.b, pat.token);

    // Booked through B: the doctor on A hears of it, and gets the notification B wrote.
    const requested = next<{ notification: { type: string; link: string }; unreadCount: number }>(doctorSocket, 'notification:new', (n) => n.notification.type === 'appointment-requested');
    const bookedOnA = next<{ id: string; status: string }>(doctorSocket, 'appointment:updated');
    const appointment = await book(p.b, pat, doctor.id, slot);
    expect(appointment.status).toBe('pending');
    expect(await bookedOnA).toMatchObject({ id: appointment.id, status: 'pending' });
    // Unread: the application's approval and this request.
    expect(await requested).toMatchObject({ notification: { link: `/appointments/${appointment.id}` }, unreadCount: 2 });

    // Approved through A: the patient on B sees the new status and gets the notification A wrote.
    const confirmed = next<{ notification: { type: string; link: string }; unreadCount: number }>(patientSocket, 'notification:new', (n) => n.notification.type === 'appointment-confirmed');
    const approvedOnB = next<{ id: string; status: string }>(patientSocket, 'appointment:updated', (u) => u.status === 'confirmed');
    expectStatus(await call(p.a, 'POST', `/api/appointments/${appointment.id}/approve`, doctor.token, {}), 200);
    expect(await approvedOnB).toMatchObject({ id: appointment.id, status: 'confirmed', patientId: pat.id });
    expect(await confirmed).toMatchObject({ notification: { link: `/appointments/${appointment.id}` }, unreadCount: 1 });
  });

  it('delivers a message sent through one instance to the recipient’s socket on the other, and the read receipt back', async () => {
    const p = pair as Pair;
    // A booking is a care relationship: the pair may talk.
    const doctor = await bookableDoctor(p, p.a);
    const pat = await patient(p, p.b);
    const [slot] = await slotsOn(p.b, doctor.id);
    await book(p.b, pat, doctor.id, slot);
    const opened = await call(p.b, 'POST', '/api/conversations', pat.token, { participantId: doctor.id });
    expectStatus(opened, 201);
    const conversationId = (opened.body as { id: string }).id;
    // The doctor's browser is on A, the patient's on B.
    const doctorSocket = await connect(p.a, doctor.token);
    const patientSocket = await connect(p.b, pat.token);

    // Sent over the doctor's socket on A: acknowledged with the stored message, which reaches the patient on B.
    type Message = { id: string; conversationId: string; seq: number; senderId: string; body: string; clientId: string };
    const arrivedOnB = next<Message>(patientSocket, 'message:new', (m) => m.conversationId === conversationId);
    const clientId = `instances-${randomBytes(6).toString('hex')}`;
    const ack = (await doctorSocket.timeout(EVENT_WAIT_MS).emitWithAck('message:send', { conversationId, body: 'Sent on A, read on B', clientId })) as Message;
    expect(ack).toMatchObject({ conversationId, seq: 1, senderId: doctor.id, clientId, body: 'Sent on A, read on B' });
    expect(await arrivedOnB).toEqual(ack);

    // A second one through A's REST endpoint gets the next seq, and B's socket hears of it too.
    const secondOnB = next<Message>(patientSocket, 'message:new', (m) => m.conversationId === conversationId && m.seq === 2);
    const rest = await call(p.a, 'POST', `/api/conversations/${conversationId}/messages`, doctor.token, { body: 'And over HTTP', clientId: `${clientId}-2` });
    expectStatus(rest, 201);
    expect(await secondOnB).toMatchObject({ id: (rest.body as Message).id, seq: 2, body: 'And over HTTP' });
    // What B stored is what A answers: the database is the one source of truth.
    const onB = await call(p.b, 'GET', `/api/conversations/${conversationId}/messages?after=0`, pat.token);
    expect((onB.body as { items: Message[] }).items.map((m) => [m.seq, m.id])).toEqual([
      [1, ack.id],
      [2, (rest.body as Message).id],
    ]);

    // The patient reads on B: the doctor's socket on A gets the receipt, and A's unread count agrees.
    const receiptOnA = next<{ conversationId: string; readerId: string; upToSeq: number; readAt: string }>(doctorSocket, 'message:read', (r) => r.conversationId === conversationId);
    const read = (await patientSocket.timeout(EVENT_WAIT_MS).emitWithAck('message:read', { conversationId, upToSeq: 2 })) as { upToSeq: number; unreadCount: number };
    expect(read).toEqual({ upToSeq: 2, unreadCount: 0 });
    expect(await receiptOnA).toMatchObject({ conversationId, readerId: pat.id, upToSeq: 2 });
    const patientViewOnA = await call(p.a, 'GET', `/api/conversations/${conversationId}`, pat.token);
    expect(patientViewOnA.body).toMatchObject({ unreadCount: 0, lastSeq: 2 });
  });

  it('hides time taken off through one instance from the slots the other answers within a second', async () => {
    const p = pair as Pair;
    const doctor = await bookableDoctor(p, p.a);
    // B reads the schedule and caches it (30 s without invalidations).
    const [first, second] = await slotsOn(p.b, doctor.id);
    expect((await slotsOn(p.b, doctor.id)).map((s) => s.startsAt)).toContain(first.startsAt);
    const watcher = await connect(p.b);
    await watcher.emitWithAck('slots:watch', { doctorId: doctor.id });
    const changed = next<{ doctorId: string }>(watcher, 'slots:changed', (c) => c.doctorId === doctor.id);

    const res = await call(p.a, 'POST', '/api/doctors/me/time-off', doctor.token, { startsAt: first.startsAt, endsAt: first.endsAt, reason: 'Seen on B' });
    expectStatus(res, 201);
    const answered = Date.now();
    expect(await changed).toEqual({ doctorId: doctor.id });
    const elapsed = await untilSlotGone(p.b, doctor.id, first, answered, INVALIDATION_DEADLINE_MS);
    expect(elapsed).toBeLessThanOrEqual(INVALIDATION_DEADLINE_MS);
    // Only that slot: the next one is still offered by both.
    for (const api of [p.a, p.b]) {
      const starts = (await slotsOn(api, doctor.id)).map((s) => s.startsAt);
      expect(starts).not.toContain(first.startsAt);
      expect(starts).toContain(second.startsAt);
    }
  });

  it('closes a user’s sockets on the other instance too when their password changes through one', async () => {
    const p = pair as Pair;
    const pat = await patient(p, p.a);
    // The old session's browser is connected to B; the password changes through A.
    const socket = await connect(p.b, pat.token);
    const closed = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the socket on B was still connected after ${EVENT_WAIT_MS} ms`)), EVENT_WAIT_MS);
      socket.once('disconnect', (reason: string) => {
        clearTimeout(timer);
        resolve(reason);
      });
    });
    expectStatus(await call(p.a, 'POST', '/api/auth/password', pat.token, { currentPassword: STRONG_PASSWORD, newPassword: 'Harbour-Violet-Quantum-58' }), 200);
    expect(await closed).toBe('io server disconnect');
  });
});

describe('a Redis outage under two API instances (built API, a redis-server the test starts and kills)', () => {
  let redis: TestRedis;
  let pair: Pair | undefined;

  beforeAll(async () => {
    redis = await startOwnRedis(await freePort());
    pair = await startPair(redis.url);
  });
  afterAll(async () => {
    await stopPair(pair);
    await redis?.stop();
  });

  it('keeps serving while Redis is gone, logs it, tells its sockets to resync and delivers across instances again once it is back', async () => {
    const p = pair as Pair;
    const doctor = await bookableDoctor(p, p.a);
    const doctorSocket = await connect(p.a, doctor.token);
    const doctorOnB = await connect(p.b, doctor.token);

    await redis.kill();
    await Promise.all([untilRedis(p.a, 'down'), untilRedis(p.b, 'down')]);
    // A booking through B while Redis is gone: its events cannot be published, yet they reach B's own sockets.
    const early = await patient(p, p.b);
    const [earlySlot] = await slotsOn(p.b, doctor.id);
    const requestedOnB = next<{ notification: { type: string } }>(doctorOnB, 'notification:new', (n) => n.notification.type === 'appointment-requested');
    await book(p.b, early, doctor.id, earlySlot);
    await requestedOnB;
    // Publishing them failed (ioredis gave up on the command), which B logs once and survives.
    const unpublished = /Live events are not reaching the other instances while Redis is unreachable/;
    for (const deadline = Date.now() + EVENT_WAIT_MS; !unpublished.test(p.b.output.join('\n')) && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(p.b.output.join('\n')).toMatch(unpublished);
    // Both still answer requests that need no Redis, and neither process died (a publish that fails is no crash).
    for (const api of [p.a, p.b]) {
      expectStatus(await call(api, 'GET', `/api/doctors/${doctor.id}`, null), 200);
      expect(api.child.exitCode).toBeNull();
      expect(api.output.join('\n')).toMatch(/Redis unreachable/);
    }

    const resynced = [next(doctorSocket, 'resync'), next(doctorOnB, 'resync')];
    await redis.restart();
    await Promise.all([untilRedis(p.a, 'up'), untilRedis(p.b, 'up')]);
    // Each instance's subscription stands again: its sockets are told that events may have missed them.
    await Promise.all(resynced);
    // A booking through B reaches the doctor's socket on A again.
    const pat = await patient(p, p.b);
    const [slot] = await slotsOn(p.b, doctor.id);
    const requested = next<{ notification: { type: string } }>(doctorSocket, 'notification:new', (n) => n.notification.type === 'appointment-requested');
    await book(p.b, pat, doctor.id, slot);
    await requested;
    // And cache invalidations flow again: time off through A hides the slot on B.
    const [, other] = await slotsOn(p.b, doctor.id);
    expectStatus(await call(p.a, 'POST', '/api/doctors/me/time-off', doctor.token, { startsAt: other.startsAt, endsAt: other.endsAt }), 201);
    expect(await untilSlotGone(p.b, doctor.id, other, Date.now(), INVALIDATION_DEADLINE_MS)).toBeLessThanOrEqual(INVALIDATION_DEADLINE_MS);
  });
});
