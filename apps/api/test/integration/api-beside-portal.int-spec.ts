import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { createTestApp, type TestApp } from '../support/test-app';
import { COMPRESSION_THRESHOLD_BYTES } from '../../src/app.setup';

/**
 * The production shape: the API also serves the built portal (whose static-file error handler would turn
 * any error on an /api route into "404 Cannot POST …"), and /api keeps answering as an API. Serving the
 * portal's pages themselves is covered by the Playwright journeys against the production build.
 */
describe('serving the portal beside the API (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  const script = `console.log(${JSON.stringify('x'.repeat(4000))});`;
  const inlineScript = "document.documentElement.classList.add('cb-returning');";

  beforeAll(async () => {
    const portal = mkdtempSync(join(tmpdir(), 'carebook-portal-'));
    // What the portal's build writes: `/` prerendered, and the empty page the browser fills in for every other path.
    writeFileSync(
      join(portal, 'index.html'),
      `<!doctype html><title>Welcome · Carebook</title><script>${inlineScript}</script><cb-root><h1>Carebook</h1></cb-root>`,
    );
    writeFileSync(join(portal, 'index.csr.html'), '<!doctype html><title>Carebook</title><cb-root></cb-root>');
    // What tools/scripts/precompress.mjs leaves beside a hashed script.
    writeFileSync(join(portal, 'main-ABCD1234.js'), script);
    writeFileSync(join(portal, 'main-ABCD1234.js.br'), brotliCompressSync(script));
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

  it('sends the precompressed Brotli copy of a hashed file, cached for a year', async () => {
    const res = await t.http.get('/main-ABCD1234.js').set('Accept-Encoding', 'br, gzip').expect(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['vary']).toMatch(/Accept-Encoding/);
  });

  it('sends the plain file to a client that takes no compression', async () => {
    const res = await t.http.get('/main-ABCD1234.js').set('Accept-Encoding', 'identity').expect(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.text).toBe(script);
  });

  it('serves the prerendered welcome page for / and the empty app page for every other page path, both revalidated', async () => {
    const home = await t.http.get('/').expect(200);
    expect(home.text).toContain('<h1>Carebook</h1>');
    // The page's own inline script is allowed by its hash, and no other inline script is.
    const hash = `'sha256-${createHash('sha256').update(inlineScript).digest('base64')}'`;
    const scriptSrc = /script-src ([^;]*)/.exec(String(home.headers['content-security-policy']))?.[1];
    expect(scriptSrc).toBe(`'self' ${hash}`);
    expect(home.headers['content-type']).toMatch(/^text\/html/);
    expect(home.headers['cache-control']).toBe('no-cache');
    expect(home.headers['etag']).toBeTruthy();
    for (const path of ['/admin/system', '/sign-in', '/doctors']) {
      const page = await t.http.get(path).expect(200);
      expect({ path, text: page.text }).toEqual({ path, text: '<!doctype html><title>Carebook</title><cb-root></cb-root>' });
      expect(page.headers['cache-control']).toBe('no-cache');
    }
    await t.http.get('/').set('If-None-Match', String(home.headers['etag'])).expect(304);
    await t.http.get('/missing-file.js').expect(404);
  });

  it('compresses API answers of 4 kB or more for clients that accept it, and sends small ones as they are', async () => {
    const res = await t.http.get('/api/docs-json').set('Accept-Encoding', 'gzip').expect(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.body).toHaveProperty('openapi');
    // An unknown route's 404 names the path asked for: a long path makes an answer between the two thresholds.
    const small = await t.http.get(`/api/${'missing-'.repeat(250)}`).set('Accept-Encoding', 'gzip').expect(404);
    expect(small.headers['content-encoding']).toBeUndefined();
    // above compression's default threshold (1 kB), below this one
    expect(Buffer.byteLength(small.text)).toBeGreaterThan(1024);
    expect(Buffer.byteLength(small.text)).toBeLessThan(COMPRESSION_THRESHOLD_BYTES);
    expect(small.body).toMatchObject({ statusCode: 404 });
  });
});
