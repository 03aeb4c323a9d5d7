import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { accessToken, builtApiEnv, builtApiMain, call, launchApi, stopApi, type Api } from '../support/built-api';
import { createDatabase, STRONG_PASSWORD } from '../support/test-app';

/**
 * Crash safety (issue 10): the BUILT API (dist/apps/api/main.js, which the `int` target builds first) as its
 * own process on a fresh database of the test cluster, a burst of concurrent bookings at distinct free slots,
 * `kill -9` in the middle of it, a restart on the same database. Whatever the kill interrupted, the database
 * must hold every booking that was answered 201, each with its `booked` history entry; no appointment
 * without history; no two slot-holding appointments of one doctor, or of one patient, overlapping.
 */
jest.setTimeout(240_000);

const BURST = 240;
/** The kill comes once this many bookings have been answered: the rest of the burst is still in flight. */
const KILL_AFTER = 60;
const ADMIN = { email: 'crash-admin@carebook.test', password: 'crash-admin-password-2026' };
const ZONE = 'Europe/London';

/** The invariants, straight from the tables: what must hold whatever a crash interrupted. */
async function invariantViolations(db: pg.Client): Promise<Record<string, unknown[]>> {
  const held = `('pending', 'confirmed')`;
  // One client, so one query at a time.
  const withoutHistory = await db.query(`select a.id from appointments a
    where not exists (select 1 from appointment_events e where e.appointment_id = a.id and e.event = 'booked')`);
  const overlaps = (who: 'doctor_id' | 'patient_id') =>
    db.query(`select a.id as a, b.id as b from appointments a join appointments b
      on a.${who} = b.${who} and a.id < b.id and tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)
      where a.status in ${held} and b.status in ${held}`);
  const doctorOverlaps = await overlaps('doctor_id');
  const patientOverlaps = await overlaps('patient_id');
  return { withoutHistory: withoutHistory.rows, doctorOverlaps: doctorOverlaps.rows, patientOverlaps: patientOverlaps.rows };
}

describe('crash safety: kill -9 during a burst of bookings, restart, nothing answered 201 is lost (built API, real PostgreSQL)', () => {
  const { root, main } = builtApiMain();
  const dataDir = mkdtempSync(join(tmpdir(), 'carebook-crash-'));
  const secret = randomBytes(32).toString('hex');
  let api: Api | undefined;
  let db: pg.Client;
  let env: Record<string, string>;

  beforeAll(async () => {
    const databaseUrl = await createDatabase();
    env = {
      ...builtApiEnv({ databaseUrl, dataDir, secret, admin: ADMIN }),
      CLINIC_TIMEZONE: ZONE,
    };
    db = new pg.Client({ connectionString: databaseUrl });
  });
  afterAll(async () => {
    await stopApi(api);
    await db?.end().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every 201 booking with its history and never double-books a doctor or a patient', async () => {
    const started = Date.now();
    api = await launchApi(main, root, env);
    await db.connect();

    // Doctors through the API (each registration hashes a password); patients straight into the table, many at once.
    const [{ id: adminId }] = (await db.query<{ id: string }>(`select id from users where email = $1`, [ADMIN.email])).rows;
    const adminToken = accessToken(secret, adminId, 'admin');
    const doctors: string[] = [];
    for (let i = 0; i < 4; i++) {
      const email = `crash.doctor${i}.${randomBytes(3).toString('hex')}@example.test`;
      const registered = await call(api, 'POST', '/api/auth/register', null, {
        email, password: STRONG_PASSWORD, fullName: `Dr Crash ${i}`, role: 'doctor', specialty: 'Cardiology', licenseNumber: `GMC-90${i}0000`,
      });
      expect(registered.status).toBe(201);
      const id = (registered.body as { user: { id: string } }).user.id;
      expect((await call(api, 'POST', `/api/admin/doctors/${id}/approve`, adminToken, {})).status).toBe(200);
      const weekly = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '12:00' }));
      const hours = await call(api, 'PUT', '/api/doctors/me/availability', accessToken(secret, id, 'doctor'), { slotMinutes: null, autoApprove: i % 2 === 0, weekly });
      expect(hours.status).toBe(200);
      doctors.push(id);
    }
    const patients = (
      await db.query<{ id: string; email: string }>(
        `insert into users (email, full_name, role, status, password_hash)
         select 'crash.patient' || n || '.' || $2 || '@example.test', 'Crash Patient ' || n, 'patient', 'active', 'never-signs-in'
         from generate_series(1, $1::int) n returning id, email`,
        [BURST + 2, randomBytes(3).toString('hex')],
      )
    ).rows;

    // Distinct free slots, interleaved across the doctors.
    const from = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const perDoctor = await Promise.all(
      doctors.map(async (doctorId) => {
        const res = await call(api as Api, 'GET', `/api/doctors/${doctorId}/slots?from=${from}&to=${to}`, null);
        expect(res.status).toBe(200);
        return (res.body as { startsAt: string }[]).map((s) => ({ doctorId, startsAt: s.startsAt }));
      }),
    );
    const slots = perDoctor.flatMap((list, d) => list.map((slot, i) => ({ slot, order: i * doctors.length + d }))).sort((a, b) => a.order - b.order).map((x) => x.slot);
    expect(slots.length).toBeGreaterThan(BURST + 1);

    // The burst: every booking at once; kill -9 once KILL_AFTER of them have been answered.
    const crashed = api;
    const answered: { status: number; id?: string; patientId: string }[] = [];
    const failed: string[] = [];
    let killedWithInFlight = -1;
    const booking = (k: number) => {
      const patient = patients[k];
      return fetch(`${crashed.base}/api/appointments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken(secret, patient.id, 'patient')}` },
        body: JSON.stringify({
          doctorId: slots[k].doctorId,
          startsAt: slots[k].startsAt,
          reason: 'Crash-safety booking',
          patientDetails: { fullName: `Crash Patient ${k}`, age: 40, gender: null, phone: null, email: patient.email },
        }),
      })
        .then(async (res) => {
          const body = (await res.json()) as { id?: string };
          answered.push({ status: res.status, id: body.id, patientId: patient.id });
          if (answered.length === KILL_AFTER && killedWithInFlight < 0) {
            killedWithInFlight = BURST - answered.length - failed.length;
            crashed.child.kill('SIGKILL');
          }
        })
        .catch((error: unknown) => void failed.push(String(error)));
    };
    await Promise.all(Array.from({ length: BURST }, (_, k) => booking(k)));
    const exit = await crashed.exited;
    expect(exit.signal).toBe('SIGKILL');
    // The kill really came mid-burst: requests were still in flight, and they never got an answer.
    expect(killedWithInFlight).toBeGreaterThan(0);
    expect(failed.length).toBeGreaterThan(0);
    const created = answered.filter((a) => a.status === 201);
    expect(answered.filter((a) => a.status !== 201)).toEqual([]);

    // Restart on the same database.
    api = await launchApi(main, root, env);

    const { rows } = await db.query<{ id: string; status: string; booked: number }>(
      `select a.id, a.status, (select count(*)::int from appointment_events e where e.appointment_id = a.id and e.event = 'booked') as booked
       from appointments a where a.id = any($1::uuid[])`,
      [created.map((c) => c.id)],
    );
    const found = new Map(rows.map((r) => [r.id, r]));
    expect(created.filter((c) => !c.id || found.get(c.id)?.booked !== 1)).toEqual([]);
    expect(rows.every((r) => r.status === 'pending' || r.status === 'confirmed')).toBe(true);
    expect(await invariantViolations(db)).toEqual({ withoutHistory: [], doctorOverlaps: [], patientOverlaps: [] });
    const [{ total }] = (await db.query<{ total: number }>(`select count(*)::int as total from appointments`)).rows;
    expect(total).toBeGreaterThanOrEqual(created.length);
    expect(total).toBeLessThanOrEqual(BURST);

    // The restarted API answers for what was booked before the crash, and still refuses a taken slot.
    const first = created[0];
    const detail = await call(api, 'GET', `/api/appointments/${first.id}`, accessToken(secret, first.patientId, 'patient'));
    expect(detail.status).toBe(200);
    expect((detail.body as { history: { event: string }[] }).history.map((h) => h.event)).toEqual(['booked']);
    const taken = await db.query<{ doctor_id: string; starts_at: Date }>(`select doctor_id, starts_at from appointments where id = $1`, [first.id]);
    const spare = patients[BURST];
    const again = await call(api, 'POST', '/api/appointments', accessToken(secret, spare.id, 'patient'), {
      doctorId: taken.rows[0].doctor_id, startsAt: taken.rows[0].starts_at.toISOString(), reason: 'After the crash',
      patientDetails: { fullName: 'Spare Patient', age: null, gender: null, phone: null, email: spare.email },
    });
    expect(again.status).toBe(409);
    const fresh = await call(api, 'POST', '/api/appointments', accessToken(secret, spare.id, 'patient'), {
      doctorId: slots[BURST].doctorId, startsAt: slots[BURST].startsAt, reason: 'After the crash',
      patientDetails: { fullName: 'Spare Patient', age: null, gender: null, phone: null, email: spare.email },
    });
    expect(fresh.status).toBe(201);
    process.stdout.write(
      `[crash-safety] ${created.length} bookings answered 201 before kill -9 with ${killedWithInFlight} in flight; ` +
        `${total} appointments in the database after restart; ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  });
});
