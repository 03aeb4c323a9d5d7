import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ImportsService } from '../../src/modules/imports/imports.service';
import { Outbox, WITHHELD_LINK } from '../../src/modules/notifications/outbox';
import { createTestApp, type TestApp } from '../support/test-app';
import { registerPatient, signIn, signInAdmin, type Session } from '../support/accounts';
import { eventually } from '../support/smtp-sink';
import { createMailApp, deliveriesOf, expectWellFormed, PUBLIC_URL, rows, type MailApp } from './notification-fixtures';

/**
 * A password-reset or invitation link signs in as the person it was sent to. With real mail (SMTP_URL) it goes to
 * them alone: the admin's delivery log shows the message with the link withheld, and the delivery row forgets the
 * link once the email is sent (or given up), so neither the admin API nor a copy of the database holds a link
 * that works. In the development mailbox (no SMTP_URL) admins read every message whole, links included.
 */
const NEW_PASSWORD = 'Harbour-Violet-Quantum-58';
jest.setTimeout(120_000);

interface DeliveryDetail {
  id: string;
  kind: string;
  status: string;
  text: string;
  html: string | null;
}

const tokenIn = (text: string) => /reset-password\?token=([\w-]+)/.exec(text)?.[1] ?? '';

/** The delivery row as stored, every column, as text (what a backup of the table holds). */
async function storedRow(db: pg.Pool | pg.Client, id: string): Promise<{ whole: string; actionUrl: string | null; context: Record<string, unknown> | null }> {
  const [row] = (
    await db.query<{ whole: string; actionUrl: string | null; context: Record<string, unknown> | null }>(
      `select to_jsonb(d)::text as whole, d.context->>'actionUrl' as "actionUrl", d.context from deliveries d where id = $1`,
      [id],
    )
  ).rows;
  return row;
}

describe('security links with real mail (SMTP_URL set)', () => {
  let m: MailApp;
  let admin: Session;

  beforeAll(async () => {
    m = await createMailApp();
    admin = await signInAdmin(m.t);
  });
  afterEach(() => {
    m.sink.behaviour = {};
  });
  afterAll(async () => {
    await m?.close();
  });

  const detail = async (id: string) => (await m.t.http.get(`/api/admin/deliveries/${id}`).set(admin.auth).expect(200)).body as DeliveryDetail;
  const sent = (id: string) =>
    eventually(`delivery ${id} recorded sent`, async () => (await rows<{ status: string }>(m.db, `select status from deliveries where id = $1`, [id]))[0]?.status === 'sent');

  /** What an admin reads of a security email: the message, its action's label, the placeholder, and no token. */
  function expectWithheld(view: DeliveryDetail, token: string, label: string): void {
    expect(JSON.stringify(view)).not.toContain(token);
    expect(view.text).toContain(`${label}: ${WITHHELD_LINK}`);
    expect(view.text).not.toContain('reset-password');
    expect(view.html).toContain(WITHHELD_LINK);
    expect(view.html).not.toContain('reset-password');
  }

  it('a password reset: the email holds the working link; the admin never reads it, and the sent row no longer holds it', async () => {
    const patient = await registerPatient(m.t, { fullName: 'Pat Private' });
    // The SMTP server holds its answer: the delivery stays queued while the admin looks.
    let answer: () => void = () => undefined;
    m.sink.behaviour = { hold: new Promise<void>((resolve) => (answer = resolve)) };
    await m.t.http.post('/api/auth/password/forgot').send({ email: patient.email }).expect(202);
    const [delivery] = (await deliveriesOf(m.db, patient.id)).filter((d) => d.kind === 'password-reset');
    const queued = await storedRow(m.db, delivery.id);
    const token = tokenIn(queued.actionUrl ?? '');
    expect(token.length).toBeGreaterThanOrEqual(40);

    // Before it is sent: the row needs the link to send it, the admin's view withholds it.
    expect(delivery.status).toBe('queued');
    expectWithheld(await detail(delivery.id), token, 'Choose a new password');
    const list = await m.t.http.get('/api/admin/deliveries').query({ to: patient.email }).set(admin.auth).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(token);

    answer();
    const mail = await m.sink.one(patient.email, 'Reset your');
    expect(tokenIn(mail.text)).toBe(token);
    expectWellFormed(mail, { to: patient.email, subject: mail.subject, link: `/reset-password?token=${token}` });

    // Sent: the row keeps the rest of the message (the log still shows it) but not the link.
    await sent(delivery.id);
    const stored = await storedRow(m.db, delivery.id);
    expect(stored.whole).not.toContain(token);
    expect(stored.actionUrl).toBeNull();
    expect(stored.context).toMatchObject({ recipientName: 'Pat Private', actionLabel: 'Choose a new password', security: true });
    const view = await detail(delivery.id);
    expectWithheld(view, token, 'Choose a new password');
    expect(view).toMatchObject({ status: 'sent', kind: 'password-reset' });
    expect(view.text).toContain('Hello Pat Private');

    // The link in the email works (for its recipient).
    await m.t.http.post('/api/auth/password/reset').send({ token, password: NEW_PASSWORD }).expect(204);
    await signIn(m.t, patient.email, NEW_PASSWORD);
  });

  it('an import’s invitation: the email holds the working link; the admin never reads it, and the sent row no longer holds it', async () => {
    const email = `invited.${randomBytes(4).toString('hex')}@example.test`;
    const upload = await m.t.http
      .post('/api/admin/imports/patients')
      .set(admin.auth)
      .attach('file', Buffer.from(`Full name,Email\nIvy Invited,${email}\n`), 'patients.csv')
      .expect(202);
    await m.t.app.get(ImportsService).settled(upload.body.id as string);
    const mail = await m.sink.one(email, 'Your ');
    const token = tokenIn(mail.text);
    expect(token.length).toBeGreaterThanOrEqual(40);
    expectWellFormed(mail, { to: email, subject: mail.subject, link: `/reset-password?token=${token}` });

    const [delivery] = await rows<{ id: string }>(m.db, `select id from deliveries where recipient = $1 and kind = 'account-invited'`, [email]);
    await sent(delivery.id);
    expect((await storedRow(m.db, delivery.id)).whole).not.toContain(token);
    expectWithheld(await detail(delivery.id), token, 'Choose your password');

    await m.t.http.post('/api/auth/password/reset').send({ token, password: NEW_PASSWORD }).expect(204);
    await signIn(m.t, email, NEW_PASSWORD);
  });

  it('a reset email refused for good (550) forgets its link as it is given up', async () => {
    const patient = await registerPatient(m.t);
    m.sink.behaviour = { refuseRecipients: new Map([[patient.email.toLowerCase(), 550]]) };
    await m.t.http.post('/api/auth/password/forgot').send({ email: patient.email }).expect(202);
    const [delivery] = await deliveriesOf(m.db, patient.id);
    const token = tokenIn((await storedRow(m.db, delivery.id)).actionUrl ?? '');
    expect(token.length).toBeGreaterThanOrEqual(40);
    await eventually('the delivery given up', async () => (await deliveriesOf(m.db, patient.id))[0].status === 'failed');
    expect((await storedRow(m.db, delivery.id)).whole).not.toContain(token);
    expectWithheld(await detail(delivery.id), token, 'Choose a new password');
  });

  it('a reset email stored rendered (a row from before `context`): the admin’s view withholds its link too', async () => {
    const patient = await registerPatient(m.t, { fullName: 'Pat Earlier' });
    const token = randomBytes(32).toString('base64url');
    const rendered = m.t.app.get(Outbox).mailTemplates().render('password-reset', {
      clinicName: 'Carebook Clinic',
      publicUrl: PUBLIC_URL,
      recipientName: 'Pat Earlier',
      actionUrl: `${PUBLIC_URL}/reset-password?token=${token}`,
      actionLabel: 'Choose a new password',
      security: true,
    });
    expect(rendered.html).toContain(`token&#x3D;${token}`);
    const [{ id }] = await rows<{ id: string }>(
      m.db,
      `insert into deliveries (event_key, user_id, channel, kind, recipient, subject, text_body, html_body, status, attempts, sent_at)
       values ('test:legacy-reset', $1, 'email', 'password-reset', $2, $3, $4, $5, 'sent', 1, now()) returning id`,
      [patient.id, patient.email, rendered.subject, rendered.text, rendered.html],
    );
    const view = await detail(id);
    expect(JSON.stringify(view)).not.toContain(token);
    expect(view.text).toContain(`Choose a new password: ${WITHHELD_LINK}`);
    expect(view.text).toContain('Hello Pat Earlier');
  });
});

describe('security links in the development mailbox (no SMTP_URL)', () => {
  let t: TestApp;
  let db: pg.Client;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL });
    expect(t.config.smtpUrl).toBeUndefined();
    admin = await signInAdmin(t);
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  it('the admin reads the reset email whole, link included, and the link works', async () => {
    const patient = await registerPatient(t);
    await t.http.post('/api/auth/password/forgot').send({ email: patient.email }).expect(202);
    const [{ id }] = (await db.query<{ id: string }>(`select id from deliveries where user_id = $1 and kind = 'password-reset'`, [patient.id])).rows;
    await eventually('the reset email kept in the mailbox', async () => (await db.query(`select 1 from deliveries where id = $1 and status = 'sent'`, [id])).rowCount === 1);
    const view = (await t.http.get(`/api/admin/deliveries/${id}`).set(admin.auth).expect(200)).body as DeliveryDetail;
    const token = tokenIn(view.text);
    expect(token.length).toBeGreaterThanOrEqual(40);
    expect(view.text).toContain(`Choose a new password: ${PUBLIC_URL}/reset-password?token=${token}`);
    expect(view.text).not.toContain(WITHHELD_LINK);
    expect(view.html).toContain(`token&#x3D;${token}`);
    // The row keeps it: the mailbox shows it again tomorrow.
    expect((await storedRow(db, id)).actionUrl).toBe(`${PUBLIC_URL}/reset-password?token=${token}`);
    await t.http.post('/api/auth/password/reset').send({ token, password: NEW_PASSWORD }).expect(204);
    await signIn(t, patient.email, NEW_PASSWORD);
  });
});
