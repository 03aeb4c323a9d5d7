import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { EntityManager } from '@mikro-orm/postgresql';
import { ScheduledJob } from '../../common/scheduled-job';
import { AvailabilitySummaryService } from './availability-summary.service';

/**
 * Keeps the availability summary up with the clock: at start-up and every minute it adds the days the horizon
 * has reached (or recomputes everything after a rules change another process did not finish), folds the kept
 * free-day counts, and brings forward the next-free rows whose slot time has passed. Safe with several instances:
 * the summary's advisory lock serialises recomputes, and a next-free row is only replaced if nobody rewrote it
 * meanwhile.
 */
@Injectable()
export class AvailabilitySummaryJob extends ScheduledJob<number> implements OnApplicationBootstrap {
  constructor(
    em: EntityManager,
    private readonly summary: AvailabilitySummaryService,
  ) {
    super(em, 'Maintaining the availability summary');
  }

  /** Before the API answers: a summary that covers today's rules. */
  async onApplicationBootstrap(): Promise<void> {
    await this.run();
  }

  @Cron(CronExpression.EVERY_MINUTE, { name: 'availability-summary' })
  protected override tick(): Promise<void> {
    return super.tick();
  }

  protected work(): Promise<number> {
    return this.summary.maintain();
  }
}
