import twilio from 'twilio';
import pg from 'pg';
import { createTestApp, type TestApp } from '../support/test-app';
import { registerPatient, type Session } from '../support/accounts';
import { eventually } from '../support/smtp-sink';
import { TwilioApi } from '../support/twilio-api';
import { bookableDoctor, book } from './appointment-fixtures';
import { PUBLIC_URL, refuseRecords, rows, slotSequence, type DeliveryRecord } from './notification-fixtures';
import { mondayAhead } from './scheduling-fixtures';

/**
 * SMS_PROVIDER=twilio, with Twilio's REST API played by a local HTTP server (TWILIO_API_URL): a message Twilio
 * took stays `queued` until Twilio's signed status callback says what became of it; a callback whose signature
 * does not match the auth token changes nothing. A number Twilio refuses for good (HTTP 4xx) fails at once;
 * Twilio being busy or down (429, 5xx) is retried until it takes the message; a message Twilio took is never
 * sent again because the database could not record it for a while.
 */
const ACCOUNT_SID = 'AC00000000000000000000000000000000';
const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
const FROM = '+447700900123';
const CALLBACK = `${PUBLIC_URL}/api/notifications/sms-status`;
const ZONE = 'Europe/London';

describe('SMS through Twilio: sending, and the delivery status from its signed callback (real PostgreSQL)', () => {
  const api = new TwilioApi(ACCOUNT_SID, AUTH_TOKEN);
  let t: TestApp;
  let db: pg.Pool;
  let patient: Session;
  let autoDoctor: Session;
  const nextSlot = slotSequence(mondayAhead(ZONE));

  beforeAll(async () => {
    await api.start();
    t = await createTestApp(
      {
        PUBLIC_URL,
        CLINIC_TIMEZONE: ZONE,
        SMS_PROVIDER: 'twilio',
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_FROM: FROM,
        TWILIO_API_URL: api.url,
      },
      { delivery: { retryDelaySeconds: 1, retryDelayMaxSeconds: 2 } },
    );
    db = new pg.Pool({ connectionString: t.databaseUrl, max: 2 });
    patient = await registerPatient(t, { fullName: 'Sam Texted' });
    autoDoctor = await bookableDoctor(t, { fullName: 'Dr Ben Auto', autoApprove: true });
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
    await api.stop();
  });

  /** A text Twilio has taken (as the sender leaves it): queued, with Twilio's message id. */
  async function handedOver(sid: string): Promise<void> {
    await db.query(
      `insert into deliveries (event_key, user_id, channel, kind, recipient, subject, text_body, status, attempts, provider_id)
       values ($1, $2, 'sms', 'appointment-reminder', '+447700900456', 'Reminder', 'Carebook: Reminder', 'queued', 1, $3)`,
      [`sms-test:${sid}`, patient.id, sid],
    );
  }
  const statusOf = async (sid: string) =>
    (await rows<{ status: string; last_error: string | null }>(db, 'select status, last_error from deliveries where provider_id = $1', [sid]))[0];
  const sentAtOf = async (sid: string) =>
    (await rows<{ sent_at: Date | null }>(db, 'select sent_at from deliveries where provider_id = $1', [sid]))[0].sent_at;
  const callback = (params: Record<string, string>, signature: string) =>
    t.http.post('/api/notifications/sms-status').type('form').set('X-Twilio-Signature', signature).send(params);

  /** A patient with this mobile number books the doctor who confirms himself: the confirmation's SMS delivery. */
  async function textedConfirmation(phone: string): Promise<{ patient: Session; sms: () => Promise<DeliveryRecord & { provider_id: string | null } | undefined> }> {
    const person = await registerPatient(t, { fullName: `Pat Mobile ${phone}` });
    await t.http.patch('/api/auth/me').set(person.auth).send({ phone }).expect(200);
    await book(t, person, autoDoctor.id, nextSlot());
    const sms = async () =>
      (await rows<DeliveryRecord & { provider_id: string | null }>(db, `select * from deliveries where user_id = $1 and channel = 'sms'`, [person.id])).at(0);
    return { patient: person, sms };
  }
  const jobOf = async (id: string) =>
    (await rows<{ state: string; retry_count: number }>(db, `select state, retry_count from pgboss.job where name = 'deliveries' and id = $1`, [id]))[0];

  it('Twilio refuses the number for good (HTTP 400, error 21211): the SMS fails at once with Twilio’s reason, and is not retried', async () => {
    const number = '+442079460101';
    const refusal = { status: 400, code: 21211, message: `The 'To' number ${number} is not a valid phone number.` };
    api.answers.set(number, [refusal, refusal, refusal]);
    const { sms } = await textedConfirmation(number);
    const failed = await eventually('the refused SMS given up', async () => {
      const found = await sms();
      return found?.status === 'failed' && found;
    });
    expect(failed).toMatchObject({ attempts: 1, provider_id: null });
    expect(failed.last_error).toBe(`Twilio refused the message (HTTP 400, error 21211): The 'To' number ${number} is not a valid phone number.`);
    // pg-boss was told it is final: the job failed without using its retries.
    const job = await eventually('the refused SMS’s job settled', async () => {
      const found = await jobOf(failed.id);
      return found?.state !== 'active' && found;
    });
    expect(job).toEqual({ state: 'failed', retry_count: 0 });
    expect(api.to(number)).toHaveLength(1);
  });

  it('Twilio busy (429), then down (503): retried until Twilio takes the message, which then waits for its callback', async () => {
    const number = '+442079460102';
    api.answers.set(number, [
      { status: 429, code: 20429, message: 'Too Many Requests' },
      { status: 503, code: 20503, message: 'Service Unavailable' },
    ]);
    const { sms } = await textedConfirmation(number);
    const taken = await eventually('the SMS taken by Twilio', async () => {
      const found = await sms();
      return found?.provider_id !== null && found;
    });
    const requests = api.to(number);
    expect(requests.map((r) => ({ sid: r.sid, authorised: r.authorised, from: r.from, statusCallback: r.statusCallback }))).toEqual([
      { sid: null, authorised: true, from: FROM, statusCallback: CALLBACK },
      { sid: null, authorised: true, from: FROM, statusCallback: CALLBACK },
      { sid: taken.provider_id, authorised: true, from: FROM, statusCallback: CALLBACK },
    ]);
    expect(requests[2].body).toContain('Appointment confirmed');
    expect(taken).toMatchObject({ status: 'queued', attempts: 3, last_error: null });
    expect(await eventually('its job completed', async () => (await jobOf(taken.id))?.state === 'completed')).toBe(true);

    const delivered = { MessageSid: taken.provider_id ?? '', MessageStatus: 'delivered' };
    await callback(delivered, twilio.getExpectedTwilioSignature(AUTH_TOKEN, CALLBACK, delivered)).expect(204);
    expect(await sms()).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
  });

  it('Twilio took the SMS but the database refuses to record it for a while: recorded once it can be, never sent to Twilio again', async () => {
    const number = '+442079460103';
    const records = await refuseRecords(db);
    try {
      await records.refuse(number);
      const { sms } = await textedConfirmation(number);
      // The worker keeps trying to record Twilio's id (within a second, then every second) and sends nothing more.
      await eventually('recording it refused three times', async () => (await records.refusals()) >= 3);
      expect(await sms()).toMatchObject({ status: 'queued', attempts: 0, provider_id: null, last_error: null });

      await records.allow(number);
      const taken = await eventually('Twilio’s id recorded', async () => {
        const found = await sms();
        return found?.provider_id !== null && found;
      });
      expect(taken).toMatchObject({ status: 'queued', attempts: 1, last_error: null });
      const job = await eventually('its job settled', async () => {
        const found = await jobOf(taken.id);
        return found?.state !== 'active' && found;
      });
      expect(job).toEqual({ state: 'completed', retry_count: 0 });
      expect(api.to(number).map((r) => r.sid)).toEqual([taken.provider_id]);
    } finally {
      await records.drop();
    }
  });

  it('delivered → sent', async () => {
    await handedOver('SM0001');
    const params = { MessageSid: 'SM0001', MessageStatus: 'delivered' };
    await callback(params, twilio.getExpectedTwilioSignature(AUTH_TOKEN, CALLBACK, params)).expect(204);
    expect(await statusOf('SM0001')).toEqual({ status: 'sent', last_error: null });
  });

  it('undelivered → failed, with the carrier’s error code', async () => {
    await handedOver('SM0002');
    const params = { MessageSid: 'SM0002', MessageStatus: 'undelivered', ErrorCode: '30003' };
    await callback(params, twilio.getExpectedTwilioSignature(AUTH_TOKEN, CALLBACK, params)).expect(204);
    expect(await statusOf('SM0002')).toEqual({ status: 'failed', last_error: 'SMS undelivered (error 30003)' });
  });

  it('sent (handed to the carrier) → sent; a later undelivered turns it failed, with the carrier’s error code', async () => {
    await handedOver('SM0004');
    const sent = { MessageSid: 'SM0004', MessageStatus: 'sent' };
    await callback(sent, twilio.getExpectedTwilioSignature(AUTH_TOKEN, CALLBACK, sent)).expect(204);
    expect(await statusOf('SM0004')).toEqual({ status: 'sent', last_error: null });
    // Some carriers never confirm delivery; this one reports the message lost afterwards.
    const undelivered = { MessageSid: 'SM0004', MessageStatus: 'undelivered', ErrorCode: '30005' };
    await callback(undelivered, twilio.getExpectedTwilioSignature(AUTH_TOKEN, CALLBACK, undelivered)).expect(204);
    expect(await statusOf('SM0004')).toEqual({ status: 'failed', last_error: 'SMS undelivered (error 30005)' });
    expect(await sentAtOf('SM0004')).toBeNull();
  });

  it('a final status stands: a late sent after delivered or failed changes nothing, nor an undelivered after delivered', async () => {
    await handedOver('SM0005');
    const sign = (params: Record<string, string>) => twilio.getExpectedTwilioSignature(AUTH_TOKEN, CALLBACK, params);
    const delivered = { MessageSid: 'SM0005', MessageStatus: 'delivered' };
    await callback(delivered, sign(delivered)).expect(204);
    const deliveredAt = await sentAtOf('SM0005');
    expect(deliveredAt).not.toBeNull();
    t.clock.advance(60_000);
    const lates: Record<string, string>[] = [{ MessageSid: 'SM0005', MessageStatus: 'sent' }, { MessageSid: 'SM0005', MessageStatus: 'undelivered', ErrorCode: '30005' }];
    for (const late of lates) {
      await callback(late, sign(late)).expect(204);
    }
    expect(await statusOf('SM0005')).toEqual({ status: 'sent', last_error: null });
    expect(await sentAtOf('SM0005')).toEqual(deliveredAt);

    await handedOver('SM0006');
    const failed = { MessageSid: 'SM0006', MessageStatus: 'failed', ErrorCode: '30008' };
    await callback(failed, sign(failed)).expect(204);
    const lateSent = { MessageSid: 'SM0006', MessageStatus: 'sent' };
    await callback(lateSent, sign(lateSent)).expect(204);
    expect(await statusOf('SM0006')).toEqual({ status: 'failed', last_error: 'SMS failed (error 30008)' });
    expect(await sentAtOf('SM0006')).toBeNull();
  });

  it('a callback not signed with the auth token is refused and changes nothing; an intermediate status waits', async () => {
    await handedOver('SM0003');
    const forged = { MessageSid: 'SM0003', MessageStatus: 'delivered' };
    await callback(forged, twilio.getExpectedTwilioSignature('another-token', CALLBACK, forged)).expect(403);
    await t.http.post('/api/notifications/sms-status').type('form').send(forged).expect(403);
    expect(await statusOf('SM0003')).toEqual({ status: 'queued', last_error: null });
    const sending = { MessageSid: 'SM0003', MessageStatus: 'sending' };
    await callback(sending, twilio.getExpectedTwilioSignature(AUTH_TOKEN, CALLBACK, sending)).expect(204);
    expect(await statusOf('SM0003')).toEqual({ status: 'queued', last_error: null });
  });
});
