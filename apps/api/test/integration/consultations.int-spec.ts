import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PresenceJob } from '../../src/modules/chat/chat.jobs';
import { createTestApp, type TestApp } from '../support/test-app';
import { approvedDoctor, registerDoctor, signInAdmin, type Session } from '../support/accounts';
import { registerPatients } from './appointment-fixtures';
import { bulkPatients, next, send, Sockets } from './chat-fixtures';

jest.setTimeout(240_000);

interface Consultation {
  id: string;
  status: 'waiting' | 'assigned' | 'ended' | 'left';
  reason: string;
  specialty: string | null;
  position?: number;
  estimatedWaitMinutes?: number | null;
  doctor?: { id: string; fullName: string };
  patient: { id: string; fullName: string };
  conversationId?: string;
}

describe('instant consultations (real port, real PostgreSQL)', () => {
  let t: TestApp;
  let sockets: Sockets;
  let db: pg.Client;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp();
    // 220 people sign in from 127.0.0.1 for the race; the sign-in limits have tests of their own.
    t.config.loginThrottle.maxPerIp = 1_000_000;
    sockets = new Sockets(t);
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    admin = await signInAdmin(t);
  });
  afterEach(async () => {
    sockets.closeAll();
    t.clock.reset();
    // each test starts with an empty queue and nobody available
    await db.query(`update consultations set status = 'ended', ended_at = now() where status in ('waiting', 'assigned')`);
    await db.query(`update consultation_doctors set available = false, available_since = null`);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const ask = async (patient: Session, body: Record<string, unknown> = { reason: 'A rash since yesterday' }) =>
    (await t.http.post('/api/consultations').set(patient.auth).send(body).expect(201)).body as Consultation;
  const available = (doctor: Session, on = true) => t.http.put('/api/consultations/availability').set(doctor.auth).send({ available: on }).expect(200);
  const current = async (user: Session) => {
    const res = await t.http.get('/api/consultations/current').set(user.auth);
    return res.status === 204 ? null : (res.body as Consultation);
  };

  it('queues a patient first come, first served with a position, assigns them when a doctor becomes available, and opens their conversation', async () => {
    const [first, second] = await registerPatients(t, 2);
    const doctor = await approvedDoctor(t, { fullName: 'Dr Now Available' });
    const firstSocket = await sockets.connect(first.accessToken);

    const a = await ask(first);
    expect(a).toMatchObject({ status: 'waiting', position: 1, estimatedWaitMinutes: null, reason: 'A rash since yesterday', specialty: null });
    const b = await ask(second, { reason: 'Sore throat', specialty: 'Cardiology' });
    expect(b).toMatchObject({ status: 'waiting', position: 2 });
    expect(await current(first)).toMatchObject({ id: a.id, status: 'waiting', position: 1 });
    await t.http.post('/api/consultations').set(first.auth).send({ reason: 'Again' }).expect(409);

    const assigned = next<Consultation>(firstSocket, 'consultation:updated', (c) => c.id === a.id && c.status === 'assigned');
    await available(doctor);
    const live = await assigned;
    expect(live).toMatchObject({ status: 'assigned', doctor: { id: doctor.id, fullName: 'Dr Now Available' } });
    expect(live.conversationId).toBeDefined();
    expect(await current(doctor)).toMatchObject({ id: a.id, status: 'assigned', patient: { id: first.id } });
    // the second patient is next now; the doctor is busy, so they wait
    expect(await current(second)).toMatchObject({ status: 'waiting', position: 1 });

    // the pair talks in their conversation, which the patient can now open too
    await send(t, first, live.conversationId as string, 'Hello doctor');
    const opened = await t.http.post('/api/conversations').set(first.auth).send({ participantId: doctor.id }).expect(200);
    expect(opened.body.id).toBe(live.conversationId);

    const queue = await t.http.get('/api/consultations/queue').set(admin.auth).expect(200);
    expect(queue.body.waiting).toEqual([{ id: b.id, position: 1, specialty: 'Cardiology', waitingSince: expect.any(String) }]);
    expect(queue.body.doctors).toEqual([{ id: doctor.id, fullName: 'Dr Now Available', specialty: 'Cardiology', busy: true }]);

    // ending assigns the next waiting patient who fits
    await t.http.post(`/api/consultations/${a.id}/end`).set(doctor.auth).expect(200);
    expect(await current(first)).toBeNull();
    expect(await current(second)).toMatchObject({ id: b.id, status: 'assigned', doctor: { id: doctor.id } });
    await t.http.post(`/api/consultations/${a.id}/end`).set(doctor.auth).expect(409);
  });

  it('lets a patient leave the queue, and refuses others’ consultations, wrong roles and bad input', async () => {
    const [patient, other] = await registerPatients(t, 2);
    const doctor = await approvedDoctor(t);
    const pending = await registerDoctor(t);
    const c = await ask(patient);
    await t.http.post(`/api/consultations/${c.id}/leave`).set(other.auth).expect(404);
    await t.http.post(`/api/consultations/${c.id}/end`).set(doctor.auth).expect(404);
    await t.http.post(`/api/consultations/${randomUUID()}/leave`).set(patient.auth).expect(404);
    const left = await t.http.post(`/api/consultations/${c.id}/leave`).set(patient.auth).expect(200);
    expect(left.body.status).toBe('left');
    await t.http.post(`/api/consultations/${c.id}/leave`).set(patient.auth).expect(409);
    expect(await current(patient)).toBeNull();

    await t.http.post('/api/consultations').set(doctor.auth).send({ reason: 'Me too' }).expect(403);
    await t.http.put('/api/consultations/availability').set(patient.auth).send({ available: true }).expect(403);
    await t.http.put('/api/consultations/availability').set(pending.auth).send({ available: true }).expect(403);
    await t.http.get('/api/consultations/queue').set(patient.auth).expect(403);
    await t.http.get('/api/consultations/current').set(admin.auth).expect(403);
    const short = await t.http.post('/api/consultations').set(patient.auth).send({ reason: 'x' }).expect(400);
    expect(short.body.details[0].field).toBe('reason');
    const unknown = await t.http.post('/api/consultations').set(patient.auth).send({ reason: 'A rash', specialty: 'Astrology' }).expect(400);
    expect(unknown.body.details).toEqual([{ field: 'specialty', message: 'must be one of the clinic’s specialties' }]);
    const notBool = await t.http.put('/api/consultations/availability').set(doctor.auth).send({ available: 'yes' }).expect(400);
    expect(notBool.body.details).toEqual([{ field: 'available', message: 'must be true or false' }]);
  });

  it('makes a doctor silent for 2 minutes unavailable, and a silent waiting patient leave the queue (injected clock)', async () => {
    const [patient, quiet] = await registerPatients(t, 2);
    const doctor = await approvedDoctor(t);
    const job = t.app.get(PresenceJob);
    t.clock.freeze(Date.now());
    await available(doctor);
    const busy = await ask(patient);
    expect(busy.status).toBe('assigned');
    const waiting = await ask(quiet);
    expect(waiting.status).toBe('waiting');

    const doctorSocket = await sockets.connect(doctor.accessToken);
    const patientSocket = await sockets.connect(quiet.accessToken);
    t.clock.advance(90_000);
    // the doctor's page beats; the waiting patient's does not
    expect(await doctorSocket.emitWithAck('presence:heartbeat')).toEqual({ ok: true });
    t.clock.advance(60_000);
    expect(await job.run()).toEqual({ doctors: 0, patients: 1 });
    expect(await current(quiet)).toBeNull();
    expect((await t.http.get('/api/consultations/availability').set(doctor.auth).expect(200)).body).toEqual({ available: true });

    // now the doctor falls silent too
    expect(await patientSocket.emitWithAck('presence:heartbeat')).toEqual({ ok: true });
    t.clock.advance(121_000);
    expect(await job.run()).toEqual({ doctors: 1, patients: 0 });
    expect((await t.http.get('/api/consultations/availability').set(doctor.auth).expect(200)).body).toEqual({ available: false });
    // the consultation in progress goes on
    expect(await current(patient)).toMatchObject({ id: busy.id, status: 'assigned' });
  });

  it('never gives one doctor two patients nor one patient two doctors: 20 doctors and 200 patients racing', async () => {
    const doctors: Session[] = [];
    for (let i = 0; i < 20; i += 5) doctors.push(...(await Promise.all([0, 1, 2, 3, 4].map((j) => registerDoctor(t, { fullName: `Dr Racer ${i + j}` })))));
    for (const doctor of doctors) await t.http.post(`/api/admin/doctors/${doctor.id}/approve`).set(admin.auth).expect(200);
    const patients = await bulkPatients(t, 200);
    // doctors switch on while patients ask, all at once
    const results = await Promise.all([
      ...patients.map((p, i) => ask(p, { reason: `Question number ${i}` })),
      ...doctors.map((d) => available(d)),
    ]);
    expect(results).toHaveLength(220);
    const { rows } = await db.query<{ doctor_id: string; patient_id: string }>(`select doctor_id, patient_id from consultations where status = 'assigned'`);
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((r) => r.doctor_id)).size).toBe(20);
    expect(new Set(rows.map((r) => r.patient_id)).size).toBe(20);
    const waiting = await db.query<{ n: string }>(`select count(*) as n from consultations where status = 'waiting'`);
    expect(Number(waiting.rows[0].n)).toBe(180);

    // each end assigns the next, still never two at once
    const assigned = await Promise.all(doctors.map(async (d) => (await current(d)) as Consultation));
    await Promise.all(assigned.map((c, i) => t.http.post(`/api/consultations/${c.id}/end`).set(doctors[i].auth).expect(200)));
    const after = await db.query<{ doctor_id: string; patient_id: string }>(`select doctor_id, patient_id from consultations where status = 'assigned'`);
    expect(after.rows).toHaveLength(20);
    expect(new Set(after.rows.map((r) => r.doctor_id)).size).toBe(20);
    const queue = await t.http.get('/api/consultations/queue').set(admin.auth).expect(200);
    expect(queue.body.waiting.map((w: { position: number }) => w.position)).toEqual(Array.from({ length: 160 }, (_, i) => i + 1));
  });

  it("puts the patient in the assigned doctor's care: their record opens to that doctor, and to no other", async () => {
    const [patient] = await registerPatients(t, 1);
    const doctor = await approvedDoctor(t, { fullName: 'Dr Record Reader' });
    const other = await approvedDoctor(t, { fullName: 'Dr Not Assigned' });
    await t.http.get(`/api/patients/${patient.id}`).set(doctor.auth).expect(404);

    await ask(patient);
    await available(doctor);
    expect(await current(patient)).toMatchObject({ status: 'assigned', doctor: { id: doctor.id } });

    const record = await t.http.get(`/api/patients/${patient.id}`).set(doctor.auth).expect(200);
    expect(record.body).toMatchObject({ id: patient.id });
    await t.http.get(`/api/patients/${patient.id}`).set(other.auth).expect(404);
    const mine = await t.http.get('/api/patients').set(doctor.auth).expect(200);
    expect(mine.body.items.map((p: { id: string }) => p.id)).toContain(patient.id);
  });
});
