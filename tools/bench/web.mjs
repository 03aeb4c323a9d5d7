#!/usr/bin/env node
// Lighthouse (its default mobile profile: a mid-range phone on a slow 4G link, simulated throttling) on the built
// API serving the built portal in production mode, with the demo clinic, in Debian's Chromium: the performance score
// and the core metrics of the welcome page `/` and of `/sign-in`. Each page is measured BENCH_WEB_RUNS times (the
// median run by score is reported; Lighthouse varies from run to run, more so on a busy machine). The machine's
// load average is printed with the results, since a loaded CPU slows the simulated page too.
// Run through `npm run bench:web`, which builds the API and the portal first. Not part of `npm test`.
//
// Environment (all optional): BENCH_WEB_RUNS (3), CHROME_PATH (/usr/bin/chromium), BENCH_WEB_PAGES (comma-separated
// paths, default `/,/sign-in`), DATABASE_URL (that PostgreSQL instead of a throw-away embedded one; demo data is
// added only if it has no users besides admins).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { freePort, startEmbeddedPostgres } from '../../apps/api/src/database/embedded-postgres.ts';
import { API_MAIN, ROOT, startApi, stopApi, waitForHealth } from './api-process.mjs';
import { intEnv } from './common.mjs';

const RESULTS_DIR = join(import.meta.dirname, 'results');
const PORTAL_DIR = join(ROOT, 'dist/apps/portal/browser');
const RUNS = intEnv('BENCH_WEB_RUNS', 3);
const PAGES = (process.env['BENCH_WEB_PAGES'] ?? '/,/sign-in').split(',').map((p) => p.trim()).filter(Boolean);
const CHROME_PATH = process.env['CHROME_PATH']?.trim() || '/usr/bin/chromium';
// The flags the browser tests give Chromium (apps/portal-e2e/playwright.config.mts), headless.
const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const TARGET_SCORE = 90;

/** The metrics reported, by Lighthouse audit id. */
const METRICS = [
  { id: 'first-contentful-paint', label: 'FCP', unit: 'ms' },
  { id: 'largest-contentful-paint', label: 'LCP', unit: 'ms' },
  { id: 'total-blocking-time', label: 'TBT', unit: 'ms' },
  { id: 'cumulative-layout-shift', label: 'CLS', unit: '' },
  { id: 'speed-index', label: 'SI', unit: 'ms' },
  { id: 'total-byte-weight', label: 'bytes', unit: 'B' },
];

const log = (message) => process.stdout.write(`[bench:web] ${message}\n`);
const load = () => loadavg().map((n) => n.toFixed(2)).join(' / ');

function summary(lhr) {
  const metrics = {};
  for (const { id } of METRICS) {
    const value = lhr.audits[id]?.numericValue;
    metrics[id] = typeof value === 'number' ? Number(value.toFixed(id === 'cumulative-layout-shift' ? 3 : 0)) : null;
  }
  return { score: Math.round((lhr.categories.performance.score ?? 0) * 100), metrics, runWarnings: lhr.runWarnings ?? [] };
}

function format(id, value) {
  if (value === null || value === undefined) return '—';
  if (id === 'cumulative-layout-shift') return value.toFixed(3);
  if (id === 'total-byte-weight') return `${Math.round(value / 1024)} kB`;
  return value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${value} ms`;
}

async function main() {
  if (!existsSync(API_MAIN) || !existsSync(join(PORTAL_DIR, 'index.html'))) throw new Error('build the API and the portal first: npm run bench:web does');
  if (!existsSync(CHROME_PATH)) throw new Error(`no Chromium at ${CHROME_PATH} (apt-get install -y chromium, or set CHROME_PATH)`);
  const tmp = mkdtempSync(join(tmpdir(), 'carebook-bench-web-'));
  const cleanups = [() => rmSync(tmp, { recursive: true, force: true })];
  const cleanup = async () => {
    while (cleanups.length > 0) await Promise.resolve().then(cleanups.pop()).catch((e) => log(`cleanup: ${e?.message ?? e}`));
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  try {
    let databaseUrl = process.env['DATABASE_URL']?.trim();
    if (!databaseUrl) {
      const db = await startEmbeddedPostgres(join(tmp, 'postgres'), { database: 'carebook_bench_web', persistent: false });
      cleanups.push(() => db.stop());
      databaseUrl = db.url;
    }
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const api = startApi({
      port,
      databaseUrl,
      dataDir: join(tmp, 'data'),
      jwtSecret: randomBytes(32).toString('hex'),
      env: { PORTAL_DIR, SEED_DEMO: 'true', PUBLIC_URL: base },
    });
    cleanups.push(() => stopApi(api));
    await waitForHealth(base, api);
    log(`API with the demo clinic at ${base}; Chromium ${CHROME_PATH}; ${RUNS} run(s) per page; load average before: ${load()} (${cpus().length} cores)`);

    const chrome = await chromeLauncher.launch({ chromePath: CHROME_PATH, chromeFlags: CHROME_FLAGS, logLevel: 'silent' });
    cleanups.push(() => chrome.kill());

    mkdirSync(RESULTS_DIR, { recursive: true });
    const pages = [];
    const failed = [];
    for (const path of PAGES) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) {
        // Lighthouse's defaults: mobile form factor and screen, simulated slow 4G and 4× CPU slowdown.
        const result = await lighthouse(`${base}${path}`, { port: chrome.port, output: 'html', logLevel: 'error', onlyCategories: ['performance'] });
        if (!result) throw new Error(`Lighthouse gave no result for ${path}`);
        // A run Lighthouse could not finish (e.g. NO_FCP when the machine stalls) scores 0: counted apart, not averaged in.
        const failure = result.lhr.runtimeError;
        if (failure) {
          failed.push({ path, code: failure.code, message: failure.message });
          log(`${path} run ${i + 1}: failed (${failure.code}: ${failure.message})`);
          continue;
        }
        runs.push({ ...summary(result.lhr), report: result.report });
        log(`${path} run ${i + 1}: ${runs.at(-1).score}`);
      }
      if (runs.length === 0) throw new Error(`every Lighthouse run of ${path} failed`);
      const sorted = [...runs].sort((a, b) => a.score - b.score);
      // The lower median: with an even number of finished runs, the worse of the middle two.
      const median = sorted[Math.floor((sorted.length - 1) / 2)];
      const name = path === '/' ? 'home' : path.replace(/^\//, '').replace(/[^a-z0-9]+/gi, '-');
      writeFileSync(join(RESULTS_DIR, `web-${name}-latest.html`), String(median.report));
      pages.push({ path, score: median.score, scores: runs.map((r) => r.score), metrics: median.metrics, runWarnings: median.runWarnings });
    }

    const result = {
      at: new Date().toISOString(),
      lighthouse: 'mobile (default profile, simulated throttling)',
      chromium: CHROME_PATH,
      runsPerPage: RUNS,
      loadAverageAfter: loadavg().map((n) => Number(n.toFixed(2))),
      cores: cpus().length,
      pages,
      failedRuns: failed,
      met: pages.every((p) => p.score >= TARGET_SCORE),
    };
    writeFileSync(join(RESULTS_DIR, 'web-latest.json'), `${JSON.stringify(result, null, 2)}\n`);

    const header = ['page', 'score', ...METRICS.map((m) => m.label)];
    const rows = pages.map((p) => [p.path, `${p.score} (${p.scores.join(', ')})`, ...METRICS.map((m) => format(m.id, p.metrics[m.id]))]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
    process.stdout.write(`\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${rows.map(line).join('\n')}\n\n`);
    process.stdout.write(
      `Lighthouse ${TARGET_SCORE}+ on every page: ${result.met ? 'met' : 'MISSED'}. Score = median of ${RUNS} run(s) (the finished runs in brackets${failed.length ? `; ${failed.length} failed and left out` : ''}). ` +
        `Load average after: ${load()} on ${cpus().length} cores.\n`,
    );
    for (const p of pages) for (const warning of p.runWarnings) log(`${p.path}: ${warning}`);
    log(`results written to ${relative(ROOT, join(RESULTS_DIR, 'web-latest.json'))} and the median runs' reports beside it`);
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`[bench:web] failed: ${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
