#!/usr/bin/env node
// Medical records at rest: what decryption costs a record read, and an online key rotation of 100,000 rows.
// Run through `npm run bench:records`, which builds the API first. Not part of `npm test`.
//
// 1. The built API migrates a fresh database; BENCH_RECORDS_ROWS (100,000) patients get a medical history of
//    ~0.6 kB, encrypted by the app's RecordCipher (key "k1") into patient_profiles, and the same text in clear
//    into a bench-only table.
// 2. Reads by primary key, alternating the two (same run, same connection pool): the clear text parsed, and the
//    encrypted value fetched, decrypted and parsed. p50/p99 of each. Target: p99 with decryption within 10 %.
// 3. `dist/apps/api/keys-rotate.js` re-encrypts everything under a new key "k2" while readers keep reading and
//    decrypting with the ring [k2, k1]: its rate, the read p99 during it, and the failed reads (target 0).
//
// Environment (all optional): BENCH_RECORDS_ROWS, BENCH_RECORDS_READS (4000), DATABASE_URL (use that
// PostgreSQL instead of a throw-away embedded one: it gets the bench patients).
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { RecordCipher } from '../../apps/api/src/common/crypto/record-cipher.ts';
import { freePort, startEmbeddedPostgres } from '../../apps/api/src/database/embedded-postgres.ts';
import { ROOT, startApi, stopApi, waitForHealth } from './api-process.mjs';
import { intEnv, prng } from './common.mjs';

const ROWS = intEnv('BENCH_RECORDS_ROWS', 100_000);
const READS = intEnv('BENCH_RECORDS_READS', 4_000);
const log = (message) => process.stdout.write(`[bench:records] ${message}\n`);
const key = (id) => ({ id, key: randomBytes(32) });
const item = (k) => `${k.id}:${k.key.toString('base64')}`;
const slot = (id) => ({ table: 'patient_profiles', column: 'medical_history', rowId: id });

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const ms = (n) => `${n.toFixed(3)} ms`;

function history(i) {
  return {
    conditions: [{ name: 'Hypertension', since: '2019-03', status: 'active', note: `Home readings around 150/95, patient ${i}` }, { name: 'Asthma', since: '2004', status: 'active' }],
    allergies: [{ substance: 'Penicillin', reaction: 'Hives and facial swelling', severity: 'moderate' }],
    medications: [{ name: 'Amlodipine', dose: '5 mg once daily', since: '2019-04' }, { name: 'Salbutamol inhaler', dose: '2 puffs as needed' }],
    notes: 'Father had a stroke at 60. Prefers morning appointments. Works night shifts twice a week.',
  };
}

async function main() {
  const tmp = mkdtempSync(join(tmpdir(), 'carebook-bench-records-'));
  const cleanups = [() => rmSync(tmp, { recursive: true, force: true })];
  try {
    let databaseUrl = process.env['DATABASE_URL']?.trim();
    if (!databaseUrl) {
      const db = await startEmbeddedPostgres(join(tmp, 'postgres'), { database: 'carebook_bench_records', persistent: false });
      cleanups.push(() => db.stop());
      databaseUrl = db.url;
    }
    const k1 = key('k1');
    const k2 = key('k2');
    const jwtSecret = randomBytes(32).toString('hex');

    // The schema, from the app's own migrations.
    const port = await freePort();
    const api = startApi({ port, databaseUrl, dataDir: join(tmp, 'data'), jwtSecret, env: { DATA_ENCRYPTION_KEYS: item(k1) } });
    await waitForHealth(`http://127.0.0.1:${port}`, api);
    await stopApi(api);

    const pool = new pg.Pool({ connectionString: databaseUrl, max: 8 });
    cleanups.push(() => pool.end());
    const writer = new RecordCipher([k1]);
    const ids = [];
    const started = performance.now();
    await pool.query('create table if not exists bench_plain (user_id uuid primary key, history text not null)');
    for (let offset = 0; offset < ROWS; offset += 5_000) {
      const batch = Array.from({ length: Math.min(5_000, ROWS - offset) }, () => randomUUID());
      ids.push(...batch);
      const plain = batch.map((id, i) => JSON.stringify(history(offset + i)));
      await pool.query(
        `insert into users (id, email, full_name, role, status, password_hash)
         select id, 'bench.' || id || '@records.bench.carebook.test', 'Bench Patient', 'patient', 'active', 'x' from unnest($1::uuid[]) id`,
        [batch],
      );
      await pool.query('insert into patient_profiles (user_id, medical_history) select * from unnest($1::uuid[], $2::text[])', [
        batch,
        batch.map((id, i) => writer.encrypt(plain[i], slot(id))),
      ]);
      await pool.query('insert into bench_plain (user_id, history) select * from unnest($1::uuid[], $2::text[])', [batch, plain]);
    }
    await pool.query('analyze patient_profiles; analyze bench_plain');
    log(`${ROWS} records written in ${((performance.now() - started) / 1000).toFixed(1)} s (${cpus().length} cores, load ${loadavg()[0].toFixed(1)})`);

    const reader = new RecordCipher([k2, k1]);
    const random = prng(13);
    const pick = () => ids[Math.floor(random() * ids.length)];
    const readPlain = async (id) => {
      const { rows } = await pool.query('select history from bench_plain where user_id = $1', [id]);
      return JSON.parse(rows[0].history);
    };
    const readEncrypted = async (id) => {
      const { rows } = await pool.query('select medical_history from patient_profiles where user_id = $1', [id]);
      return JSON.parse(reader.decrypt(rows[0].medical_history, slot(id)));
    };
    const timed = async (read, id, into) => {
      const t0 = performance.now();
      await read(id);
      into.push(performance.now() - t0);
    };

    // Warm-up, then alternate the two reads so drift on a shared machine hits both alike.
    for (let i = 0; i < 300; i++) await Promise.all([readPlain(pick()), readEncrypted(pick())]);
    const plain = [];
    const encrypted = [];
    for (let i = 0; i < READS; i++) {
      if (i % 2 === 0) {
        await timed(readPlain, pick(), plain);
        await timed(readEncrypted, pick(), encrypted);
      } else {
        await timed(readEncrypted, pick(), encrypted);
        await timed(readPlain, pick(), plain);
      }
    }
    const ratio = percentile(encrypted, 99) / percentile(plain, 99);
    log(`read without decryption: p50 ${ms(percentile(plain, 50))}, p99 ${ms(percentile(plain, 99))} (${plain.length} reads)`);
    log(`read with decryption:    p50 ${ms(percentile(encrypted, 50))}, p99 ${ms(percentile(encrypted, 99))} (${encrypted.length} reads)`);
    log(`p99 with decryption is ${((ratio - 1) * 100).toFixed(1)} % ${ratio >= 1 ? 'above' : 'below'} without (target: within 10 %) → ${ratio <= 1.1 ? 'PASS' : 'FAIL'}`);

    // Online rotation with the app's own command, readers running.
    const during = [];
    let failed = 0;
    let rotating = true;
    const readers = [0, 1, 2, 3].map(async () => {
      while (rotating) {
        try {
          await timed(readEncrypted, pick(), during);
        } catch {
          failed += 1;
        }
      }
    });
    const rotationStarted = performance.now();
    const env = { ...process.env, DATABASE_URL: databaseUrl, DATA_ENCRYPTION_KEYS: `${item(k2)},${item(k1)}`, NODE_ENV: 'production', JWT_SECRET: jwtSecret, DATA_DIR: join(tmp, 'data'), LOG_LEVEL: 'warn' };
    delete env['NODE_OPTIONS'];
    const output = [];
    const code = await new Promise((done) => {
      const child = spawn(process.execPath, [join(ROOT, 'dist/apps/api/keys-rotate.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (chunk) => output.push(String(chunk)));
      child.stderr.on('data', (chunk) => output.push(String(chunk)));
      child.once('exit', done);
    });
    const seconds = (performance.now() - rotationStarted) / 1000;
    rotating = false;
    await Promise.all(readers);
    if (code !== 0) throw new Error(`keys:rotate exited ${code}:\n${output.join('')}`);
    const { rows: left } = await pool.query("select count(*)::int as n from patient_profiles where split_part(medical_history, '.', 2) <> 'k2'");
    log(`rotation: ${ROWS} rows in ${seconds.toFixed(1)} s = ${Math.round(ROWS / seconds)} rows/s (process start included); ${left[0].n} left under the old key`);
    log(`reads during rotation: ${during.length}, p50 ${ms(percentile(during, 50))}, p99 ${ms(percentile(during, 99))}, failed ${failed} (target 0) → ${failed === 0 && left[0].n === 0 ? 'PASS' : 'FAIL'}`);
  } finally {
    while (cleanups.length > 0) await Promise.resolve().then(cleanups.pop()).catch((e) => log(`cleanup: ${e?.message ?? e}`));
  }
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
