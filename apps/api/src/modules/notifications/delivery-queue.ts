import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { fromKysely, PgBoss, type Job, type JobResult, type JobWithMetadata, type KyselyTransactionLike } from 'pg-boss';
import { DeliveryOptions } from './delivery-options';
import type { JobInsert } from './notifications.repository';

const QUEUE = 'deliveries';
/** The dead-letter queue of `deliveries`: the jobs pg-boss gave up on (see onApplicationBootstrap). */
const GIVEN_UP = 'deliveries-given-up';

/**
 * pg-boss's own job insert for the queue: `INSERT INTO … SELECT … FROM json_to_recordset($1::text::json) … ON
 * CONFLICT DO NOTHING RETURNING id`. As a CTE of another statement, `$1` reads the job list from that statement's
 * `d` CTE (the deliveries it inserted).
 */
const PG_BOSS_INSERT = /^\s*INSERT INTO [\s\S]*\bjson_to_recordset\(\$1::text::json\)[\s\S]*ON CONFLICT DO NOTHING\s+RETURNING id\s*$/;
const JOB_LIST = `(select coalesce(json_agg(json_build_object('id', id, 'data', json_build_object('deliveryId', id))), '[]') from d)`;

export interface DeliveryJob {
  deliveryId: string;
}

/**
 * The `deliveries` job queue (pg-boss, in the `pgboss` schema of the application database). Jobs are
 * inserted through the caller's open transaction, so a delivery is queued exactly when the change that caused
 * it commits; the job's id is the delivery's id. Every instance with DELIVERY_WORKER on (the default) works the queue.
 */
@Injectable()
export class DeliveryQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryQueue.name);
  private boss?: PgBoss;
  private handlers?: {
    send: (jobs: Job<DeliveryJob>[]) => Promise<JobResult[]>;
    giveUp: (jobs: JobWithMetadata<DeliveryJob>[]) => Promise<void>;
  };
  private insertTemplate?: JobInsert | null;
  private workerId?: string;

  constructor(
    private readonly orm: MikroORM,
    private readonly em: EntityManager,
    private readonly options: DeliveryOptions,
  ) {}

  /**
   * The sender: `send` works the queue's jobs, `giveUp` the jobs pg-boss gave up on (their retries used up).
   * Registered before the application starts.
   */
  handleWith(send: (jobs: Job<DeliveryJob>[]) => Promise<JobResult[]>, giveUp: (jobs: JobWithMetadata<DeliveryJob>[]) => Promise<void>): void {
    this.handlers = { send, giveUp };
  }

  async onApplicationBootstrap(): Promise<void> {
    const boss = new PgBoss({
      connectionString: this.orm.config.get('clientUrl'),
      schema: 'pgboss',
      max: 4,
      superviseIntervalSeconds: this.options.superviseIntervalSeconds,
      monitorIntervalSeconds: this.options.monitorIntervalSeconds,
      // No NOTIFY from the transactions that queue jobs: PostgreSQL serialises the commits of every transaction
      // that notified (one global lock held through the commit's WAL flush), which capped bookings at the disk's
      // flush rate. Workers poll (`pollingIntervalSeconds`) and this instance's are woken after each commit (`wake`).
      useListenNotify: false,
      application_name: 'carebook-deliveries',
    });
    boss.on('error', (error: Error) => this.logger.error(`Delivery queue: ${error.message}`));
    await boss.start();
    const retries = {
      retryLimit: this.options.maxAttempts - 1,
      retryDelay: this.options.retryDelaySeconds,
      retryBackoff: true,
      retryDelayMax: this.options.retryDelayMaxSeconds,
      heartbeatSeconds: this.options.heartbeatSeconds,
      retentionSeconds: 7 * 24 * 3600,
      notify: false,
    };
    // A job whose retries are used up while its delivery is still queued would leave the delivery queued for
    // good: its attempts are counted by the sender, and a run that ends without the sender recording a failed
    // attempt (a worker that died, the database unreachable) still uses a retry. pg-boss copies every job it gives
    // up on into this dead-letter queue, in the statement that fails it, whatever ended its last run, and the
    // sender marks the delivery failed from there (DeliverySender.giveUp). Simpler and surer than checking
    // `retryCount` in the handler (which a last run that never reaches the handler's end escapes) or a periodic
    // reconciliation against pg-boss's failed jobs (which reads them all again each time).
    await this.ensureQueue(boss, GIVEN_UP, retries);
    await this.ensureQueue(boss, QUEUE, { ...retries, deadLetter: GIVEN_UP });
    this.insertTemplate = await this.captureInsert(boss);
    if (!this.insertTemplate) this.logger.warn('pg-boss\'s job insert has an unexpected shape: queue jobs get a statement of their own');
    this.boss = boss;
    if (this.options.work && this.handlers) {
      this.workerId = await boss.work<DeliveryJob>(
        QUEUE,
        // A full batch means more is waiting: fetch the next at once instead of after the polling interval.
        // `concurrency` workers each fetch and send their own batch.
        { batchSize: this.options.batchSize, localConcurrency: this.options.concurrency, perJobResults: true, pollingIntervalSeconds: this.options.pollingIntervalSeconds, burstWhenBatchFull: true },
        this.handlers.send,
      );
      // With its metadata: how many runs the job had, and how the last one ended.
      await boss.work(GIVEN_UP, { batchSize: this.options.batchSize, includeMetadata: true, pollingIntervalSeconds: this.options.pollingIntervalSeconds }, this.handlers.giveUp);
    }
  }

  /** Creates the queue, or brings an existing one's settings up to date (createQueue leaves it as it was). */
  private async ensureQueue(boss: PgBoss, name: string, settings: Parameters<PgBoss['createQueue']>[1]): Promise<void> {
    await boss.createQueue(name, settings);
    await boss.updateQueue(name, settings);
  }

  /**
   * After a commit that queued deliveries: this instance's first worker fetches now instead of at its next poll
   * (the others fetch again as soon as their batch is done while batches come full). Workers of other instances
   * (DELIVERY_WORKER) find the jobs within `pollingIntervalSeconds`.
   */
  wake(): void {
    if (this.workerId) this.boss?.notifyWorker(this.workerId);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.boss?.stop({ graceful: true, timeout: 5000 });
    this.boss = undefined;
  }

  /**
   * The statement pg-boss would run to queue one job, captured (an adapter that runs nothing) as a CTE; null when its shape is not the one expected (another pg-boss version), and jobs are then queued by
   * `enqueue`. Job settings come from the queue's row, so the statement does not change while this runs.
   */
  private async captureInsert(boss: PgBoss): Promise<JobInsert | null> {
    let text = '';
    const capture = {
      executeSql: (sql: string) => {
        text = sql;
        return Promise.resolve({ rows: [] });
      },
    };
    await boss.insert(QUEUE, [{ id: randomUUID(), data: { deliveryId: '' } satisfies DeliveryJob }], { db: capture, returnId: true });
    if (!PG_BOSS_INSERT.test(text) || text.split('$1').length !== 2) return null;
    return { ctes: `ins as (${text.replace('$1', () => JOB_LIST)})`, queued: '(select count(*) from ins)' };
  }

  /**
   * The queue's job insert as CTEs of the outbox statement (one round trip for entries, deliveries and jobs):
   * one job per delivery the statement's `d` CTE inserted, with the delivery's id. Undefined before start-up or
   * when pg-boss's statement could not be used (then `enqueue`).
   */
  jobInsert(): JobInsert | undefined {
    return this.insertTemplate ?? undefined;
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
