import { expect, test } from '@playwright/test';
import { measureFirstLoad } from './support/first-load';

// The budget for a visitor's first load of / : HTML, scripts, styles and the fonts they pull.
const BUDGET = 350 * 1024;

test('a visitor’s first load of / stays within 350 kB, compressed and cacheable', async ({ page, request }) => {
  const load = await measureFirstLoad(page, '/', (p) => p.getByRole('heading', { level: 1 }));
  const report = load.requests.map((r) => `${(r.bytes / 1024).toFixed(1).padStart(7)} kB ${r.encoding ?? '-'} ${r.url}`).join('\n');
  test.info().annotations.push({ type: 'first load', description: `${(load.transferred / 1024).toFixed(1)} kB\n${report}` });
  console.log(`first load of /: ${(load.transferred / 1024).toFixed(1)} kB\n${report}`);
  expect(load.transferred).toBeLessThanOrEqual(BUDGET);
  // Scripts and styles arrive compressed (all but the few hundred bytes where compressing gains nothing).
  for (const r of load.requests.filter((x) => /\.(js|css)$/.test(new URL(x.url).pathname) && x.bytes > 2048)) {
    expect({ url: r.url, encoding: r.encoding }).toEqual({ url: r.url, encoding: 'br' });
  }
  // Hashed files are cached for good; index.html is asked about again.
  const script = load.requests.find((r) => /\/main-[A-Za-z0-9]+\.js$/.test(r.url));
  expect(script).toBeDefined();
  const scriptRes = await request.get(script?.url ?? '');
  expect(scriptRes.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect((await request.get('/')).headers()['cache-control']).toBe('no-cache');
});
