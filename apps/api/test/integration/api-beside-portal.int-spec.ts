import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * The production shape: the API also serves the built portal (whose static-file error handler would turn
 * any error on an /api route into "404 Cannot POST …"), and /api keeps answering as an API. Serving the
 * portal's pages themselves is covered by the Playwright journeys against the production build.
 */
describe('serving the portal beside the API (HTTP, real PostgreSQL)', () => {
  let t: TestApp;

  beforeAll(async () => {
    const portal = mkdtempSync(join(tmpdir(), 'carebook-portal-'));
    writeFileSync(join(portal, 'index.html'), '<!doctype html><title>Carebook</title><cb-root></cb-root>');
    t = await createTestApp({ PORTAL_DIR: portal });
  });

  afterAll(() => t.close());

  it('answers a malformed or non-object JSON body with 400, not the portal’s 404', async () => {
    for (const body of ['{"email": "broken@example.test", "password": ', 'null', '"text"']) {
      const res = await t.http.post('/api/auth/login').set('Content-Type', 'application/json').send(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'Malformed request body' });
    }
  });

  it('answers an oversized body with 413', async () => {
    const res = await t.http
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ email: 'a@example.test', password: 'x'.repeat(2 * 1024 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, message: 'Request body too large' });
  });

  it('answers unknown API routes with a JSON 404, never the portal', async () => {
    const res = await t.http.get('/api/no-such-thing').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });
});
