import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { accessToken, builtApiEnv, builtApiMain, call, launchApi, stopApi, type Api } from '../support/built-api';
import { eventually, SmtpSink } from '../support/smtp-sink';
import { createDatabase, STRONG_PASSWORD } from '../support/test-app';
import { DeliveryOptions } from '../../src/modules/notifications/delivery-options';
import { MAIL_FROM, PUBLIC_URL } from './notification-fixtures';

/**
 * Delivery survives kill -9: the BUILT API sends through a slow SMTP server, is killed mid-queue, and is
 * started again on the same database. Every delivery ends `sent` and every message reaches the server at
 * least once. A message can arrive twice only if the server accepted it and the worker died before marking
 * it sent; those are counted and bounded by what was in flight.
 */
jest.setTimeout(120_000);

const BOOKINGS = 40;
const ADMIN = { email: 'mail-crash-admin@carebook.test', password: 'mail-crash-admin-password-2026' };

describe('email delivery across kill -9 of the worker (built API, slow SMTP server, real PostgreSQL)', () => {
  const { root, main } = builtApiMain();
  const dataDir = mkdtempSync(join(tmpdir(), 'carebook-mail-crash-'));
  const secret = randomBytes(32).toString('hex');
  const sink = new SmtpSink();
  let api: Api | undefined;
  let db: pg.Client;
  let env: Record<string, string>;

  beforeAll(async () => {
    await sink.start();
    const databaseUrl = await createDatabase();
    env = {
      ...builtApiEnv({ databaseUrl, dataDir, secret, admin: ADMIN }),
      LOG_LEVEL: 'error',
      CLINIC_TIMEZONE: 'Europe/London',
      SMTP_URL: sink.url,
      PUBLIC_URL,
      MAIL_FROM,
    };
    db = new pg.Client({ connectionString: databaseUrl });
  });
  afterAll(async () => {
    await stopApi(api);
    await db?.end().catch(() => undefined);
    await sink.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers everything after a restart, at least once each', async () => {
    const started = Date.now();
    api = await launchApi(main, root, env);
    await db.connect();

    // A doctor who confirms automatically (two emails a booking), patients straight into the table.
    const [{ id: adminId }] = (await db.query<{ id: string }>(`select id from users where email = $1`, [ADMIN.email])).rows;
    const registered = await call(api, 'POST', '/api/auth/register', null, {
      email: `mail.crash.doctor.${randomBytes(3).toString('hex')}@example.test`,
      password: STRONG_PASSWORD,
      fullName: 'Dr Crash Mail',
      role: 'doctor',
      specialty: 'Cardiology',
      licenseNumber: 'GMC-7700001',
    });
    const doctorId = (registered.body as { user: { id: string } }).user.id;
    expect((await call(api, 'POST', `/api/admin/doctors/${doctorId}/approve`, accessToken(secret, adminId, 'admin'), {})).status).toBe(200);
    const weekly = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '18:00' }));
    expect((await call(api, 'PUT', '/api/doctors/me/availability', accessToken(secret, doctorId, 'doctor'), { slotMinutes: null, autoApprove: true, weekly })).status).toBe(200);
    const patients = (
      await db.query<{ id: string; email: string }>(
        `insert into users (email, full_name, role, status, password_hash)
         select 'mail.crash.patient' || n || '.' || $2 || '@example.test', 'Crash Patient ' || n, 'patient', 'active', 'never-signs-in'
         from generate_series(1, $1::int) n returning id, email`,
        [BOOKINGS, randomBytes(3).toString('hex')],
      )
    ).rows;
    const from = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const slots = (await call(api, 'GET', `/api/doctors/${doctorId}/slots?from=${from}&to=${to}`, null)).body as { startsAt: string }[];
    expect(slots.length).toBeGreaterThanOrEqual(BOOKINGS);
    await eventually('the approval email sent', () => Promise.resolve(sink.mails.length === 1));

    // A slow server from here on; the bookings queue 2 × BOOKINGS emails.
    sink.behaviour = { delayMs: 400 };
    const first = api;
    const answers = await Promise.all(
      patients.map((patient, i) =>
        call(first, 'POST', '/api/appointments', accessToken(secret, patient.id, 'patient'), {
          doctorId,
          startsAt: slots[i].startsAt,
          reason: 'Crash-safety booking',
          patientDetails: { fullName: `Crash Patient ${i}`, age: null, gender: null, phone: null, email: patient.email },
        }),
      ),
    );
    expect(answers.filter((a) => a.status !== 201)).toEqual([]);
    const total = 1 + 2 * BOOKINGS;

    await sink.waitFor('the first emails of the queue', (mails) => mails.length >= 5, 30_000);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const atKill = sink.mails.length;
    const unsent = Number((await db.query<{ n: string }>(`select count(*) as n from deliveries where status <> 'sent'`)).rows[0].n);
    // Killed mid-queue: much was still to send.
    expect(unsent).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(total);

    api = await launchApi(main, root, env);
    const rows = await eventually(
      'every delivery sent after the restart',
      async () => {
        const found = (await db.query<{ id: string; status: string }>(`select id, status from deliveries where channel = 'email'`)).rows;
        return found.length === total && found.every((d) => d.status === 'sent') && found;
      },
      60_000,
      250,
    ).catch(async (error: unknown) => {
      const states = await db.query(
        `select d.status, d.attempts, j.state, j.retry_count, count(*)::int as n from deliveries d left join pgboss.job j on j.id = d.id
         group by 1, 2, 3, 4 order by 1, 2, 3, 4`,
      );
      throw new Error(`${String(error)}\n${JSON.stringify(states.rows)}\n${api?.output.join('\n')}`);
    });
    const counts = sink.countsByDelivery();
    expect(rows.filter((d) => !counts.has(d.id))).toEqual([]);
    const repeats = [...counts.values()].filter((n) => n > 1).length;
    // Only a message the server had accepted when the worker died can come again: at most the batches in flight.
    const options = new DeliveryOptions();
    expect(repeats).toBeLessThanOrEqual(options.batchSize * options.concurrency);
    expect(sink.mails.length).toBe(total + [...counts.values()].reduce((sum, n) => sum + n - 1, 0));
    process.stdout.write(
      `[mail-crash] ${atKill}/${total} emails accepted at kill -9 (${unsent} deliveries unsent); all ${total} sent after restart, ` +
        `${repeats} sent twice; ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  });
});
