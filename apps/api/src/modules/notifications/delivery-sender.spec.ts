import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { MailerService } from '@nestjs-modules/mailer';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Job } from 'pg-boss';
import { Clock } from '../../common/clock';
import { DeliveryOptions } from './delivery-options';
import type { DeliveryJob, DeliveryQueue } from './delivery-queue';
import { DeliverySender } from './delivery-sender';
import type { DeliveryRow, NotificationsRepository } from './notifications.repository';
import type { Outbox } from './outbox';
import type { SmsSender } from './sms-sender';

const DELIVERY: DeliveryRow = {
  id: 'd1',
  user_id: 'u1',
  channel: 'email',
  kind: 'password-reset',
  recipient: 'pat@example.test',
  subject: 'Reset your password',
  text_body: null,
  html_body: null,
  context: { clinicName: 'Carebook Clinic', publicUrl: 'https://portal.carebook.test', recipientName: 'Pat Patient' },
  attachments: null,
  status: 'queued',
  attempts: 0,
  last_error: null,
  provider_id: null,
  provider_status: null,
  created_at: new Date('2026-03-02T09:00:00Z'),
  sent_at: null,
};

/** The delivery's job, as pg-boss hands it over (again, after its heartbeat was lost, with the same id). */
const JOB = { id: 'd1', name: 'deliveries', data: { deliveryId: 'd1' }, retryCount: 0 } as Job<DeliveryJob>;

/** A sender whose database refuses to record anything as sent while `refusing` is on. */
function fakes() {
  const row = { ...DELIVERY };
  const database = { refusing: true };
  const repository = {
    deliveriesOf: jest.fn(() => Promise.resolve([{ ...row }])),
    markSent: jest.fn(() => {
      if (database.refusing) return Promise.reject(new Error('connection terminated unexpectedly'));
      Object.assign(row, { status: 'sent', attempts: row.attempts + 1 });
      return Promise.resolve();
    }),
    markHandedOver: jest.fn(() => Promise.resolve()),
    markAttemptFailed: jest.fn(() => Promise.resolve(1)),
  };
  const em = { name: 'default', fork: () => em };
  const mailer = { sendMail: jest.fn(() => Promise.resolve({})) };
  const outbox = { message: () => ({ subject: DELIVERY.subject, text: 'Reset it here', html: '' }), withholdsLink: () => false };
  const sender = new DeliverySender(
    { handleWith: () => undefined } as unknown as DeliveryQueue,
    em as unknown as EntityManager,
    repository as unknown as NotificationsRepository,
    outbox as unknown as Outbox,
    mailer as unknown as MailerService,
    {} as SmsSender,
    new Clock(),
    new DeliveryOptions(),
  );
  return { sender, repository, mailer, database, row };
}

/** Polls (the sender retries on real timers, within a second). */
async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('still not so after 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('DeliverySender', () => {
  beforeEach(() => {
    // The refused records are logged; the tests assert what the sender does about them.
    for (const level of ['log', 'warn', 'error'] as const) jest.spyOn(Logger.prototype, level).mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  describe('run, when the database does not take the record of a message the server accepted', () => {
    it('keeps the job while it writes the record again; the job coming back meanwhile waits for it and sends nothing', async () => {
      const f = fakes();
      const first = f.sender.run([JOB]);
      await until(() => f.repository.markSent.mock.calls.length >= 2);
      // The same job again (its heartbeat lost in the outage): the message is not sent a second time.
      const again = f.sender.run([JOB]);
      await until(() => f.repository.markSent.mock.calls.length >= 3);
      f.database.refusing = false;

      expect(await Promise.all([first, again])).toEqual([[{ id: 'd1', status: 'completed' }], [{ id: 'd1', status: 'completed' }]]);
      expect(f.mailer.sendMail).toHaveBeenCalledTimes(1);
      expect(f.row).toMatchObject({ status: 'sent', attempts: 1 });
      expect(f.repository.markAttemptFailed).not.toHaveBeenCalled();
    });

    it('fails the job when the process stops before the record is written (sent again after the restart), without counting a failed attempt', async () => {
      const f = fakes();
      const result = f.sender.run([JOB]);
      await until(() => f.repository.markSent.mock.calls.length >= 2);

      await f.sender.beforeApplicationShutdown();

      expect(await result).toEqual([
        { id: 'd1', status: 'failed', output: { error: 'Handed over, but could not be recorded before the process stopped: connection terminated unexpectedly' } },
      ]);
      expect(f.mailer.sendMail).toHaveBeenCalledTimes(1);
      expect(f.repository.markAttemptFailed).not.toHaveBeenCalled();
      expect(f.row.status).toBe('queued');
    });
  });
});
