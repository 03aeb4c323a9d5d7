#!/usr/bin/env node
// Imports a generated 100,000-row patient list through POST /api/admin/imports/patients on the built API
// (dist/apps/api/main.js) and reports how long it took and the API process's peak resident memory.
// Run through `npm run bench:import`, which builds the API first. Not part of `npm test`.
//
// The file is what a clinic's export looks like at its worst: UTF-8 with a BOM, CRLF line ends, quoted names
// with commas, 2 % invalid rows (bad email, phone, date, gender, a missing field) and 1 % emails repeated from
// earlier rows. Targets: done in under 60 s, peak RSS under 300 MB.
//
// Then it waits for the invitations to be sent (the same process sends them) and reports that process's peak
// until then as well.
//
// Environment (all optional): BENCH_IMPORT_ROWS (100000), DATABASE_URL (use that PostgreSQL instead of a
// throw-away embedded one; it gets the imported patients, emails @import.bench.carebook.test), BENCH_NODE_ARGS
// (options for the API's node, space-separated, e.g. --max-semi-space-size=16).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { freePort, startEmbeddedPostgres } from '../../apps/api/src/database/embedded-postgres.ts';
import { API_MAIN, ROOT, startApi, stopApi, waitForHealth } from './api-process.mjs';
import { cpuMeter } from './cpu.mjs';
import { prng } from './common.mjs';

const RESULTS_DIR = join(import.meta.dirname, 'results');
const ROWS = Number(process.env['BENCH_IMPORT_ROWS'] ?? 100_000);
const TARGET_SECONDS = 60;
const TARGET_RSS_MB = 300;
const ADMIN = { email: 'import-bench-admin@import.bench.carebook.test', password: 'Import-Bench-Admin-Password-42' };
const DOMAIN = 'import.bench.carebook.test';

const log = (message) => process.stdout.write(`[bench:import] ${message}\n`);

const FIRST = ['Ada', 'Grace', 'Alan', 'Mary', 'José', 'Aoife', 'Chidi', 'Mei', 'Olu', 'Zoë', 'Ravi', 'Ingrid', 'Tomás', 'Fatima', 'Kenji'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Seacole', 'Núñez', "O'Brien", 'Okafor', 'Wang', 'Adeyemi', 'Smith-Jones', 'Patel', 'Berg'];
const GENDERS = ['female', 'male', 'other', 'unspecified', ''];
const INVALID = [
  (row) => ({ ...row, email: row.email.replace('@', ' at ') }),
  (row) => ({ ...row, phone: '020 7946 0018' }),
  (row) => ({ ...row, dob: '2031-02-30' }),
  (row) => ({ ...row, gender: 'robot' }),
  (row) => ({ ...row, short: true }),
];

/** The file, and what a correct import of it reports. */
function generateFile(rows) {
  const random = prng(11);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const lines = ['Full name,Email,Phone,Date of birth,Gender'];
  const emails = [];
  const expected = { total: rows, created: 0, skipped: 0, refused: 0 };
  for (let i = 0; i < rows; i++) {
    const name = `${pick(FIRST)} ${pick(LAST)}`;
    const year = 1930 + Math.floor(random() * 90);
    const dob = `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    let row = {
      name: i % 7 === 0 ? `"${name.split(' ').reverse().join(', ')}"` : name,
      email: `patient${i}.${i.toString(36)}@${DOMAIN}`,
      phone: i % 3 === 0 ? '' : `+447911${String(i % 1_000_000).padStart(6, '0')}`,
      dob: i % 5 === 0 ? '' : dob,
      gender: pick(GENDERS),
    };
    if (i % 50 === 17) {
      row = INVALID[Math.floor(i / 50) % INVALID.length](row); // 2 %
      expected.refused++;
    } else if (i % 100 === 71 && emails.length > 0) {
      row.email = pick(emails).toUpperCase(); // 1 %: an email earlier in the file
      expected.skipped++;
    } else {
      emails.push(row.email);
      expected.created++;
    }
    lines.push(row.short ? `${row.name},${row.email}` : [row.name, row.email, row.phone, row.dob, row.gender].join(','));
  }
  return { content: Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8'), expected };
}

function rssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

async function api(base, path, init = {}) {
  const response = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(120_000) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function main() {
  if (!existsSync(API_MAIN)) throw new Error(`${relative(ROOT, API_MAIN)} is missing: run \`npm run bench:import\` (it builds the API)`);
  const tmp = mkdtempSync(join(tmpdir(), 'carebook-bench-import-'));
  const cleanups = [() => rmSync(tmp, { recursive: true, force: true })];
  const cleanup = async () => {
    while (cleanups.length > 0) await Promise.resolve().then(cleanups.pop()).catch((e) => log(`cleanup: ${e?.message ?? e}`));
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  try {
    const { content, expected } = generateFile(ROWS);
    log(`generated ${ROWS} rows (${(content.length / 1024 / 1024).toFixed(1)} MB): ${expected.created} new, ${expected.skipped} repeated emails, ${expected.refused} invalid`);

    let databaseUrl = process.env['DATABASE_URL']?.trim();
    let postmasterPid = null;
    if (!databaseUrl) {
      const db = await startEmbeddedPostgres(join(tmp, 'postgres'), { database: 'carebook_bench_import', persistent: false });
      cleanups.push(() => db.stop());
      databaseUrl = db.url;
      postmasterPid = db.pid;
    } else {
      log('WARNING: DATABASE_URL is set — that database gets the imported patients.');
    }
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const proc = startApi({
      port,
      databaseUrl,
      dataDir: join(tmp, 'data'),
      jwtSecret: randomBytes(32).toString('hex'),
      env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, IMPORT_MAX_MB: '50' },
    });
    cleanups.push(() => stopApi(proc));
    await waitForHealth(base, proc);
    const pid = proc.child.pid;
    const login = await api(base, '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    if (login.status !== 200) throw new Error(`admin sign-in answered ${login.status}: ${JSON.stringify(login.body)}`);
    const auth = { authorization: `Bearer ${login.body.accessToken}` };
    const before = rssOf(pid);
    log(`API up (pid ${pid}), RSS ${before?.rssMb.toFixed(0)} MB before the upload`);

    const meter = cpuMeter({ apiPid: pid, postmasterPid });
    const form = new FormData();
    form.append('file', new Blob([content], { type: 'text/csv' }), 'patients-100k.csv');
    const started = performance.now();
    const accepted = await api(base, '/api/admin/imports/patients', { method: 'POST', headers: auth, body: form });
    const acceptedMs = performance.now() - started;
    if (accepted.status !== 202) throw new Error(`the upload answered ${accepted.status}: ${JSON.stringify(accepted.body)}`);
    log(`202 after ${acceptedMs.toFixed(0)} ms; importing…`);

    let report;
    let peakSampledMb = 0;
    let lastLog = 0;
    for (;;) {
      const sample = rssOf(pid);
      if (sample) peakSampledMb = Math.max(peakSampledMb, sample.rssMb);
      report = (await api(base, `/api/admin/imports/${accepted.body.id}`, { headers: auth })).body;
      if (report.status !== 'running') break;
      if (performance.now() - lastLog > 5000) {
        lastLog = performance.now();
        log(`${report.processed} / ${report.total} rows, RSS ${sample?.rssMb.toFixed(0)} MB`);
      }
      if (performance.now() - started > 600_000) throw new Error('the import did not finish within 10 minutes');
      await new Promise((r) => setTimeout(r, 200));
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = meter.stop();
    const after = rssOf(pid);
    const peakMb = Math.max(peakSampledMb, after?.peakMb ?? 0);
    const correct =
      report.status === 'done' &&
      report.processed === ROWS &&
      report.created === expected.created &&
      report.skipped === expected.skipped &&
      report.refusedCount === expected.refused;
    const deliveries = await api(base, '/api/admin/deliveries?kind=account-invited&pageSize=1', { headers: auth });
    // The invitations are sent by the same process after the import has written them: its memory until then too
    // (reported, not the target).
    let sendingPeakMb = peakMb;
    let sentSeconds = null;
    for (;;) {
      const sample = rssOf(pid);
      if (sample) sendingPeakMb = Math.max(sendingPeakMb, sample.rssMb, sample.peakMb);
      const queued = await api(base, '/api/admin/deliveries?kind=account-invited&status=queued&pageSize=1', { headers: auth });
      if (queued.body?.total === 0) {
        sentSeconds = (performance.now() - started) / 1000;
        break;
      }
      if (performance.now() - started > 600_000) break;
      await new Promise((r) => setTimeout(r, 500));
    }

    const result = {
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? null, node: process.version, loadAverageAtStart: loadavg().map((l) => Number(l.toFixed(2))) },
      rows: ROWS,
      fileMb: Number((content.length / 1024 / 1024).toFixed(1)),
      acceptedMs: Math.round(acceptedMs),
      seconds: Number(seconds.toFixed(1)),
      rowsPerSecond: Math.round(ROWS / seconds),
      peakRssMb: Math.round(peakMb),
      rssBeforeMb: before ? Math.round(before.rssMb) : null,
      cpuCores: cpu,
      report: { status: report.status, total: report.total, processed: report.processed, created: report.created, skipped: report.skipped, refusedCount: report.refusedCount, error: report.error },
      expected,
      invitationsQueued: deliveries.body?.total ?? null,
      invitationsSentSeconds: sentSeconds === null ? null : Number(sentSeconds.toFixed(1)),
      peakRssUntilSentMb: Math.round(sendingPeakMb),
      met: { seconds: seconds < TARGET_SECONDS, rss: peakMb < TARGET_RSS_MB, correct },
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, 'import-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
      `\n${ROWS} rows (${result.fileMb} MB): 202 in ${result.acceptedMs} ms, done in ${result.seconds} s (${result.rowsPerSecond} rows/s; target < ${TARGET_SECONDS} s: ${result.met.seconds ? 'met' : 'MISSED'})\n` +
        `peak RSS of the API process ${result.peakRssMb} MB (before the upload ${result.rssBeforeMb} MB; target < ${TARGET_RSS_MB} MB: ${result.met.rss ? 'met' : 'MISSED'})\n` +
        `report: ${JSON.stringify(result.report)} — ${correct ? 'as expected' : `WRONG, expected ${JSON.stringify(expected)}`}\n` +
        `invitation emails written: ${result.invitationsQueued}, all sent ${sentSeconds === null ? 'NOT within 10 minutes' : `${result.invitationsSentSeconds} s after the upload`}, peak RSS until then ${result.peakRssUntilSentMb} MB\n` +
        `CPU cores during the import api/db/bench/other ${cpu ? [cpu.api, cpu.db, cpu.loadgen, cpu.other].join(' / ') : 'n/a'}\n\n`,
    );
    log(`results written to ${relative(ROOT, join(RESULTS_DIR, 'import-latest.json'))}`);
    if (!correct) throw new Error('the import report is not what the file holds');
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`[bench:import] FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
