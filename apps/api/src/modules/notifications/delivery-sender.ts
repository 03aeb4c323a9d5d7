import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { MailerService } from '@nestjs-modules/mailer';
import { EntityManager, RequestContext } from '@mikro-orm/postgresql';
import { NOTIFICATION_KINDS } from '@carebook/shared';
import type { Job, JobResult, JobWithMetadata } from 'pg-boss';
import { Clock } from '../../common/clock';
import { HeapBudget } from '../../common/heap-budget';
import { DeliveryOptions } from './delivery-options';
import { DeliveryQueue, type DeliveryJob } from './delivery-queue';
import { NotificationsRepository, type DeliveryRow } from './notifications.repository';
import { Outbox } from './outbox';
import { SmsRefused, SmsSender } from './sms-sender';

/** Garbage a backlog's sending lets the old generation gather before a full collection (see HeapBudget). */
const DELIVERY_HEAP_SLACK_BYTES = 48 * 1024 * 1024;

/**
 * A refusal that will not change on retry: an SMTP 5xx answer (also an address the server refuses outright), or
 * the SMS provider's (SmsRefused: an HTTP 4xx other than 408 and 429). Anything else (SMTP 4xx, HTTP 429 or 5xx,
 * no connection) is temporary.
 */
function isPermanent(error: unknown): boolean {
  if (error instanceof SmsRefused) return true;
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** What a job's output says ended its run: the sender's error, a thrown error's message, or pg-boss's own (a lost heartbeat). */
function lastOutcome(output: object | null): string {
  const { error, message, value } = (output ?? {}) as { error?: unknown; message?: unknown; value?: { message?: unknown } };
  const text = error ?? message ?? value?.message;
  return typeof text === 'string' ? text : 'no result';
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** How soon, then at most how often, this process tries again to record what it handed over (see `unrecorded`). */
const RECORD_RETRY_FIRST_MS = 100;
const RECORD_RETRY_MAX_MS = 1000;

/** A message the SMTP server, the development mailbox or the SMS provider took, to be recorded. */
interface Handover {
  id: string;
  at: Date;
  providerId: string | null;
  /** Whether the row forgets the email's link as it is recorded sent (Outbox.withholdsLink). */
  eraseLink: boolean;
  /** An SMS the provider took: it stays queued, with the provider's id, until the provider's status callback. */
  awaitsCallback: boolean;
}

/** A hand-over not yet recorded: `recorded` settles once it is (or rejects with NotRecorded at shutdown). */
interface Unrecorded {
  handover: Handover;
  recorded: Promise<void>;
  settle: (error?: unknown) => void;
}

/** The message went out but this process stops before it could record it: it will be sent again. */
class NotRecorded extends Error {
  constructor(cause: unknown) {
    super(`Handed over, but could not be recorded before the process stopped: ${describe(cause)}`);
    this.name = 'NotRecorded';
  }
}

/**
 * Sends what the `deliveries` queue hands over: each email through @nestjs-modules/mailer (SMTP, or the
 * development mailbox's JSON transport), rendered from the template fields stored with it; each SMS through the
 * configured provider. A delivery is sent once: one already sent (a job re-run after its worker died) is
 * skipped. A temporary failure is recorded and the job retried with backoff; a permanent one, or the last
 * attempt, marks the delivery `failed`. A batch of jobs reads its deliveries in one query, and the sends the
 * server accepts while one "sent" update is in flight are recorded together by the next.
 *
 * A failure to record a send (the database unreachable for a moment) is not a failure to send: the job waits while
 * the process keeps the hand-over in memory and writes it again (within a second, then every second) until the
 * database takes it, so its job is neither failed nor retried meanwhile, and a job for it that comes back here
 * anyway (its heartbeat lost in an outage) waits for the same record instead of sending again. Only a process
 * that ends between the hand-over and the record sends the message again (its jobs return to the queue).
 */
@Injectable()
export class DeliverySender implements BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliverySender.name);
  /** Handed over by this process and not yet recorded, by delivery id: never sent again from here. */
  private readonly unrecorded = new Map<string, Unrecorded>();
  /** Hand-overs for the next group write (see `record`). */
  private readonly waiting: Unrecorded[] = [];
  private recording?: Promise<void>;
  private retryTimer?: NodeJS.Timeout;
  private retryDelayMs = RECORD_RETRY_FIRST_MS;
  private stopping = false;
  /** Held while batches come full (a backlog, such as an import's invitations): see `run`. */
  private readonly heap = new HeapBudget(DELIVERY_HEAP_SLACK_BYTES);
  /** Full batches being sent now (the queue runs several workers, each with its own batch). */
  private fullBatches = 0;

  constructor(
    queue: DeliveryQueue,
    private readonly em: EntityManager,
    private readonly repository: NotificationsRepository,
    private readonly outbox: Outbox,
    private readonly mailer: MailerService,
    private readonly sms: SmsSender,
    private readonly clock: Clock,
    private readonly options: DeliveryOptions,
  ) {
    queue.handleWith(
      (jobs) => this.run(jobs),
      (jobs) => this.giveUp(jobs),
    );
  }

  /**
   * While batches come full (a backlog: an import's invitations are sent for minutes after it), the sending's
   * garbage is bounded as the import's is, and the young generation an import made small stays so; a backlog does
   * not shrink it itself (no last-resort collection, whose pause bookings would feel). The budget ends when a
   * batch that was not full finishes while no full one is being sent.
   */
  async run(jobs: Job<DeliveryJob>[]): Promise<JobResult[]> {
    const backlog = jobs.length >= this.options.batchSize;
    if (backlog) {
      this.fullBatches++;
      this.heap.begin(false);
    }
    try {
      const deliveries = await RequestContext.create(this.em, () => this.repository.deliveriesOf(jobs.map((job) => job.data.deliveryId)));
      const byId = new Map(deliveries.map((delivery) => [delivery.id, delivery]));
      return await Promise.all(jobs.map((job) => RequestContext.create(this.em, () => this.deliver(job, byId.get(job.data.deliveryId)))));
    } finally {
      if (backlog) {
        this.fullBatches--;
        this.heap.check();
      } else if (this.fullBatches === 0) {
        this.heap.end();
      }
    }
  }

  private async deliver(job: Job<DeliveryJob>, delivery: DeliveryRow | undefined): Promise<JobResult> {
    // Sent already, given up, or handed to the SMS provider: nothing to do (never send twice).
    if (!delivery || delivery.status !== 'queued' || delivery.provider_id) return { id: job.id, status: 'completed' };
    try {
      // Handed over by this process already (the job came back while its record was being retried): wait for it.
      const unrecorded = this.unrecorded.get(delivery.id);
      if (unrecorded) await unrecorded.recorded;
      else await this.send(delivery);
      return { id: job.id, status: 'completed' };
    } catch (error) {
      if (error instanceof NotRecorded) {
        // Not an attempt that failed: the message went out, but the process stops before recording it.
        this.logger.error(`Delivery ${delivery.id} (${delivery.channel}): ${error.message}`);
        return { id: job.id, status: 'failed', output: { error: error.message } };
      }
      const permanent = isPermanent(error);
      let attempts: number;
      try {
        attempts = await this.repository.markAttemptFailed(
          delivery.id,
          describe(error),
          permanent || delivery.attempts + 1 >= this.options.maxAttempts,
          this.outbox.withholdsLink(delivery.kind),
        );
      } catch (recording) {
        // This job alone fails (the rest of the batch may be waiting for their records): retried, or given up by
        // pg-boss when its retries are used up (see giveUp).
        this.logger.warn(`Delivery ${delivery.id} (${delivery.channel}) attempt failed (${describe(error)}), and could not be recorded: ${describe(recording)}`);
        return { id: job.id, status: 'failed', output: { error: describe(error) } };
      }
      const final = permanent || attempts >= this.options.maxAttempts;
      this.logger.warn(`Delivery ${delivery.id} (${delivery.channel}) attempt ${attempts} failed${final ? ', giving up' : ''}: ${describe(error)}`);
      return { id: job.id, status: final ? 'deadletter' : 'failed', output: { error: describe(error) } };
    }
  }

  /**
   * Jobs pg-boss gave up on (DeliveryQueue's dead-letter queue): their retries are used up, however their runs
   * ended. A delivery still waiting is failed with what ended the job's last run (and the last failed attempt's
   * error); one sent, failed already, awaiting the SMS provider, or handed over by this process and still being
   * recorded, is left as it is.
   */
  async giveUp(jobs: JobWithMetadata<DeliveryJob>[]): Promise<void> {
    const given = jobs
      .filter((job) => !this.unrecorded.has(job.data.deliveryId))
      .map((job) => ({
        id: job.data.deliveryId,
        reason: `Given up: the delivery queue's retries are used up (${(job.sourceRetryCount ?? 0) + 1} runs; the last ended with: ${lastOutcome(job.sourceOutput)})`,
      }));
    if (given.length === 0) return;
    const eraseLinkKinds = NOTIFICATION_KINDS.filter((kind) => this.outbox.withholdsLink(kind));
    const failed = await RequestContext.create(this.em, () => this.repository.giveUp(given, eraseLinkKinds));
    for (const id of failed) this.logger.warn(`Delivery ${id} given up: its job's retries are used up`);
  }

  /** Sends the message and records it; once the server or provider has taken it, nothing but NotRecorded is thrown. */
  private async send(delivery: DeliveryRow): Promise<void> {
    if (delivery.channel === 'email') {
      const message = this.outbox.message(delivery);
      await this.mailer.sendMail({
        to: delivery.recipient,
        subject: delivery.subject,
        text: message.text,
        html: message.html || undefined,
        attachments: (delivery.attachments ?? []).map((file) => ({ filename: file.filename, contentType: file.contentType, content: file.content })),
        headers: { 'X-Carebook-Delivery': delivery.id },
      });
      await this.record({ id: delivery.id, at: this.clock.now(), providerId: null, eraseLink: this.outbox.withholdsLink(delivery.kind), awaitsCallback: false });
      return;
    }
    const receipt = await this.sms.send(delivery.recipient, delivery.text_body ?? '');
    await this.record({ id: delivery.id, at: this.clock.now(), providerId: receipt.providerId, eraseLink: false, awaitsCallback: !receipt.settled && receipt.providerId !== null });
  }

  /**
   * Records a hand-over (sent, or taken by the SMS provider). Resolves once the database has it: written with the
   * next group, or, when that fails, by the retries (`retryLater`) however long the database takes.
   */
  private record(handover: Handover): Promise<void> {
    let settle: Unrecorded['settle'] = () => undefined;
    const recorded = new Promise<void>((resolve, reject) => {
      settle = (error) => (error === undefined ? resolve() : reject(new NotRecorded(error)));
    });
    const entry = { handover, recorded, settle };
    this.unrecorded.set(handover.id, entry);
    this.waiting.push(entry);
    this.recording ??= this.recordWaiting();
    return recorded;
  }

  private async recordWaiting(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting.splice(0);
        try {
          await this.write(group);
        } catch (error) {
          if (this.stopping) {
            for (const entry of group) entry.settle(error);
          } else {
            this.logger.warn(`Could not record ${group.length} deliveries handed over (trying again): ${describe(error)}`);
            this.retryLater();
          }
        }
      }
    } finally {
      this.recording = undefined;
    }
  }

  /** Writes these hand-overs' records, then settles and forgets them. Idempotent: a delivery recorded already is left as it is. */
  private async write(entries: readonly Unrecorded[]): Promise<void> {
    const handovers = entries.map((entry) => entry.handover);
    await RequestContext.create(this.em, async () => {
      const sent = handovers.filter((handover) => !handover.awaitsCallback);
      if (sent.length > 0) await this.repository.markSent(sent.map(({ id, at, providerId, eraseLink }) => ({ id, at, providerId, eraseLink })));
      for (const { id, providerId, awaitsCallback } of handovers) if (awaitsCallback && providerId) await this.repository.markHandedOver(id, providerId);
    });
    for (const entry of entries) {
      if (this.unrecorded.get(entry.handover.id) === entry) this.unrecorded.delete(entry.handover.id);
      entry.settle();
    }
  }

  /** Writes what is still unrecorded again soon, backing off to once a second while the database fails. */
  private retryLater(): void {
    if (this.retryTimer || this.stopping || this.unrecorded.size === 0) return;
    this.retryTimer = setTimeout(() => void this.retryUnrecorded(), this.retryDelayMs);
    this.retryTimer.unref();
  }

  private async retryUnrecorded(): Promise<void> {
    const entries = [...this.unrecorded.values()];
    // Written meanwhile with a later group.
    if (entries.length === 0) {
      this.retryTimer = undefined;
      return;
    }
    try {
      await this.write(entries);
      this.retryDelayMs = RECORD_RETRY_FIRST_MS;
      this.logger.log(`Recorded ${entries.length} deliveries handed over earlier`);
    } catch (error) {
      this.retryDelayMs = Math.min(this.retryDelayMs * 2, RECORD_RETRY_MAX_MS);
      this.logger.warn(`Still cannot record ${entries.length} deliveries handed over: ${describe(error)}`);
    }
    this.retryTimer = undefined;
    this.retryLater();
  }

  /**
   * A last try at recording what was handed over (before the queue and the database connection stop); what stays
   * unrecorded ends its jobs failed, and is sent again after a restart.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const entries = [...this.unrecorded.values()];
    if (entries.length === 0) return;
    await this.write(entries).catch((error: unknown) => {
      for (const entry of entries) entry.settle(error);
    });
  }
}
