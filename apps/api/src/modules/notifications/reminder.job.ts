import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { EntityManager, RequestContext } from '@mikro-orm/postgresql';
import { Clock } from '../../common/clock';
import { ClinicService } from '../clinic/clinic.service';
import { reminderNotice, type ReminderDetails } from './appointment-notices';
import { NotificationsRepository } from './notifications.repository';
import { Outbox } from './outbox';

const BATCH = 200;

/**
 * Sends the reminders that are due. Each batch is taken (deleted, `for update skip locked`, so instances never
 * take the same one) and turned into notifications and deliveries in one transaction: a reminder is sent once,
 * or, if the transaction fails, stays to be taken again. One whose appointment has already begun is dropped.
 */
@Injectable()
export class ReminderJob {
  private readonly logger = new Logger(ReminderJob.name);

  constructor(
    private readonly em: EntityManager,
    private readonly repository: NotificationsRepository,
    private readonly outbox: Outbox,
    private readonly clinic: ClinicService,
    private readonly clock: Clock,
  ) {}

  @Cron(CronExpression.EVERY_MINUTE, { name: 'send-appointment-reminders' })
  async tick(): Promise<void> {
    try {
      await this.run();
    } catch (error) {
      this.logger.error(`Sending reminders failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Sends what is due now; returns how many reminders went out. */
  run(): Promise<number> {
    return RequestContext.create(this.em, async () => {
      const { timezone } = await this.clinic.settings();
      let sent = 0;
      for (;;) {
        const now = this.clock.now();
        const { taken, published } = await this.em.transactional(async () => {
          const rows = await this.repository.takeDueReminders(now, BATCH);
          const upcoming = rows.filter((row) => Date.parse((row.details as unknown as ReminderDetails).startsAt) > now.getTime());
          const notices = upcoming.map((row) => reminderNotice({ ...row, details: row.details as unknown as ReminderDetails }, timezone));
          return { taken: rows.length, published: await this.outbox.write(notices) };
        });
        sent += published.length;
        await this.outbox.announce(published);
        if (taken < BATCH) return sent;
      }
    });
  }
}
