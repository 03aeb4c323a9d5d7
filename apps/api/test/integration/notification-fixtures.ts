// Shared by the notification integration tests (not a test file itself).
import { DateTime } from 'luxon';
import pg from 'pg';
import { createTestApp, type TestApp, type TestAppOptions } from '../support/test-app';
import type { Session } from '../support/accounts';
import { SmtpSink, type SunkMail } from '../support/smtp-sink';
import { bookableDoctor } from './appointment-fixtures';
import { utc } from './scheduling-fixtures';

export const PUBLIC_URL = 'https://portal.carebook.test';
export const MAIL_FROM = 'Carebook Clinic <appointments@carebook.test>';
/** What the fixtures book for: it must never appear in a subject, a text or an attachment. */
export const MEDICAL_REASON = 'Chest pain when climbing stairs';

export interface DeliveryRecord {
  id: string;
  user_id: string;
  channel: 'email' | 'sms';
  kind: string;
  recipient: string;
  subject: string;
  status: 'queued' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  event_key: string;
}

/** The app of a notification test file: its SMTP sink, and a pool for reading the tables straight. */
export interface MailApp {
  t: TestApp;
  sink: SmtpSink;
  db: pg.Pool;
  close(): Promise<void>;
}

/**
 * The real app with SMTP_URL pointing at a real SMTP server of the test's own, and retries quick enough for a
 * test (1 s doubling to 2 s) unless told otherwise.
 */
export async function createMailApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<MailApp> {
  const sink = await new SmtpSink().start();
  const t = await createTestApp(
    { PUBLIC_URL, MAIL_FROM, SMTP_URL: sink.url, ...env },
    { ...options, delivery: { retryDelaySeconds: 1, retryDelayMaxSeconds: 2, ...options.delivery } },
  );
  const db = new pg.Pool({ connectionString: t.databaseUrl, max: 2 });
  return {
    t,
    sink,
    db,
    close: async () => {
      await t.close();
      await db.end();
      await sink.stop();
    },
  };
}

/** The mail app in `zone` with two doctors on weekday mornings: Dr Amara Okafor (Cardiology) approves requests, Dr Ben Auto confirms them himself. */
export type MailClinic = MailApp & { doctor: Session; autoDoctor: Session };

export async function createMailClinic(zone: string): Promise<MailClinic> {
  const app = await createMailApp({ CLINIC_TIMEZONE: zone });
  const [doctor, autoDoctor] = await Promise.all([
    bookableDoctor(app.t, { fullName: 'Dr Amara Okafor', specialty: 'Cardiology' }),
    bookableDoctor(app.t, { fullName: 'Dr Ben Auto', autoApprove: true }),
  ]);
  return { ...app, doctor, autoDoctor };
}

/** Hands out the weekday-morning half-hours from `monday` on, one per call, so every booking has a time of its own. */
export function slotSequence(monday: DateTime): () => string {
  let slot = 0;
  return () => {
    const day = monday.plus({ days: Math.floor(slot / 6) % 5, weeks: Math.floor(slot / 30) });
    slot += 1;
    return utc(day, ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'][(slot - 1) % 6]);
  };
}

export async function rows<T extends object>(db: pg.Pool, text: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query<T>(text, params)).rows;
}

/** The deliveries of one person, oldest first. */
export function deliveriesOf(db: pg.Pool, userId: string): Promise<DeliveryRecord[]> {
  return rows<DeliveryRecord>(db, `select * from deliveries where user_id = $1 order by created_at, kind, channel`, [userId]);
}

/** "Mon 7 Dec 09:00" in the clinic's zone, as subjects say it. */
export function clinicWhen(instant: string | Date, zone: string): string {
  return DateTime.fromJSDate(new Date(instant), { zone }).toFormat('ccc d LLL, HH:mm');
}

/** The HTML part with the entities Handlebars writes into attributes decoded. */
export function decodedHtml(mail: SunkMail): string {
  return mail.html.replace(/&#x3D;/g, '=').replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

/**
 * What every email must be: to the right person, from MAIL_FROM, the expected subject, a text and an HTML part
 * that both lead to `link` under PUBLIC_URL, and no word of the medical reason anywhere.
 */
export function expectWellFormed(mail: SunkMail, expected: { to: string; subject: string; link: string; text?: string[] }): void {
  const url = `${PUBLIC_URL}${expected.link}`;
  expect({
    to: mail.to,
    from: mail.parsed.from?.value.map((a) => `${a.name} <${a.address}>`).join(', '),
    subject: mail.subject,
    textLink: mail.text.includes(url),
    htmlLink: decodedHtml(mail).includes(`href="${url}"`),
    html: mail.html.startsWith('<!doctype html>'),
  }).toEqual({ to: expected.to, from: MAIL_FROM, subject: expected.subject, textLink: true, htmlLink: true, html: true });
  for (const words of expected.text ?? []) expect(mail.text).toContain(words);
  const everything = [mail.subject, mail.text, mail.html, ...mail.attachments.map((a) => a.content)].join('\n');
  expect(everything).not.toContain(MEDICAL_REASON);
  expect(everything).not.toMatch(/chest pain/i);
}

/** Which records of a delivery the database refuses (see `refuseRecords`). */
export type RefusedRecord = 'hand-over' | 'failed attempt';

const REFUSED: Record<RefusedRecord, string> = {
  // markSent, or markHandedOver (an SMS the provider took).
  'hand-over': `new.status = 'sent' or new.provider_id is distinct from old.provider_id`,
  // markAttemptFailed.
  'failed attempt': `new.attempts > old.attempts and new.last_error is not null`,
};

/**
 * A database that refuses, for the recipients given to `refuse`, to record a delivery's hand-over (`sent`, or an
 * SMS taken by the provider: its provider id set) or failed attempt: a trigger raises while the recipient is
 * listed, as a database blip would fail the statement. `refusals` counts the statements it failed (a sequence,
 * which the failed statement does not roll back). `drop` removes it all.
 */
export async function refuseRecords(
  db: pg.Pool,
  record: RefusedRecord = 'hand-over',
): Promise<{
  refuse(recipient: string): Promise<void>;
  allow(recipient: string): Promise<void>;
  refusals(): Promise<number>;
  drop(): Promise<void>;
}> {
  await db.query(`create table test_unrecordable (recipient text primary key)`);
  await db.query(`create sequence test_record_refusals`);
  await db.query(`create function test_refuse_record() returns trigger language plpgsql as $$
    begin
      if old.status = 'queued' and (${REFUSED[record]}) and exists (select 1 from test_unrecordable where recipient = new.recipient) then
        perform nextval('test_record_refusals');
        raise exception 'the database does not take the record of % now (test)', new.id;
      end if;
      return new;
    end $$`);
  await db.query(`create trigger test_refuse_record before update on deliveries for each row execute function test_refuse_record()`);
  return {
    refuse: async (recipient) => void (await db.query(`insert into test_unrecordable values ($1)`, [recipient])),
    allow: async (recipient) => void (await db.query(`delete from test_unrecordable where recipient = $1`, [recipient])),
    refusals: async () => {
      const [row] = (await db.query<{ n: string }>(`select case when is_called then last_value else 0 end as n from test_record_refusals`)).rows;
      return Number(row.n);
    },
    drop: async () => {
      await db.query(`drop trigger test_refuse_record on deliveries`);
      await db.query(`drop function test_refuse_record()`);
      await db.query(`drop sequence test_record_refusals`);
      await db.query(`drop table test_unrecordable`);
    },
  };
}
