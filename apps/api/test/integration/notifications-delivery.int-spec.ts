import { jest } from '@jest/globals';
import type { TestApp } from '../support/test-app';
import { registerPatients } from './appointment-fixtures';
import { eventually, type SmtpSink } from '../support/smtp-sink';
import { createMailApp, refuseRecords, rows, type DeliveryRecord, type MailApp } from './notification-fixtures';

/**
 * Delivery through outages of a real SMTP server: while it answers 451 (try later) every message stays
 * queued with its error recorded and is retried; once it recovers each message arrives exactly once (counted
 * by the X-Carebook-Delivery header) and ends `sent`. A message the server accepted but the database would not
 * record as sent (for a while) is recorded later and never sent again. A 550 is final: `failed` after one
 * attempt, the job not retried.
 */
jest.setTimeout(90_000);

describe('email delivery through SMTP outages (real SMTP server, pg-boss retries)', () => {
  let m: MailApp;
  let t: TestApp;
  let sink: SmtpSink;

  beforeAll(async () => {
    m = await createMailApp();
    ({ t, sink } = m);
  });
  afterAll(async () => {
    await m?.close();
  });

  const deliveriesTo = (emails: string[]) =>
    rows<DeliveryRecord>(m.db, `select * from deliveries where recipient = any($1::text[]) and channel = 'email' order by recipient`, [emails]);
  const jobOf = async (id: string) =>
    (await rows<{ state: string; retry_count: number }>(m.db, `select state, retry_count from pgboss.job where name = 'deliveries' and id = $1`, [id]))[0];
  const forgot = (emails: string[]) =>
    Promise.all(emails.map((email) => t.http.post('/api/auth/password/forgot').send({ email }).expect(202)));

  it('a temporary failure (451) for a while, then recovery: every message delivered exactly once, attempts and errors recorded', async () => {
    const patients = await registerPatients(t, 8);
    const emails = patients.map((p) => p.email);
    sink.behaviour = { reply: { code: 451, message: '4.3.0 Mail server temporarily unavailable' } };
    await forgot(emails);

    // Failing: each message refused at least twice, still queued, the server's answer kept.
    const failing = await eventually(
      'every message refused twice',
      async () => {
        const found = await deliveriesTo(emails);
        return found.length === emails.length && found.every((d) => d.attempts >= 2) && found;
      },
      30_000,
    );
    expect(failing.map((d) => ({ status: d.status, error: /451/.test(d.last_error ?? '') }))).toEqual(emails.map(() => ({ status: 'queued', error: true })));
    expect(sink.mails.filter((mail) => emails.includes(mail.to))).toEqual([]);
    expect(sink.refusals.length).toBeGreaterThanOrEqual(2 * emails.length);

    sink.behaviour = {};
    const sent = await eventually(
      'every message sent after recovery',
      async () => {
        const found = await deliveriesTo(emails);
        return found.every((d) => d.status === 'sent') && found;
      },
      30_000,
    );
    expect(sent.every((d) => d.attempts > 2 && d.last_error === null)).toBe(true);
    const counts = sink.countsByDelivery();
    expect(sent.map((d) => [d.recipient, counts.get(d.id)])).toEqual(sent.map((d) => [d.recipient, 1]));
    for (const d of sent) expect(await jobOf(d.id)).toMatchObject({ state: 'completed' });
    // The delivery log shows the same to an admin.
    expect(sink.to(emails[0])).toHaveLength(1);
  });

  it('accepted by the server, but the database refuses to record it sent for a while: recorded once it can be, never sent again', async () => {
    const [patient] = await registerPatients(t, 1);
    const records = await refuseRecords(m.db);
    try {
      await records.refuse(patient.email);
      await forgot([patient.email]);
      const mail = await sink.one(patient.email, 'Reset your');
      // The worker keeps trying to record it (within a second, then every second) and sends nothing more.
      await eventually('recording it refused three times', async () => (await records.refusals()) >= 3);
      const [waiting] = await deliveriesTo([patient.email]);
      expect(waiting).toMatchObject({ id: mail.deliveryId, status: 'queued', attempts: 0, last_error: null });

      await records.allow(patient.email);
      const [sent] = await eventually('the message recorded sent', async () => {
        const found = await deliveriesTo([patient.email]);
        return found[0]?.status === 'sent' && found;
      });
      expect(sent).toMatchObject({ id: mail.deliveryId, attempts: 1, last_error: null });
      // The job was neither failed nor retried: nothing is left to send it again.
      const job = await eventually('its job settled', async () => {
        const found = await jobOf(sent.id);
        return found?.state !== 'active' && found;
      });
      expect(job).toEqual({ state: 'completed', retry_count: 0 });
      expect(sink.countsByDelivery().get(sent.id)).toBe(1);
    } finally {
      await records.drop();
    }
  });

  it('a permanent failure (550): failed after one attempt with the reason, and not retried', async () => {
    const [refused, fine] = await registerPatients(t, 2);
    sink.behaviour = { refuseRecipients: new Map([[refused.email.toLowerCase(), 550]]) };
    await forgot([refused.email, fine.email]);
    await sink.one(fine.email, 'Reset your');
    const [failed] = await eventually('the refused delivery given up', async () => {
      const found = await deliveriesTo([refused.email]);
      return found[0]?.status === 'failed' && found;
    });
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.last_error).toMatch(/550/);
    // pg-boss was told it is final: the job failed without using its retries (told when the whole batch is done).
    const job = await eventually('the refused delivery’s job settled', async () => {
      const found = await jobOf(failed.id);
      return found?.state !== 'active' && found;
    });
    expect(job).toEqual({ state: 'failed', retry_count: 0 });
    expect(sink.to(refused.email)).toEqual([]);
    sink.behaviour = {};
  });
});
