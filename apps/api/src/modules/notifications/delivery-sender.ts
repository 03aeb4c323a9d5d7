import { Injectable, Logger } from '@nestjs/common';
import { MailerService } from '@nestjs-modules/mailer';
import { EntityManager, RequestContext } from '@mikro-orm/postgresql';
import type { Job, JobResult } from 'pg-boss';
import { Clock } from '../../common/clock';
import { DeliveryOptions } from './delivery-options';
import { DeliveryQueue, type DeliveryJob } from './delivery-queue';
import { NotificationsRepository, type DeliveryRow } from './notifications.repository';
import { SmsSender } from './sms-sender';

/** An SMTP answer that will not change on retry (5xx), or an address the server refuses outright. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * Sends what the `deliveries` queue hands over: each email through @nestjs-modules/mailer (SMTP, or the
 * development mailbox's JSON transport), each SMS through the configured provider. A delivery is sent once:
 * one already sent (a job re-run after its worker died) is skipped. A temporary failure is recorded and the job
 * retried with backoff; a permanent one, or the last attempt, marks the delivery `failed`.
 */
@Injectable()
export class DeliverySender {
  private readonly logger = new Logger(DeliverySender.name);

  constructor(
    queue: DeliveryQueue,
    private readonly em: EntityManager,
    private readonly repository: NotificationsRepository,
    private readonly mailer: MailerService,
    private readonly sms: SmsSender,
    private readonly clock: Clock,
    private readonly options: DeliveryOptions,
  ) {
    queue.handleWith((jobs) => this.run(jobs));
  }

  run(jobs: Job<DeliveryJob>[]): Promise<JobResult[]> {
    return Promise.all(jobs.map((job) => RequestContext.create(this.em, () => this.deliver(job))));
  }

  private async deliver(job: Job<DeliveryJob>): Promise<JobResult> {
    const delivery = await this.repository.delivery(job.data.deliveryId);
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
      await this.mailer.sendMail({
        to: delivery.recipient,
        subject: delivery.subject,
        text: delivery.text_body,
        html: delivery.html_body ?? undefined,
        attachments: (delivery.attachments ?? []).map((file) => ({ filename: file.filename, contentType: file.contentType, content: file.content })),
        headers: { 'X-Carebook-Delivery': delivery.id },
      });
      await this.repository.markSent(delivery.id, this.clock.now(), null);
      return;
    }
    const receipt = await this.sms.send(delivery.recipient, delivery.text_body);
    if (receipt.settled || !receipt.providerId) await this.repository.markSent(delivery.id, this.clock.now(), receipt.providerId);
    else await this.repository.markHandedOver(delivery.id, receipt.providerId);
  }
}
