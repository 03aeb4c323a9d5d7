import { jest } from '@jest/globals';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { SystemMonitor } from '../../src/modules/operations/system-monitor';
import { approvedDoctor, registerPatient, signInAdmin, type Session } from '../support/accounts';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * GET /api/admin/system: the System page's live figures, read back from the Prometheus registry that
 * /api/metrics exposes. Requests made here must move the window's counters at once, and the figures must agree
 * with the metrics text.
 */
jest.setTimeout(120_000);

interface SystemHealth {
  instance: { id: string; startedAt: string; uptimeSeconds: number };
  window: { seconds: number; from: string; to: string; sampleSeconds: number };
  http: { requests: number; requestsPerSecond: number; p50Ms: number | null; p95Ms: number | null; p99Ms: number | null; errorRate: number | null; clientErrorRate: number | null };
  eventLoop: { p50Ms: number | null; p99Ms: number | null; maxMs: number | null };
  memory: { rssBytes: number; heapUsedBytes: number; heapTotalBytes: number };
  database: { used: number; idle: number; waiting: number; max: number };
  sockets: { connected: number };
  deliveries: { queued: number; retrying: number; failed: number; sent: number; oldestQueuedSeconds: number | null };
  series: { at: string; requestsPerSecond: number; p95Ms: number | null; errorRate: number | null; eventLoopP99Ms: number | null; heapUsedBytes: number; rssBytes: number }[];
}

describe('admin system health (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let db: pg.Client;
  let admin: Session;
  const sockets: Socket[] = [];

  const system = async () => (await t.http.get('/api/admin/system').set(admin.auth).expect(200)).body as SystemHealth;

  beforeAll(async () => {
    t = await createTestApp();
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    admin = await signInAdmin(t);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await db.end();
    await t.close();
  });

  it('counts the requests just made, with latency percentiles and error shares over a stated window', async () => {
    const before = await system();
    for (let i = 0; i < 10; i++) await t.http.get('/api/health').expect(200);
    for (let i = 0; i < 5; i++) await t.http.get('/api/no-such-route').expect(404);
    const after = await system();

    // The ten health checks, five 404s and the first GET /api/admin/system (timed once it has answered).
    expect(after.http.requests - before.http.requests).toBeGreaterThanOrEqual(16);
    expect(after.http.requestsPerSecond).toBeGreaterThan(0);
    expect(after.http.clientErrorRate).toBeGreaterThan(0);
    expect(after.http.errorRate).toBe(0);
    const [p50, p95, p99] = [after.http.p50Ms, after.http.p95Ms, after.http.p99Ms].map(Number);
    expect([p50, p95, p99]).toEqual([expect.any(Number), expect.any(Number), expect.any(Number)]);
    expect(p50).toBeGreaterThan(0);
    expect(p50).toBeLessThanOrEqual(p95);
    expect(p95).toBeLessThanOrEqual(p99);

    expect(after.window.sampleSeconds).toBe(5);
    expect(after.window.seconds).toBeGreaterThan(0);
    expect(after.window.seconds).toBeLessThanOrEqual(70);
    // `seconds` is the window from → to, rounded to a tenth of a second (so off by at most 50 ms).
    const windowSeconds = (Date.parse(after.window.to) - Date.parse(after.window.from)) / 1000;
    expect(Math.abs(windowSeconds - after.window.seconds)).toBeLessThanOrEqual(0.05 + 1e-9);
    expect(after.instance.id).toMatch(/-\d+$/);
    expect(after.instance.uptimeSeconds).toBeGreaterThan(0);
  });

  it('reports memory and the database pool as the metrics text does', async () => {
    const body = await system();
    expect(body.memory.rssBytes).toBeGreaterThan(body.memory.heapUsedBytes);
    expect(body.memory.heapTotalBytes).toBeGreaterThanOrEqual(body.memory.heapUsedBytes);
    expect(body.database.max).toBe(10);
    expect(body.database.used + body.database.idle).toBeGreaterThan(0);
    expect(body.database.waiting).toBeGreaterThanOrEqual(0);

    const metrics = (await t.http.get('/api/metrics').set(admin.auth).expect(200)).text;
    expect(metrics).toContain('carebook_db_pool_clients{state="idle"}');
    expect(metrics).toContain('carebook_db_pool_max_clients 10');
    expect(metrics).toMatch(/carebook_socket_connections \d+/);
    expect(metrics).toMatch(/carebook_delivery_oldest_queued_seconds \d/);
  });

  it('closes a sample into the series with event-loop delay and the interval’s requests', async () => {
    const monitor = t.app.get(SystemMonitor);
    await t.http.get('/api/health').expect(200);
    await monitor.sample();
    const body = await system();
    expect(body.series.length).toBeGreaterThanOrEqual(1);
    const last = body.series[body.series.length - 1];
    expect(last.requestsPerSecond).toBeGreaterThan(0);
    expect(last.heapUsedBytes).toBeGreaterThan(0);
    expect(body.eventLoop.p99Ms).toEqual(expect.any(Number));
    expect(Number(body.eventLoop.maxMs)).toBeGreaterThanOrEqual(Number(body.eventLoop.p99Ms));
  });

  it('counts this instance’s sockets', async () => {
    const before = await system();
    const socket = io(t.url, { path: '/socket.io', transports: ['websocket'], auth: { token: admin.accessToken }, reconnection: false, forceNew: true });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const after = await system();
    expect(after.sockets.connected).toBe(before.sockets.connected + 1);
  });

  it('shows the delivery queue: waiting, retrying, given up, and how long the oldest has waited', async () => {
    const patient = await registerPatient(t);
    const insert = (key: string, status: string, attempts: number, age: string) =>
      db.query(
        `insert into deliveries (event_key, user_id, channel, kind, recipient, subject, text_body, status, attempts, created_at)
         values ($1, $2, 'email', 'test', $3, 'Test', 'Test', $4, $5, now() - $6::interval)`,
        [key, patient.id, patient.email, status, attempts, age],
      );
    const before = await system();
    await insert('system-test:waiting', 'queued', 0, '1 hour');
    await insert('system-test:retrying', 'queued', 3, '10 minutes');
    await insert('system-test:dead', 'failed', 40, '2 hours');
    const after = await system();
    expect(after.deliveries.queued - before.deliveries.queued).toBe(2);
    expect(after.deliveries.retrying - before.deliveries.retrying).toBe(1);
    expect(after.deliveries.failed - before.deliveries.failed).toBe(1);
    expect(after.deliveries.oldestQueuedSeconds).toBeGreaterThanOrEqual(3600);
  });

  it('is for admins only: anonymous 401, a patient or a doctor 403', async () => {
    const anonymous = await t.http.get('/api/admin/system').expect(401);
    expect(anonymous.body).toMatchObject({ statusCode: 401 });
    const patient = await registerPatient(t);
    const doctor = await approvedDoctor(t);
    for (const who of [patient, doctor]) {
      const res = await t.http.get('/api/admin/system').set(who.auth).expect(403);
      expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      expect(res.text).not.toContain('rssBytes');
    }
  });
});
