import { jest } from '@jest/globals';
import pg from 'pg';
import { approvedDoctor, registerDoctor, registerPatient, signInAdmin, type Session } from '../support/accounts';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * GET /api/admin/stats against appointments written straight into the table (every status, on known days), so
 * each number the dashboard shows can be worked out by hand. The clinic is in Europe/London (UTC in January);
 * "today" is Wednesday 2031-01-15.
 */
jest.setTimeout(120_000);

describe('admin stats (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let db: pg.Client;
  let admin: Session;
  let cardiologist: Session;
  let dermatologist: Session;

  const at = (day: string, time: string) => `2031-01-${day}T${time}:00Z`;

  beforeAll(async () => {
    t = await createTestApp({ CLINIC_TIMEZONE: 'Europe/London' });
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    admin = await signInAdmin(t);
    cardiologist = await approvedDoctor(t, { fullName: 'Dr Ada Heart', specialty: 'Cardiology' });
    dermatologist = await approvedDoctor(t, { fullName: 'Dr Ben Skin', specialty: 'Dermatology', licenseNumber: 'GMC-7654321' });
    await registerDoctor(t, { fullName: 'Dr Pending Person', specialty: 'Neurology', licenseNumber: 'GMC-1112223' });
    const patient = await registerPatient(t);
    const rows: [Session, string, string][] = [
      [cardiologist, at('10', '09:00'), 'declined'],
      [cardiologist, at('13', '09:00'), 'completed'],
      [cardiologist, at('13', '10:00'), 'completed'],
      [dermatologist, at('13', '11:00'), 'no_show'],
      [dermatologist, at('14', '09:00'), 'completed'],
      [cardiologist, at('14', '10:00'), 'cancelled'],
      [cardiologist, at('15', '09:00'), 'completed'],
      [cardiologist, at('15', '13:00'), 'confirmed'],
      [dermatologist, at('15', '14:00'), 'pending'],
      // Outside the range asked for.
      [cardiologist, '2030-12-01T09:00:00Z', 'completed'],
      [dermatologist, '2031-01-17T09:00:00Z', 'confirmed'],
    ];
    for (const [doctor, startsAt, status] of rows) {
      await db.query(
        `insert into appointments (id, doctor_id, patient_id, starts_at, ends_at, status, reason, patient_full_name, patient_email)
         values (gen_random_uuid(), $1, $2, $3, $3::timestamptz + interval '30 minutes', $4, 'Check-up', 'Pat Patient', $5)`,
        [doctor.id, patient.id, startsAt, status, patient.email],
      );
    }
    t.clock.freeze(new Date('2031-01-15T12:00:00Z'));
  });

  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('counts accounts, appointments by status for the range, today and this week, day by day', async () => {
    const res = await t.http.get('/api/admin/stats').query({ from: '2031-01-10', to: '2031-01-16' }).set(admin.auth).expect(200);
    const zero = { pending: 0, confirmed: 0, declined: 0, cancelled: 0, completed: 0, no_show: 0 };
    expect(res.body.from).toBe('2031-01-10');
    expect(res.body.to).toBe('2031-01-16');
    expect(res.body.users).toEqual({ patients: 1, doctors: { active: 2, pending: 1, rejected: 0, suspended: 0 } });
    expect(res.body.appointments.byStatus).toEqual({ ...zero, declined: 1, completed: 4, no_show: 1, cancelled: 1, confirmed: 1, pending: 1 });
    expect(res.body.appointments.today).toEqual({ ...zero, completed: 1, confirmed: 1, pending: 1 });
    // Monday 13th to Sunday 19th: the 17th's appointment counts, the 10th's does not.
    expect(res.body.appointments.thisWeek).toEqual({ ...zero, completed: 4, no_show: 1, cancelled: 1, confirmed: 2, pending: 1 });
    expect(res.body.appointments.perDay).toEqual([
      { date: '2031-01-10', byStatus: { ...zero, declined: 1 } },
      { date: '2031-01-11', byStatus: zero },
      { date: '2031-01-12', byStatus: zero },
      { date: '2031-01-13', byStatus: { ...zero, completed: 2, no_show: 1 } },
      { date: '2031-01-14', byStatus: { ...zero, completed: 1, cancelled: 1 } },
      { date: '2031-01-15', byStatus: { ...zero, completed: 1, confirmed: 1, pending: 1 } },
      { date: '2031-01-16', byStatus: zero },
    ]);
    // One no-show out of five visits that were due.
    expect(res.body.appointments.noShowRate).toBeCloseTo(0.2);
  });

  it('ranks specialties by bookings and doctors by completed visits', async () => {
    const res = await t.http.get('/api/admin/stats').query({ from: '2031-01-10', to: '2031-01-16' }).set(admin.auth).expect(200);
    expect(res.body.bySpecialty).toEqual([
      { specialty: 'Cardiology', bookings: 6 },
      { specialty: 'Dermatology', bookings: 3 },
    ]);
    expect(res.body.topDoctors).toEqual([
      { id: cardiologist.id, fullName: 'Dr Ada Heart', specialty: 'Cardiology', completed: 3 },
      { id: dermatologist.id, fullName: 'Dr Ben Skin', specialty: 'Dermatology', completed: 1 },
    ]);
  });

  it('defaults to the 30 days up to today, and has no no-show rate when no visit was due', async () => {
    const res = await t.http.get('/api/admin/stats').set(admin.auth).expect(200);
    expect(res.body.from).toBe('2030-12-17');
    expect(res.body.to).toBe('2031-01-15');
    expect(res.body.appointments.perDay).toHaveLength(30);
    const quiet = await t.http.get('/api/admin/stats').query({ from: '2031-02-01', to: '2031-02-02' }).set(admin.auth).expect(200);
    expect(quiet.body.appointments.noShowRate).toBeNull();
    expect(quiet.body.topDoctors).toEqual([]);
  });

  it('refuses a reversed range, one over a year, and a malformed date with 400 on the field', async () => {
    const reversed = await t.http.get('/api/admin/stats').query({ from: '2031-01-20', to: '2031-01-10' }).set(admin.auth).expect(400);
    expect(JSON.stringify(reversed.body)).toContain('from');
    const long = await t.http.get('/api/admin/stats').query({ from: '2029-01-01', to: '2031-01-10' }).set(admin.auth).expect(400);
    expect(JSON.stringify(long.body)).toContain('366');
    const bad = await t.http.get('/api/admin/stats').query({ to: '2031-13-45' }).set(admin.auth).expect(400);
    expect(JSON.stringify(bad.body)).toContain('to');
  });

  it('is for admins only', async () => {
    await t.http.get('/api/admin/stats').expect(401);
    await t.http.get('/api/admin/stats').set(cardiologist.auth).expect(403);
  });
});
