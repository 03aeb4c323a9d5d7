import twilio from 'twilio';
import pg from 'pg';
import { createTestApp, type TestApp } from '../support/test-app';
import { registerPatient, type Session } from '../support/accounts';
import { PUBLIC_URL, rows } from './notification-fixtures';

/**
 * SMS_PROVIDER=twilio: a message Twilio took stays `queued` until Twilio's signed status callback says what
 * became of it; a callback whose signature does not match the auth token changes nothing. (Sending itself
 * needs Twilio's servers; the callback is what decides the status the admin sees.)
 */
const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
const CALLBACK = `${PUBLIC_URL}/api/notifications/sms-status`;

describe('SMS delivery status from Twilio’s signed callback (real PostgreSQL)', () => {
  let t: TestApp;
  let db: pg.Pool;
  let patient: Session;

  beforeAll(async () => {
    t = await createTestApp({
      PUBLIC_URL,
      SMS_PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000000',
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: '+447700900123',
    });
    db = new pg.Pool({ connectionString: t.databaseUrl, max: 2 });
    patient = await registerPatient(t, { fullName: 'Sam Texted' });
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
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
