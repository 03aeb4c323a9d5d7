import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ADMIN, createTestApp, STRONG_PASSWORD, type TestApp } from '../support/test-app';
import {
  approvedDoctor,
  registerDoctor,
  registerPatient,
  signIn,
  signInAdmin,
  uniqueEmail,
  type Session,
} from '../support/accounts';

interface AuditRow {
  actor_id: string;
  action: string;
  target_type: string;
  target_id: string;
  details: Record<string, unknown> | null;
}

/** A word no other test uses, to find this test's users with `q`. */
function uniqueWord(): string {
  return `Zq${randomBytes(4).toString('hex')}`;
}

describe('admin users (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let db: pg.Client;
  beforeAll(async () => {
    t = await createTestApp();
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  async function auditFor(targetId: string): Promise<AuditRow[]> {
    const { rows } = await db.query<AuditRow>(
      'select actor_id, action, target_type, target_id, details from audit_log where target_id = $1 order by created_at, id',
      [targetId],
    );
    return rows;
  }

  describe('GET /api/admin/users', () => {
    it('filters by text (name or email), role and status, newest first', async () => {
      const admin = await signInAdmin(t);
      const word = uniqueWord();
      const patient = await registerPatient(t, { fullName: `Pat ${word}` });
      const pending = await registerDoctor(t, { fullName: `Dr ${word} Pending` });
      const active = await approvedDoctor(t); // without the word: never listed below
      // this one carries the word in the email instead of the name
      const byEmail = await registerPatient(t, { email: uniqueEmail(word.toLowerCase()) });

      const all = await t.http.get('/api/admin/users').query({ q: word }).set(admin.auth).expect(200);
      expect(all.body.total).toBe(3);
      expect(all.body.items.map((u: { id: string }) => u.id)).toEqual([byEmail.id, pending.id, patient.id]);
      expect(all.body.items).not.toContainEqual(expect.objectContaining({ id: active.id }));

      const doctors = await t.http.get('/api/admin/users').query({ q: word, role: 'doctor' }).set(admin.auth).expect(200);
      expect(doctors.body).toEqual({
        total: 1,
        items: [
          expect.objectContaining({
            id: pending.id,
            role: 'doctor',
            status: 'pending',
            specialty: 'Cardiology',
            licenseNumber: 'GMC-1234567',
          }),
        ],
      });
      expect(doctors.body.items[0]).not.toHaveProperty('passwordHash');

      const patients = await t.http
        .get('/api/admin/users')
        .query({ q: word.toUpperCase(), role: 'patient', status: 'active' })
        .set(admin.auth)
        .expect(200);
      expect(patients.body.total).toBe(2);
      expect(patients.body.items.every((u: { role: string; specialty: unknown }) => u.role === 'patient' && u.specialty === null)).toBe(true);

      const pendingDoctors = await t.http.get('/api/admin/users').query({ status: 'pending' }).set(admin.auth).expect(200);
      expect(pendingDoctors.body.items.map((u: { id: string }) => u.id)).toContain(pending.id);
      expect(pendingDoctors.body.items.every((u: { status: string }) => u.status === 'pending')).toBe(true);
      expect(pendingDoctors.body.items.map((u: { id: string }) => u.id)).not.toContain(active.id);

      const admins = await t.http.get('/api/admin/users').query({ role: 'admin' }).set(admin.auth).expect(200);
      expect(admins.body.items).toContainEqual(expect.objectContaining({ email: ADMIN.email, role: 'admin' }));
    });

    it('treats % and _ in q as plain characters', async () => {
      const admin = await signInAdmin(t);
      await registerPatient(t, { fullName: `Plain ${uniqueWord()}` });
      const res = await t.http.get('/api/admin/users').query({ q: '%' }).set(admin.auth).expect(200);
      expect(res.body).toEqual({ items: [], total: 0 });
    });

    it('pages with page and pageSize, reporting the total', async () => {
      const admin = await signInAdmin(t);
      const word = uniqueWord();
      const created: Session[] = [];
      for (let i = 0; i < 3; i++) created.push(await registerPatient(t, { fullName: `Page ${word} ${i}` }));

      const first = await t.http.get('/api/admin/users').query({ q: word, pageSize: 2 }).set(admin.auth).expect(200);
      const second = await t.http
        .get('/api/admin/users')
        .query({ q: word, pageSize: 2, page: 2 })
        .set(admin.auth)
        .expect(200);
      const beyond = await t.http
        .get('/api/admin/users')
        .query({ q: word, pageSize: 2, page: 3 })
        .set(admin.auth)
        .expect(200);
      expect(first.body.total).toBe(3);
      expect(second.body.total).toBe(3);
      expect(first.body.items).toHaveLength(2);
      expect(second.body.items).toHaveLength(1);
      expect(beyond.body).toEqual({ items: [], total: 3 });
      const seen = [...first.body.items, ...second.body.items].map((u: { id: string }) => u.id);
      expect(seen.sort()).toEqual(created.map((s) => s.id).sort());
    });

    it('answers 400 per field for bad paging and filters', async () => {
      const admin = await signInAdmin(t);
      const cases: [Record<string, string | number>, string][] = [
        [{ pageSize: 101 }, 'pageSize'],
        [{ pageSize: 0 }, 'pageSize'],
        [{ page: 0 }, 'page'],
        [{ page: 'two' }, 'page'],
        [{ role: 'superuser' }, 'role'],
        [{ status: 'sleeping' }, 'status'],
        [{ q: 'x'.repeat(101) }, 'q'],
      ];
      for (const [query, field] of cases) {
        const res = await t.http.get('/api/admin/users').query(query).set(admin.auth);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'Validation failed' });
        expect(res.body.details).toEqual([{ field, message: expect.any(String) }]);
      }
    });
  });

  describe('POST /api/admin/doctors/:id/approve', () => {
    it('makes a pending doctor active; the doctor then signs in as active', async () => {
      const admin = await signInAdmin(t);
      const doctor = await registerDoctor(t);
      const res = await t.http.post(`/api/admin/doctors/${doctor.id}/approve`).set(admin.auth).expect(200);
      expect(res.body).toMatchObject({ id: doctor.id, role: 'doctor', status: 'active', statusReason: null, specialty: 'Cardiology' });

      const login = await t.http.post('/api/auth/login').send({ email: doctor.email, password: STRONG_PASSWORD }).expect(200);
      expect(login.body.user).toMatchObject({ id: doctor.id, status: 'active' });

      expect(await auditFor(doctor.id)).toEqual([
        {
          actor_id: admin.id,
          action: 'user.approve',
          target_type: 'user',
          target_id: doctor.id,
          details: { from: 'pending', to: 'active' },
        },
      ]);
    });

    it('answers 404 for a patient, an unknown id and a non-uuid id', async () => {
      const admin = await signInAdmin(t);
      const patient = await registerPatient(t);
      for (const id of [patient.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid', '1']) {
        const res = await t.http.post(`/api/admin/doctors/${id}/approve`).set(admin.auth);
        expect({ id, status: res.status }).toEqual({ id, status: 404 });
        expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
      }
      const me = await t.http.get('/api/auth/me').set(patient.auth).expect(200);
      expect(me.body.status).toBe('active');
      expect(await auditFor(patient.id)).toEqual([]);
    });

    it('answers 409 for a doctor who is already active', async () => {
      const admin = await signInAdmin(t);
      const doctor = await approvedDoctor(t);
      const res = await t.http.post(`/api/admin/doctors/${doctor.id}/approve`).set(admin.auth).expect(409);
      expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict', message: expect.any(String) });
      expect((await auditFor(doctor.id)).map((r) => r.action)).toEqual(['user.approve']);
    });
  });

  describe('POST /api/admin/doctors/:id/reject', () => {
    it('rejects with a reason: the doctor is refused at sign-in with that reason, and their session ends', async () => {
      const admin = await signInAdmin(t);
      const doctor = await registerDoctor(t);
      const reason = 'Licence number could not be verified';
      const res = await t.http
        .post(`/api/admin/doctors/${doctor.id}/reject`)
        .set(admin.auth)
        .send({ reason: `  ${reason} ` })
        .expect(200);
      expect(res.body).toMatchObject({ id: doctor.id, status: 'rejected', statusReason: reason });

      const login = await t.http.post('/api/auth/login').send({ email: doctor.email, password: STRONG_PASSWORD }).expect(403);
      expect(login.body.message).toContain(reason);
      await t.http.post('/api/auth/refresh').send({ refreshToken: doctor.refreshToken }).expect(401);
      await t.http.get('/api/auth/me').set(doctor.auth).expect(401);

      const listed = await t.http.get('/api/admin/users').query({ q: doctor.email }).set(admin.auth).expect(200);
      expect(listed.body.items).toEqual([expect.objectContaining({ id: doctor.id, status: 'rejected', statusReason: reason })]);

      expect(await auditFor(doctor.id)).toEqual([
        {
          actor_id: admin.id,
          action: 'user.reject',
          target_type: 'user',
          target_id: doctor.id,
          details: { from: 'pending', to: 'rejected', reason },
        },
      ]);
    });

    it('a rejected application can later be approved', async () => {
      const admin = await signInAdmin(t);
      const doctor = await registerDoctor(t);
      await t.http.post(`/api/admin/doctors/${doctor.id}/reject`).set(admin.auth).send({ reason: 'Missing documents' }).expect(200);
      const res = await t.http.post(`/api/admin/doctors/${doctor.id}/approve`).set(admin.auth).expect(200);
      expect(res.body).toMatchObject({ status: 'active', statusReason: null });
      await signIn(t, doctor.email);
    });

    it('answers 409 for an already active doctor and 400 for an overlong reason', async () => {
      const admin = await signInAdmin(t);
      const active = await approvedDoctor(t);
      await t.http.post(`/api/admin/doctors/${active.id}/reject`).set(admin.auth).send({}).expect(409);

      const pending = await registerDoctor(t);
      const res = await t.http
        .post(`/api/admin/doctors/${pending.id}/reject`)
        .set(admin.auth)
        .send({ reason: 'x'.repeat(501) })
        .expect(400);
      expect(res.body.details).toEqual([{ field: 'reason', message: expect.any(String) }]);
      const me = await t.http.get('/api/auth/me').set(pending.auth).expect(200);
      expect(me.body.status).toBe('pending');
    });
  });

  describe('POST /api/admin/users/:id/suspend and /reactivate', () => {
    it('round trip: suspended users are locked out at once, reactivated ones can sign in again', async () => {
      const admin = await signInAdmin(t);
      const patient = await registerPatient(t);

      const suspended = await t.http
        .post(`/api/admin/users/${patient.id}/suspend`)
        .set(admin.auth)
        .send({ reason: 'Abusive messages' })
        .expect(200);
      expect(suspended.body).toMatchObject({ id: patient.id, status: 'suspended', statusReason: 'Abusive messages' });
      await t.http.get('/api/auth/me').set(patient.auth).expect(401);
      await t.http.post('/api/auth/refresh').send({ refreshToken: patient.refreshToken }).expect(401);
      const refused = await t.http.post('/api/auth/login').send({ email: patient.email, password: STRONG_PASSWORD }).expect(403);
      expect(refused.body.message).toContain('Abusive messages');

      // suspending twice is a state conflict
      await t.http.post(`/api/admin/users/${patient.id}/suspend`).set(admin.auth).send({}).expect(409);

      const reactivated = await t.http.post(`/api/admin/users/${patient.id}/reactivate`).set(admin.auth).expect(200);
      expect(reactivated.body).toMatchObject({ id: patient.id, status: 'active', statusReason: null });
      const again = await signIn(t, patient.email);
      await t.http.get('/api/auth/me').set(again.auth).expect(200);

      // reactivating an active account is a state conflict
      await t.http.post(`/api/admin/users/${patient.id}/reactivate`).set(admin.auth).expect(409);

      const rows = await auditFor(patient.id);
      expect(rows.map((r) => [r.actor_id, r.action, r.details])).toEqual([
        [admin.id, 'user.suspend', { from: 'active', to: 'suspended', reason: 'Abusive messages' }],
        [admin.id, 'user.reactivate', { from: 'suspended', to: 'active' }],
      ]);
    });

    it('suspends doctors too', async () => {
      const admin = await signInAdmin(t);
      const doctor = await approvedDoctor(t);
      const res = await t.http.post(`/api/admin/users/${doctor.id}/suspend`).set(admin.auth).send({}).expect(200);
      expect(res.body).toMatchObject({ status: 'suspended', statusReason: null, specialty: 'Cardiology' });
      await t.http.get('/api/auth/me').set(doctor.auth).expect(401);
    });

    it('will not let an admin suspend their own account', async () => {
      const admin = await signInAdmin(t);
      const res = await t.http.post(`/api/admin/users/${admin.id}/suspend`).set(admin.auth).send({}).expect(409);
      expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict', message: expect.stringMatching(/own account/) });
      await t.http.get('/api/auth/me').set(admin.auth).expect(200);
      expect(await auditFor(admin.id)).toEqual([]);
    });

    it('answers 404 for unknown and non-uuid ids', async () => {
      const admin = await signInAdmin(t);
      for (const path of [
        '/api/admin/users/00000000-0000-4000-8000-000000000000/suspend',
        '/api/admin/users/12345/suspend',
        '/api/admin/users/00000000-0000-4000-8000-000000000000/reactivate',
        '/api/admin/users/nope/reactivate',
        '/api/admin/doctors/nope/reject',
      ]) {
        const res = await t.http.post(path).set(admin.auth).send({});
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
        expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
      }
    });
  });

  describe('refusals', () => {
    const endpoints = (id: string): [string, string][] => [
      ['get', '/api/admin/users'],
      ['post', `/api/admin/doctors/${id}/approve`],
      ['post', `/api/admin/doctors/${id}/reject`],
      ['post', `/api/admin/users/${id}/suspend`],
      ['post', `/api/admin/users/${id}/reactivate`],
    ];

    async function statuses(auth: Record<string, string>, id: string): Promise<[string, number][]> {
      const result: [string, number][] = [];
      for (const [method, path] of endpoints(id)) {
        const req = method === 'get' ? t.http.get(path) : t.http.post(path).send({});
        const res = await req.set(auth);
        result.push([`${method} ${path}`, res.status]);
        if (res.status !== 200) expect(res.body).toMatchObject({ statusCode: res.status, message: expect.any(String) });
      }
      return result;
    }

    it('answers 401 to anonymous callers, 403 to patients and doctors, on every admin endpoint, changing nothing', async () => {
      const target = await registerDoctor(t);
      const patient = await registerPatient(t);
      const doctor = await approvedDoctor(t);

      const expectAll = (list: [string, number][], status: number) =>
        expect(list).toEqual(list.map(([route]) => [route, status]));

      expectAll(await statuses({}, target.id), 401);
      expectAll(await statuses(patient.auth, target.id), 403);
      expectAll(await statuses(doctor.auth, target.id), 403);
      // a doctor may not act on their own account either
      expectAll(await statuses(doctor.auth, doctor.id), 403);

      const me = await t.http.get('/api/auth/me').set(target.auth).expect(200);
      expect(me.body.status).toBe('pending');
      expect(await auditFor(target.id)).toEqual([]);
    });
  });
});
