import { JwtService } from '@nestjs/jwt';
import { request as httpRequest } from 'node:http';
import { io } from 'socket.io-client';
import { createTestApp, type TestApp } from '../support/test-app';
import { registerPatient, signInAdmin } from '../support/accounts';

/** Client input that used to become a 500 answers 4xx in the API.md error shape (issue 10). */
describe('hardening: malformed input is a 4xx, never a 500 (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const errorShape = (status: number) => expect.objectContaining({ statusCode: status, error: expect.any(String), message: expect.any(String) });

  it('refuses JSON nested 5,000 levels deep before validation, naming the field', async () => {
    const deep = `${'['.repeat(5_000)}"x"${']'.repeat(5_000)}`;
    const res = await t.http
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(`{"email":"a@example.org","password":${deep}}`)
      .expect(400);
    expect(res.body).toEqual(errorShape(400));
    expect(res.body.details[0]).toEqual({ field: expect.stringMatching(/^password/), message: 'must not be nested more than 32 levels deep' });
  });

  it.each([
    ['login', '/api/auth/login', { email: '\ud800@example.org', password: 'whatever-password' }],
    ['register', '/api/auth/register', { email: '\ud800@example.org', password: 'Tulip-Orbit-Canvas-42', fullName: 'Ada', role: 'patient' }],
  ])('refuses a lone surrogate in the %s email with a field message', async (_name, path, body) => {
    const res = await t.http.post(path).set('Content-Type', 'application/json').send(JSON.stringify(body)).expect(400);
    expect(res.body.details).toEqual([{ field: 'email', message: 'must be well-formed Unicode text' }]);
  });

  it('refuses ill-formed text where PostgreSQL would have broken on it (holiday name, clinic name)', async () => {
    const admin = await signInAdmin(t);
    const holiday = await t.http
      .post('/api/admin/holidays')
      .set(admin.auth)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ date: '2031-05-01', name: 'May \udc00 Day' }))
      .expect(400);
    expect(holiday.body.details).toEqual([{ field: 'name', message: 'must be well-formed Unicode text' }]);
    const settings = (await t.http.get('/api/admin/settings').set(admin.auth).expect(200)).body as Record<string, unknown>;
    const { clinicName: _old, updatedAt: _u, updatedBy: _b, ...rest } = settings;
    const renamed = await t.http
      .put('/api/admin/settings')
      .set(admin.auth)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...rest, clinicName: 'Clinic \ud83d' }));
    expect(renamed.status).toBe(400);
    expect(renamed.body.details).toContainEqual({ field: 'clinicName', message: 'must be well-formed Unicode text' });
  });

  it.each(['461168601842738790', '1e20'])('refuses page=%s instead of overflowing the offset', async (page) => {
    const admin = await signInAdmin(t);
    const res = await t.http.get(`/api/admin/users?page=${page}`).set(admin.auth).expect(400);
    expect(res.body.details).toEqual([{ field: 'page', message: expect.stringContaining('must not be greater than') }]);
  });

  describe('access tokens', () => {
    const sign = (payload: object, options: { expiresIn?: number } = { expiresIn: 60 }) =>
      new JwtService({ secret: t.config.jwtSecret }).signAsync(payload, { algorithm: 'HS256', ...options });

    it('answers 401 to a validly signed token whose subject is not an account id', async () => {
      const token = await sign({ sub: 'not-a-uuid', role: 'admin' });
      const res = await t.http.get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
      expect(res.body).toEqual(errorShape(401));
    });

    it('refuses a validly signed token that never expires', async () => {
      const patient = await registerPatient(t);
      const forever = await sign({ sub: patient.id, role: 'patient', ver: 0 }, {});
      await t.http.get('/api/auth/me').set('Authorization', `Bearer ${forever}`).expect(401);
      const expiring = await sign({ sub: patient.id, role: 'patient', ver: 0 });
      await t.http.get('/api/auth/me').set('Authorization', `Bearer ${expiring}`).expect(200);
    });

    it('refuses such a socket with a bare "unauthorized", never a database message', async () => {
      const token = await sign({ sub: "x'; select 1 --", role: 'patient' });
      const socket = io(t.url, { auth: { token }, transports: ['websocket'], reconnection: false });
      const message = await new Promise<string>((resolve) => socket.on('connect_error', (error) => resolve(error.message)));
      socket.close();
      expect(message).toBe('unauthorized');
    });
  });

  it('answers a 50 KB query string in the error shape', async () => {
    const { port } = new URL(t.url);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: `/api/doctors?q=${'a'.repeat(50_000)}` }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.body)).toEqual(errorShape(431));
  });

  it('believes no X-Forwarded-For by default: a forged address does not buy a fresh sign-in bucket', async () => {
    const victim = await registerPatient(t);
    const guess = (i: number) =>
      t.http.post('/api/auth/login').set('X-Forwarded-For', `203.0.113.${i + 1}`).send({ email: victim.email, password: `wrong-password-${i}` });
    for (let i = 0; i < t.config.loginThrottle.maxPerPair; i++) await guess(i).expect(401);
    // every "address" was the same real one, so the guesser is stopped as one
    const res = await guess(99).expect(429);
    expect(res.body).toEqual(errorShape(429));
  });
});
