import { createTestApp, type TestApp } from '../support/test-app';
import { registerPatient, signIn, signInAdmin } from '../support/accounts';

const METRICS_TOKEN = 'scraper-token-for-the-tests';

describe('operations (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN: METRICS_TOKEN });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('GET /api/health', () => {
    it('reports the process and the database up, without signing in', async () => {
      const res = await t.http.get('/api/health').expect(200);
      expect(res.body).toEqual({ status: 'ok', database: 'up', uptime: expect.any(Number) });
    });
  });

  describe('GET /api/metrics', () => {
    it('answers Prometheus text with request latency labelled by route pattern, not raw URL', async () => {
      const patient = await registerPatient(t);
      await signIn(t, patient.email);
      await t.http.post(`/api/admin/users/${patient.id}/suspend`).expect(401);

      const res = await t.http.get('/api/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toContain('# TYPE http_request_duration_seconds histogram');
      expect(res.text).toMatch(
        /http_request_duration_seconds_count\{[^}]*method="POST"[^}]*route="\/api\/auth\/login"[^}]*status="200"[^}]*\} [1-9]/,
      );
      expect(res.text).toContain('route="/api/admin/users/:id/suspend"');
      // an id in a label would make one series per user
      expect(res.text).not.toContain(patient.id);
      // default process metrics are there too
      expect(res.text).toContain('process_cpu_user_seconds_total');
    });
  });

  describe('GET /api/metrics refusals', () => {
    it('answers 401 to anonymous callers and to a wrong token, in the error shape', async () => {
      for (const headers of [{}, { Authorization: 'Bearer not-the-metrics-token' }]) {
        const res = await t.http.get('/api/metrics').set(headers).expect(401);
        expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
        expect(res.text).not.toContain('http_request_duration_seconds');
      }
    });

    it('answers 403 to a signed-in patient and 200 to an admin', async () => {
      const patient = await registerPatient(t);
      await t.http.get('/api/metrics').set(patient.auth).expect(403);
      const admin = await signInAdmin(t);
      const res = await t.http.get('/api/metrics').set(admin.auth).expect(200);
      expect(res.text).toContain('process_cpu_user_seconds_total');
    });
  });

  describe('GET /api/docs-json', () => {
    it('publishes the OpenAPI document with the auth and admin paths and bearer security', async () => {
      const res = await t.http.get('/api/docs-json').expect(200);
      const doc = res.body as {
        openapi: string;
        paths: Record<string, Record<string, { operationId?: string; security?: unknown[] }>>;
        components: { securitySchemes: Record<string, { type: string; scheme: string }> };
      };
      expect(doc.openapi).toMatch(/^3\./);
      for (const [path, verb] of [
        ['/api/auth/register', 'post'],
        ['/api/auth/login', 'post'],
        ['/api/auth/refresh', 'post'],
        ['/api/auth/logout', 'post'],
        ['/api/auth/me', 'get'],
        ['/api/admin/users', 'get'],
        ['/api/admin/doctors/{id}/approve', 'post'],
        ['/api/admin/doctors/{id}/reject', 'post'],
        ['/api/admin/users/{id}/suspend', 'post'],
        ['/api/admin/users/{id}/reactivate', 'post'],
        ['/api/health', 'get'],
        ['/api/metrics', 'get'],
      ]) {
        expect({ path, verb, documented: Boolean(doc.paths[path]?.[verb]) }).toEqual({ path, verb, documented: true });
      }
      expect(doc.paths['/api/auth/login']['post'].operationId).toBe('login');
      expect(Object.values(doc.components.securitySchemes)).toContainEqual(
        expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      );
      expect(doc.paths['/api/auth/me']['get'].security).toEqual(expect.arrayContaining([{ bearer: [] }]));
    });
  });

  describe('unknown routes', () => {
    it('answers 404 in the common error shape', async () => {
      const res = await t.http.get('/api/no-such-thing').expect(404);
      expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: expect.any(String) });
      const post = await t.http.post('/api/auth/no-such-thing').send({}).expect(404);
      expect(post.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    });
  });
});
