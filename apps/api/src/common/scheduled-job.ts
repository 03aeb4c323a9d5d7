import { Logger } from '@nestjs/common';
import { EntityManager, RequestContext } from '@mikro-orm/postgresql';

/**
 * The shape of a cron job: it runs outside any request, so its queries get an EntityManager context of their
 * own, and a failure is logged rather than thrown into the scheduler (the next tick tries again).
 */
export abstract class ScheduledJob<T> {
  protected readonly logger = new Logger(this.constructor.name);

  protected constructor(
    protected readonly em: EntityManager,
    /** What the job does, for the log: "Expiring pending appointments". */
    private readonly doing: string,
  ) {}

  /** The body of one run, inside its own context. */
  protected abstract work(): Promise<T>;

  /** One run now (the cron tick, or a test). */
  run(): Promise<T> {
    return RequestContext.create(this.em, () => this.work());
  }

  protected async tick(): Promise<void> {
    try {
      await this.run();
    } catch (error) {
      this.logger.error(`${this.doing} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
