import { createTestApp, STRONG_PASSWORD, type TestApp } from '../support/test-app';
import { registerPatient, signIn, uniqueEmail } from '../support/accounts';

describe('auth (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  describe('POST /api/auth/register', () => {
    it('creates an active patient and never returns the password', async () => {
      const email = uniqueEmail();
      const res = await t.http
        .post('/api/auth/register')
        .send({ email, password: STRONG_PASSWORD, fullName: 'Ada Lovelace', role: 'patient' })
        .expect(201);
      expect(res.body).toEqual({
        user: { id: expect.any(String), email, fullName: 'Ada Lovelace', role: 'patient', status: 'active' },
      });
      expect(JSON.stringify(res.body)).not.toContain(STRONG_PASSWORD);
    });

    it('answers field-level messages for a bad body', async () => {
      const res = await t.http
        .post('/api/auth/register')
        .send({ email: 'not-an-email', password: 'short', fullName: 'A', role: 'admin', isAdmin: true })
        .expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'Validation failed' });
      const fields = (res.body.details as { field: string }[]).map((d) => d.field).sort();
      expect(fields).toEqual(['email', 'fullName', 'isAdmin', 'password', 'role']);
    });
  });

  describe('POST /api/auth/login', () => {
    it('gives the same 401 for an unknown email and a wrong password', async () => {
      const patient = await registerPatient(t);
      const unknown = await t.http.post('/api/auth/login').send({ email: uniqueEmail(), password: STRONG_PASSWORD });
      const wrong = await t.http.post('/api/auth/login').send({ email: patient.email, password: 'wrong-password-123' });
      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(401);
      expect(unknown.body.message).toBe(wrong.body.message);
    });

    it('signs in and the access token opens /api/auth/me', async () => {
      const patient = await registerPatient(t, { fullName: 'Grace Hopper' });
      const me = await t.http.get('/api/auth/me').set(patient.auth).expect(200);
      expect(me.body).toMatchObject({ id: patient.id, email: patient.email, fullName: 'Grace Hopper', role: 'patient' });
      const again = await signIn(t, patient.email.toUpperCase());
      expect(again.id).toBe(patient.id);
    });
  });
});
