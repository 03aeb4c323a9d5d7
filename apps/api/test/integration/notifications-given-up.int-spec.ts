import { jest } from '@jest/globals';
import type { TestApp } from '../support/test-app';
import { registerPatients } from './appointment-fixtures';
import { eventually, type SmtpSink } from '../support/smtp-sink';
import { createMailApp, refuseRecords, rows, type DeliveryRecord, type MailApp } from './notification-fixtures';

/**
 * Giving up, with a small `maxAttempts` (3: pg-boss's retry limit 2) and a real SMTP server answering 451 (try
 * later) to everything: after its third attempt a delivery ends `failed` with the server's answer and nothing
 * more is sent; never `queued` for good, also when pg-boss uses up the job's retries without the sender having
 * counted the attempts (the database refusing to record them, as in an outage).
 */
jest.setTimeout(90_000);

const MAX_ATTEMPTS = 3;
const GIVEN_UP = /^Given up: the delivery queue's retries are used up \(3 runs; the last ended with: .*451 4\.3\.0 Mail server temporarily unavailable\)$/;

describe('email deliveries given up (real SMTP server answering 451, pg-boss retries)', () => {
  let m: MailApp;
  let t: TestApp;
  let sink: SmtpSink;

  beforeAll(async () => {
    m = await createMailApp({}, { delivery: { maxAttempts: MAX_ATTEMPTS } });
    ({ t, sink } = m);
  });
  afterAll(async () => {
    await m?.close();
  });
  beforeEach(() => {
    sink.behaviour = { reply: { code: 451, message: '4.3.0 Mail server temporarily unavailable' } };
  });
  afterEach(() => {
    sink.behaviour = {};
  });

  const deliveryTo = async (email: string) =>
    (await rows<DeliveryRecord>(m.db, `select * from deliveries where recipient = $1 and channel = 'email'`, [email])).at(0);
  const jobOf = async (id: string) =>
    (await rows<{ state: string; retry_count: number }>(m.db, `select state, retry_count from pgboss.job where name = 'deliveries' and id = $1`, [id]))[0];
  const givenUpJobOf = async (id: string) =>
    (await rows<{ state: string }>(m.db, `select state from pgboss.job where name = 'deliveries-given-up' and source_id = $1`, [id])).at(0);
  const contextOf = async (id: string) =>
    (await rows<{ context: Record<string, unknown> }>(m.db, `select context from deliveries where id = $1`, [id]))[0].context;
  const refusalsOf = (id: string) => sink.refusals.filter((refusal) => refusal.deliveryId === id).length;
  const forgot = (email: string) => t.http.post('/api/auth/password/forgot').send({ email }).expect(202);
  const failedDelivery = (email: string) =>
    eventually(
      'the delivery failed',
      async () => {
        const found = await deliveryTo(email);
        return found?.status === 'failed' && found;
      },
      30_000,
    );

  it('a server that answers 451 to every attempt: after maxAttempts (3) the delivery is failed with its last error, and nothing more is sent', async () => {
    const [patient] = await registerPatients(t, 1);
    await forgot(patient.email);
    const failed = await failedDelivery(patient.email);
    expect(failed).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(await contextOf(failed.id)).not.toHaveProperty('actionUrl');
    // The server's answer to the last attempt, as the sender recorded it (not pg-boss giving up).
    expect(failed.last_error).toMatch(/^(?!Given up).*451 4\.3\.0 Mail server temporarily unavailable$/);
    // The last attempt told pg-boss it is final: the job is not run again, and its dead-letter copy changes nothing.
    expect(await jobOf(failed.id)).toEqual({ state: 'failed', retry_count: MAX_ATTEMPTS - 1 });
    await eventually('the dead-letter copy handled', async () => (await givenUpJobOf(failed.id))?.state === 'completed');
    expect(await deliveryTo(patient.email)).toEqual(failed);
    expect(refusalsOf(failed.id)).toBe(MAX_ATTEMPTS);
    expect(sink.countsByDelivery().has(failed.id)).toBe(false);
  });

  it('pg-boss uses up the job’s retries while the database refuses to record the failed attempts: the delivery ends failed with why', async () => {
    const [patient] = await registerPatients(t, 1);
    const records = await refuseRecords(m.db, 'failed attempt');
    try {
      await records.refuse(patient.email);
      await forgot(patient.email);
      const failed = await failedDelivery(patient.email);
      // No attempt was counted: the queue's dead letter is what ended it.
      expect(failed).toMatchObject({ status: 'failed', attempts: 0 });
      expect(failed.last_error).toMatch(GIVEN_UP);
      // A reset link nobody will send is not kept in the row (real mail is configured here).
      expect(await contextOf(failed.id)).not.toHaveProperty('actionUrl');
      expect(await records.refusals()).toBe(MAX_ATTEMPTS);
      expect(refusalsOf(failed.id)).toBe(MAX_ATTEMPTS);
      expect(await jobOf(failed.id)).toEqual({ state: 'failed', retry_count: MAX_ATTEMPTS - 1 });
    } finally {
      await records.drop();
    }
  });
});
