import { Injectable, Logger } from '@nestjs/common';
import { MailerService } from '@nestjs-modules/mailer';
import { EntityManager, RequestContext } from '@mikro-orm/postgresql';
import type { Job, JobResult } from 'pg-boss';
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

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

interface SentMark {
  id: string;
  at: Date;
  providerId: string | null;
  settle: (error?: Error) => void;
}

/**
 * Sends what the `deliveries` queue hands over: each email through @nestjs-modules/mailer (SMTP, or the
 * development mailbox's JSON transport), rendered from the template fields stored with it; each SMS through the
 * configured provider. A delivery is sent once: one already sent (a job re-run after its worker died) is
 * skipped. A temporary failure is recorded and the job retried with backoff; a permanent one, or the last
 * attempt, marks the delivery `failed`. A batch of jobs reads its deliveries in one query, and the sends the
 * server accepts while one "sent" update is in flight are recorded together by the next.
 */
@Injectable()
export class DeliverySender {
  private readonly logger = new Logger(DeliverySender.name);
  private readonly sentMarks: SentMark[] = [];
  private recording?: Promise<void>;
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
    queue.handleWith((jobs) => this.run(jobs));
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
      await this.send(delivery);
      return { id: job.id, status: 'completed' };
    } catch (error) {
      const permanent = isPermanent(error);
      const attempts = await this.repository.markAttemptFailed(delivery.id, describe(error), permanent || delivery.attempts + 1 >= this.options.maxAttempts);
      const final = permanent || attempts >= this.options.maxAttempts;
      this.logger.warn(`Delivery ${delivery.id} (${delivery.channel}) attempt ${attempts} failed${final ? ', giving up' : ''}: ${describe(error)}`);
      return { id: job.id, status: final ? 'deadletter' : 'failed', output: { error: describe(error) } };
    }
  }

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
      await this.recordSent(delivery.id, null);
      return;
    }
    const receipt = await this.sms.send(delivery.recipient, delivery.text_body ?? '');
    if (receipt.settled || !receipt.providerId) await this.recordSent(delivery.id, receipt.providerId);
    else await this.repository.markHandedOver(delivery.id, receipt.providerId);
  }

  /** Records the delivery as sent now; resolves once the database has it (the update of the next group). */
  private recordSent(id: string, providerId: string | null): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.sentMarks.push({ id, at: this.clock.now(), providerId, settle: (error) => (error === undefined ? resolve() : reject(error)) });
      this.recording ??= this.recordPending();
    });
  }

  private async recordPending(): Promise<void> {
    try {
      while (this.sentMarks.length > 0) {
        const group = this.sentMarks.splice(0);
        try {
          await RequestContext.create(this.em, () => this.repository.markSent(group.map(({ id, at, providerId }) => ({ id, at, providerId }))));
          for (const mark of group) mark.settle();
        } catch (error) {
          const reason = error instanceof Error ? error : new Error(`Could not record the delivery as sent: ${String(error)}`);
          for (const mark of group) mark.settle(reason);
        }
      }
    } finally {
      this.recording = undefined;
    }
  }
}
