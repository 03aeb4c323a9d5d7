import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import type { ImportProgress } from '@carebook/shared';
import { ImportsService } from '../../src/modules/imports/imports.service';
import { createTestApp, STRONG_PASSWORD, type TestApp } from '../support/test-app';
import { registerDoctor, registerPatient, signIn, signInAdmin, type Session } from '../support/accounts';

/** Imports of patient lists: Admin → Import patients (issue 11), through HTTP on a real PostgreSQL. */
interface ImportReport {
  id: string;
  fileName: string;
  status: 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  created: number;
  skipped: number;
  refusedCount: number;
  refused: { row: number; field: string; message: string }[];
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

const WAIT_MS = 10_000;

describe('patient imports (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: Session;
  let db: pg.Client;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await createTestApp({ IMPORT_MAX_MB: '1' });
    admin = await signInAdmin(t);
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  /** Emails no other test (or run) uses. */
  const tag = () => randomBytes(4).toString('hex');

  function upload(content: string | Buffer, name = 'patients.csv', session: Session | null = admin) {
    let req = t.http.post('/api/admin/imports/patients');
    if (session) req = req.set(session.auth);
    return req.attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content), name);
  }

  /** Uploads the file and waits for its import to end; the report as GET /api/admin/imports/:id has it. */
  async function importFile(content: string | Buffer, name = 'patients.csv'): Promise<ImportReport> {
    const res = await upload(content, name).expect(202);
    expect(res.body).toEqual({ id: expect.any(String) });
    await t.app.get(ImportsService).settled(res.body.id as string);
    return (await t.http.get(`/api/admin/imports/${res.body.id as string}`).set(admin.auth).expect(200)).body as ImportReport;
  }

  async function accounts(emails: string[]): Promise<{ email: string; full_name: string; role: string; status: string; phone: string | null }[]> {
    const { rows } = await db.query('select email, full_name, role, status, phone from users where email = any($1) order by email', [emails]);
    return rows;
  }

  /** The text of the invitation email sent to `email` (the development mailbox keeps it), through the admin API. */
  async function invitationTo(email: string): Promise<string[]> {
    const list = await t.http.get('/api/admin/deliveries').query({ kind: 'account-invited', to: email }).set(admin.auth).expect(200);
    const texts: string[] = [];
    for (const item of list.body.items as { id: string }[]) {
      texts.push((await t.http.get(`/api/admin/deliveries/${item.id}`).set(admin.auth).expect(200)).body.text as string);
    }
    return texts;
  }

  describe('the report', () => {
    it('creates the valid rows and names the line and field of every refused one', async () => {
      const k = tag();
      const file = [
        'Full Name,Email,Phone,Date of birth,Gender,Notes',
        `Ada Lovelace,ada.${k}@example.test,+44 20 7946 0018,1815-12-10,female,first`,
        `Grace Hopper,GRACE.${k}@Example.test,,1906-12-09,Female,`,
        `X,not-an-email,020 7946 0018,2026-02-30,robot,`,
        `Alan Turing,alan.${k}@example.test,,2099-01-01,,`,
        '',
        `"Hopper, Grace (again)",grace.${k}@example.test,,,,duplicate in the file`,
        `Too Short,short.${k}@example.test`,
        `"Mary ""Polly"" Seacole",mary.${k}@example.test,+12025550123,1980-11-23,,quoted`,
      ].join('\n');
      const report = await importFile(file, 'clinic list.csv');
      expect(report).toMatchObject({ status: 'done', fileName: 'clinic list.csv', total: 7, processed: 7, created: 2, skipped: 1, refusedCount: 4, error: null });
      expect(report.finishedAt).not.toBeNull();
      expect(report.refused).toEqual([
        { row: 2, field: 'dateOfBirth', message: 'must be between 1900-01-01 and 2200-12-31' },
        { row: 4, field: 'fullName', message: 'must be between 2 and 120 characters' },
        { row: 4, field: 'email', message: 'must be an email' },
        { row: 4, field: 'phone', message: expect.stringMatching(/starting with \+/) },
        { row: 4, field: 'dateOfBirth', message: 'must be a date (YYYY-MM-DD)' },
        { row: 4, field: 'gender', message: 'must be one of female, male, other, unspecified' },
        { row: 5, field: 'dateOfBirth', message: 'must not be in the future' },
        { row: 8, field: 'row', message: 'has 2 fields where the header has 6' },
      ]);
      expect(await accounts([`ada.${k}@example.test`, `grace.${k}@example.test`, `mary.${k}@example.test`])).toEqual([
        { email: `grace.${k}@example.test`, full_name: 'Grace Hopper', role: 'patient', status: 'active', phone: null },
        { email: `mary.${k}@example.test`, full_name: 'Mary "Polly" Seacole', role: 'patient', status: 'active', phone: '+12025550123' },
      ]);
      const { rows: profiles } = await db.query(
        `select to_char(p.date_of_birth, 'YYYY-MM-DD') as dob, p.gender from patient_profiles p join users u on u.id = p.user_id where u.email = $1`,
        [`grace.${k}@example.test`],
      );
      expect(profiles).toEqual([{ dob: '1906-12-09', gender: 'female' }]);
    });

    it('reads a UTF-8 file with a BOM and CRLF line ends, semicolons and a name over two lines', async () => {
      const k = tag();
      const file = `\ufeffname;email;dob\r\nJosé Ñúñez;jose.${k}@example.test;1970-01-31\r\n"Anna\r\nKarenina";anna.${k}@example.test;\r\nBad;bad.${k}@example;\r\n;;\r\n`;
      const report = await importFile(file);
      expect(report).toMatchObject({ status: 'done', total: 3, processed: 3, created: 2, skipped: 0, refusedCount: 1 });
      expect(report.refused).toEqual([{ row: 5, field: 'email', message: 'must be an email' }]);
      expect((await accounts([`jose.${k}@example.test`]))[0].full_name).toBe('José Ñúñez');
    });

    it('reads a tab-separated dataset.txt patient list', async () => {
      const k = tag();
      const lines = ['full_name\temail\tphone\tdate_of_birth\tgender'];
      for (let i = 0; i < 30; i++) lines.push(`Patient ${i} ${k}\tp${i}.${k}@example.test\t+4420794600${String(i).padStart(2, '0')}\t1990-01-${String((i % 28) + 1).padStart(2, '0')}\t${['female', 'male', 'other', 'unspecified'][i % 4]}`);
      lines.push(`Broken\tbroken.${k}@example.test\tnot a phone\t\t`);
      const report = await importFile(lines.join('\n') + '\n', 'dataset.txt');
      expect(report).toMatchObject({ status: 'done', fileName: 'dataset.txt', total: 31, processed: 31, created: 30, skipped: 0, refusedCount: 1 });
      expect(report.refused).toEqual([{ row: 32, field: 'phone', message: expect.stringMatching(/E\.164/) }]);
      const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from users where email like $1 and role = 'patient' and status = 'active'`, [`%.${k}@example.test`]);
      expect(rows[0].n).toBe(30);
    });

    it('keeps the first 1,000 refusals and counts them all', async () => {
      const lines = ['name,email'];
      for (let i = 0; i < 1200; i++) lines.push(`Someone ${i},not-an-email-${i}`);
      const report = await importFile(lines.join('\n'));
      expect(report).toMatchObject({ status: 'done', processed: 1200, created: 0, refusedCount: 1200 });
      expect(report.refused).toHaveLength(1000);
      expect(report.refused[999]).toEqual({ row: 1001, field: 'email', message: 'must be an email' });
    });
  });

  describe('the uploaded file', () => {
    it('is written to a temporary file that is gone once the import has read it, or refused it (bad type, too large)', async () => {
      const previous = process.env['TMPDIR'];
      const dir = mkdtempSync(join(tmpdir(), 'carebook-import-upload-'));
      process.env['TMPDIR'] = dir;
      try {
        const id = tag();
        const report = await importFile(`name,email\nAda Lovelace,ada.${id}@import.test\n`);
        expect(report).toMatchObject({ status: 'done', created: 1 });
        await upload('%PDF-1.7\n', 'scan.csv').expect(415);
        await upload(Buffer.alloc(1024 * 1024 + 1, 'a')).expect(413);
        expect(readdirSync(dir)).toEqual([]);
      } finally {
        if (previous === undefined) delete process.env['TMPDIR'];
        else process.env['TMPDIR'] = previous;
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('existing emails and re-imports', () => {
    it('skips emails that already have an account, whatever their case, and never changes that account', async () => {
      const k = tag();
      const existing = await registerPatient(t, { email: `kept.${k}@example.test`, fullName: 'Kept As Registered' });
      const doctor = await registerDoctor(t, { email: `doc.${k}@example.test` });
      const report = await importFile(`name,email\nSomeone Else,KEPT.${k}@example.test\nA Doctor,doc.${k}@example.test\nNew Person,new.${k}@example.test\n`);
      expect(report).toMatchObject({ status: 'done', processed: 3, created: 1, skipped: 2, refusedCount: 0 });
      expect(await accounts([existing.email, doctor.email])).toEqual([
        expect.objectContaining({ email: doctor.email, role: 'doctor', status: 'pending' }),
        expect.objectContaining({ email: existing.email, full_name: 'Kept As Registered' }),
      ]);
      await signIn(t, existing.email); // the password still works
      expect(await invitationTo(existing.email)).toEqual([]);
    });

    it('creates nothing new when the same file is imported again, nor when two imports of it run at once', async () => {
      const k = tag();
      const file = Array.from({ length: 40 }, (_, i) => `Twice Imported ${i},twice${i}.${k}@example.test`);
      const text = `name,email\n${file.join('\n')}\n`;
      const first = await importFile(text);
      expect(first).toMatchObject({ status: 'done', created: 40, skipped: 0 });
      const count = async () =>
        (await db.query<{ users: number; deliveries: number; tokens: number }>(
          `select (select count(*)::int from users where email like $1) as users,
                  (select count(*)::int from deliveries where recipient like $1) as deliveries,
                  (select count(*)::int from password_tokens t join users u on u.id = t.user_id where u.email like $1) as tokens`,
          [`%.${k}@example.test`],
        )).rows[0];
      expect(await count()).toEqual({ users: 40, deliveries: 40, tokens: 40 });

      const again = await importFile(text);
      expect(again).toMatchObject({ status: 'done', processed: 40, created: 0, skipped: 40 });
      expect(await count()).toEqual({ users: 40, deliveries: 40, tokens: 40 });

      // Two uploads of a new list at once: the unique email decides, each patient is created and invited once.
      const k2 = tag();
      const both = `name,email\n${Array.from({ length: 40 }, (_, i) => `Raced ${i},raced${i}.${k2}@example.test`).join('\n')}\n`;
      const [a, b] = await Promise.all([upload(both).expect(202), upload(both).expect(202)]);
      await Promise.all([a, b].map((res) => t.app.get(ImportsService).settled(res.body.id as string)));
      const reports = await Promise.all([a, b].map(async (res) => (await t.http.get(`/api/admin/imports/${res.body.id as string}`).set(admin.auth).expect(200)).body as ImportReport));
      expect(reports.map((r) => r.status)).toEqual(['done', 'done']);
      expect(reports[0].created + reports[1].created).toBe(40);
      expect(reports[0].skipped + reports[1].skipped).toBe(40);
      const { rows } = await db.query<{ users: number; deliveries: number }>(
        `select (select count(*)::int from users where email like $1) as users, (select count(*)::int from deliveries where recipient like $1) as deliveries`,
        [`%.${k2}@example.test`],
      );
      expect(rows[0]).toEqual({ users: 40, deliveries: 40 });
    });
  });

  describe('invitations', () => {
    it('emails each new patient a link that sets their password once, after which they sign in', async () => {
      const k = tag();
      const email = `invited.${k}@example.test`;
      const report = await importFile(`name,email\nIvy Invited,${email}\n`);
      expect(report.created).toBe(1);
      // No password works before the invitation is used.
      await t.http.post('/api/auth/login').send({ email, password: STRONG_PASSWORD }).expect(401);

      const { rows } = await db.query<{ kind: string; subject: string; channel: string }>(
        `select kind, subject, channel from deliveries where recipient = $1`,
        [email],
      );
      expect(rows).toEqual([{ kind: 'account-invited', subject: expect.stringMatching(/account is ready/), channel: 'email' }]);
      const [text] = await invitationTo(email);
      expect(text).toContain('Choose your password');
      const token = /\/reset-password\?token=([\w-]+)/.exec(text)?.[1];
      expect(token).toBeDefined();
      const { rows: links } = await db.query<{ days: number }>(
        `select round(extract(epoch from t.expires_at - t.created_at) / 86400)::int as days from password_tokens t join users u on u.id = t.user_id where u.email = $1 and purpose = 'invite'`,
        [email],
      );
      expect(links).toEqual([{ days: 7 }]);

      await t.http.post('/api/auth/password/reset').send({ token, password: STRONG_PASSWORD }).expect(204);
      const session = await signIn(t, email);
      const me = await t.http.get('/api/auth/me').set(session.auth).expect(200);
      expect(me.body).toMatchObject({ email, fullName: 'Ivy Invited', role: 'patient', status: 'active' });
      // The link works once.
      await t.http.post('/api/auth/password/reset').send({ token, password: 'Another-Strong-Password-9' }).expect(400);
    });
  });

  describe('progress', () => {
    it('is pushed to admins as import:progress, ending with the final counts', async () => {
      const socket = io(t.url, { path: '/socket.io', transports: ['websocket'], auth: { token: admin.accessToken }, reconnection: false, forceNew: true });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const k = tag();
      const events: ImportProgress[] = [];
      let id = '';
      const done = new Promise<ImportProgress>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no final import:progress within ${WAIT_MS} ms`)), WAIT_MS);
        socket.on('import:progress', (event: ImportProgress) => {
          events.push(event);
          if (event.id === id && event.status !== 'running') {
            clearTimeout(timer);
            resolve(event);
          }
        });
      });
      const lines = Array.from({ length: 1100 }, (_, i) => `Progress ${i},progress${i}.${k}@example.test`);
      const res = await upload(`name,email\n${lines.join('\n')}\nBad,bad\n`).expect(202);
      id = res.body.id as string;
      expect(await done).toEqual({ id, status: 'done', total: 1101, processed: 1101, created: 1100, skipped: 0, refusedCount: 1 });
      expect(events.filter((e) => e.id === id).every((e) => e.processed <= e.total)).toBe(true);
    });

    it('lists recent imports, newest first, and answers 404 for an unknown one', async () => {
      const report = await importFile(`name,email\nListed Person,listed.${tag()}@example.test\n`, 'listed.csv');
      const list = await t.http.get('/api/admin/imports').query({ page: 1, pageSize: 5 }).set(admin.auth).expect(200);
      expect(list.body.total).toBeGreaterThanOrEqual(1);
      expect(list.body.items[0]).toEqual({
        id: report.id,
        fileName: 'listed.csv',
        status: 'done',
        total: 1,
        processed: 1,
        created: 1,
        skipped: 0,
        refusedCount: 0,
        error: null,
        createdAt: report.createdAt,
        finishedAt: report.finishedAt,
      });
      await t.http.get('/api/admin/imports/00000000-0000-4000-8000-000000000000').set(admin.auth).expect(404);
      await t.http.get('/api/admin/imports/not-an-id').set(admin.auth).expect(404);
    });

    it('marks failed an import whose process died (its row stopped moving)', async () => {
      const { rows } = await db.query<{ id: string }>(
        `insert into patient_imports (file_name, total, processed, updated_at) values ('died.csv', 100, 40, now() - interval '5 minutes') returning id`,
      );
      const res = await t.http.get(`/api/admin/imports/${rows[0].id}`).set(admin.auth).expect(200);
      expect(res.body).toMatchObject({ status: 'failed', processed: 40, error: expect.stringMatching(/upload the file again/) });
    });
  });

  describe('refusals', () => {
    it('lets only admins import or read imports', async () => {
      const patient = await registerPatient(t);
      const doctor = await registerDoctor(t);
      const file = `name,email\nNobody,nobody.${tag()}@example.test\n`;
      await upload(file, 'p.csv', null).expect(401);
      await upload(file, 'p.csv', patient).expect(403);
      await upload(file, 'p.csv', doctor).expect(403);
      await t.http.get('/api/admin/imports').expect(401);
      await t.http.get('/api/admin/imports').set(patient.auth).expect(403);
      await t.http.get('/api/admin/imports').set(doctor.auth).expect(403);
      const { id } = (await upload(`name,email\nSomebody,somebody.${tag()}@example.test\n`).expect(202)).body as { id: string };
      await t.app.get(ImportsService).settled(id);
      await t.http.get(`/api/admin/imports/${id}`).expect(401);
      await t.http.get(`/api/admin/imports/${id}`).set(patient.auth).expect(403);
      await t.http.get(`/api/admin/imports/${id}`).set(doctor.auth).expect(403);
    });

    const PDF = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1');
    it.each([
      ['an empty file', 400, Buffer.alloc(0), /empty/],
      ['blank lines only', 400, '\r\n\r\n', /empty/],
      ['no header line', 400, '\nAda,ada@example.test\n', /header/],
      ['no email column', 400, 'name,phone\nAda,+442079460018\n', /email column/],
      ['no name column', 400, 'email\nada@example.test\n', /name column/],
      ['a PDF', 415, PDF, /application\/pdf/],
      ['binary garbage', 415, Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256)), /UTF-8/],
      ['a spreadsheet workbook', 415, Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(100, 1)]), /workbook/],
    ])('refuses %s with a field-level %i', async (_what, status, content, message) => {
      const res = await upload(content).expect(status);
      expect(res.body).toEqual({ statusCode: status, error: expect.any(String), message: expect.any(String), details: [{ field: 'file', message: expect.stringMatching(message) }] });
    });

    it('refuses a request without a file, a second file or field, and a file over IMPORT_MAX_MB', async () => {
      const none = await t.http.post('/api/admin/imports/patients').set(admin.auth).field('note', 'x').expect(400);
      expect(none.body.details).toEqual([{ field: 'file', message: expect.any(String) }]);
      const json = await t.http.post('/api/admin/imports/patients').set(admin.auth).send({ file: 'name,email' }).expect(400);
      expect(json.body.details).toEqual([{ field: 'file', message: expect.stringMatching(/required/) }]);
      const two = await t.http
        .post('/api/admin/imports/patients')
        .set(admin.auth)
        .attach('file', Buffer.from('name,email\n'), 'a.csv')
        .attach('file', Buffer.from('name,email\n'), 'b.csv')
        .expect(400);
      expect(two.body.details).toEqual([{ field: 'file', message: expect.any(String) }]);
      const big = `name,email\n${'Someone Big,big@example.test\n'.repeat(40_000)}`;
      const tooBig = await upload(big).expect(413);
      expect(tooBig.body).toMatchObject({ statusCode: 413, details: [{ field: 'file', message: 'must be at most 1 MB' }] });
      expect(await accounts(['big@example.test'])).toEqual([]);
    });
  });
});
