import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { EntityManager } from '@mikro-orm/postgresql';
import { ScheduledJob } from '../../common/scheduled-job';
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
export class ReminderJob extends ScheduledJob<number> {
  constructor(
    em: EntityManager,
    private readonly repository: NotificationsRepository,
    private readonly outbox: Outbox,
    private readonly clinic: ClinicService,
    private readonly clock: Clock,
  ) {
    super(em, 'Sending reminders');
  }

  @Cron(CronExpression.EVERY_MINUTE, { name: 'send-appointment-reminders' })
  protected override tick(): Promise<void> {
    return super.tick();
  }

  /** Sends what is due now; returns how many reminders went out. */
  protected async work(): Promise<number> {
    const { format } = await this.clinic.identity();
    let sent = 0;
    for (;;) {
      const now = this.clock.now();
      const { taken, published } = await this.em.transactional(async () => {
        const rows = await this.repository.takeDueReminders(now, BATCH);
        const upcoming = rows.filter((row) => Date.parse((row.details as unknown as ReminderDetails).startsAt) > now.getTime());
        const notices = upcoming.map((row) => reminderNotice({ ...row, details: row.details as unknown as ReminderDetails }, format));
        return { taken: rows.length, published: await this.outbox.write(notices) };
      });
      sent += published.length;
      await this.outbox.announce(published);
      if (taken < BATCH) return sent;
    }
  }
}
