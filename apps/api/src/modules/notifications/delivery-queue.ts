import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { fromKysely, PgBoss, type Job, type JobResult, type KyselyTransactionLike } from 'pg-boss';
import { DeliveryOptions } from './delivery-options';

const QUEUE = 'deliveries';

export interface DeliveryJob {
  deliveryId: string;
}

/**
 * The `deliveries` job queue (pg-boss, in the `pgboss` schema of the application database). Jobs are
 * inserted through the caller's open transaction, so a delivery is queued exactly when the change that caused
 * it commits; the job's id is the delivery's id. Every instance works the queue.
 */
@Injectable()
export class DeliveryQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryQueue.name);
  private boss?: PgBoss;
  private handler?: (jobs: Job<DeliveryJob>[]) => Promise<JobResult[]>;

  constructor(
    private readonly orm: MikroORM,
    private readonly em: EntityManager,
    private readonly options: DeliveryOptions,
  ) {}

  /** The sender; registered before the application starts. */
  handleWith(handler: (jobs: Job<DeliveryJob>[]) => Promise<JobResult[]>): void {
    this.handler = handler;
  }

  async onApplicationBootstrap(): Promise<void> {
    const boss = new PgBoss({
      connectionString: this.orm.config.get('clientUrl'),
      schema: 'pgboss',
      max: 4,
      superviseIntervalSeconds: this.options.superviseIntervalSeconds,
      monitorIntervalSeconds: this.options.monitorIntervalSeconds,
      // A job's insert NOTIFYs on commit and wakes a worker at once; polling stays as the fallback.
      useListenNotify: true,
      application_name: 'carebook-deliveries',
    });
    boss.on('error', (error: Error) => this.logger.error(`Delivery queue: ${error.message}`));
    await boss.start();
    const settings = {
      retryLimit: this.options.maxAttempts - 1,
      retryDelay: this.options.retryDelaySeconds,
      retryBackoff: true,
      retryDelayMax: this.options.retryDelayMaxSeconds,
      heartbeatSeconds: this.options.heartbeatSeconds,
      retentionSeconds: 7 * 24 * 3600,
      notify: true,
    };
    await boss.createQueue(QUEUE, settings);
    // createQueue leaves an existing queue as it was: settings changed since then apply too.
    await boss.updateQueue(QUEUE, settings);
    this.boss = boss;
    if (this.options.work && this.handler) {
      await boss.work<DeliveryJob>(
        QUEUE,
        // A full batch means more is waiting: fetch the next at once instead of after the polling interval.
        // Polling stays at 1 s with NOTIFY on (pg-boss would relax it to 30 s): retries come due without a NOTIFY.
        { batchSize: this.options.batchSize, perJobResults: true, pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 1, burstWhenBatchFull: true },
        this.handler,
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.boss?.stop({ graceful: true, timeout: 5000 });
    this.boss = undefined;
  }

  /** Queues the deliveries inside the caller's transaction: they are sent if, and only if, it commits. */
  async enqueue(deliveryIds: readonly string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    const transaction = this.em.getTransactionContext<KyselyTransactionLike>();
    if (!transaction) throw new Error('Deliveries are queued inside the transaction of the change that causes them');
    if (!this.boss) throw new Error('The delivery queue has not started');
    await this.boss.insert(
      QUEUE,
      deliveryIds.map((id) => ({ id, data: { deliveryId: id } satisfies DeliveryJob })),
      { db: fromKysely(transaction) },
    );
  }
}
