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
