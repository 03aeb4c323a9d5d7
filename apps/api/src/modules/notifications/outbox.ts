import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { NOTIFICATION_TOPIC, type NotificationItem, type NotificationKind } from '@carebook/shared';
import { AppConfig } from '../../config/app-config';
import { ClinicService } from '../clinic/clinic.service';
import { Realtime } from '../realtime/realtime.service';
import { DeliveryQueue } from './delivery-queue';
import { MailTemplates, type MailContext, type RenderedMail } from './mail-templates';
import { NotificationsRepository, type DeliveryRow, type MailAttachment, type NewDelivery, type NewNotification, type NotificationRow, type RecipientRow } from './notifications.repository';

/** One thing one person should be told. */
export interface Notice {
  kind: NotificationKind;
  /** Names the event; with the recipient (and channel) it is the key that makes each message happen once. */
  eventKey: string;
  recipientId: string;
  /** The bell's second line (the first is the email's subject). */
  summary: string;
  /** Where the bell entry and the email's button lead: a portal path such as /appointments/:id. */
  link?: string;
  actionLabel?: string;
  /** The template's fields for this kind. */
  context?: Record<string, unknown>;
  attachments?: MailAttachment[];
}

export function toNotificationItem(row: NotificationRow): NotificationItem {
  return {
    id: row.id,
    type: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    createdAt: new Date(row.created_at).toISOString(),
    readAt: row.read_at ? new Date(row.read_at).toISOString() : null,
  };
}

/**
 * The transactional outbox. `write` runs inside the transaction of the change that causes the notices: it adds
 * the bell entries, the email and SMS deliveries the recipients' preferences allow (security notices ignore
 * them) and the queue jobs that send them, so a change that rolls back tells nobody and one that commits is
 * always delivered. Unique keys make writing the same notice twice a no-op. `announce`, after the commit,
 * pushes `notification:new` with the unread count read from the database.
 */
@Injectable()
export class Outbox {
  private templates?: MailTemplates;

  constructor(
    private readonly em: EntityManager,
    private readonly repository: NotificationsRepository,
    private readonly queue: DeliveryQueue,
    private readonly clinic: ClinicService,
    private readonly config: AppConfig,
    private readonly realtime: Realtime,
  ) {}

  /**
   * The email templates, compiled on first use from the folder AppConfig found at start-up (`mailTemplatesDir`; no
   * setting names it): the build's `assets/mail` beside the bundle or under `dist/apps/api`, else the source's.
   */
  mailTemplates(): MailTemplates {
    this.templates ??= new MailTemplates(this.config.mailTemplatesDir);
    return this.templates;
  }

  /**
   * An email delivery's message: rendered from the context stored with it (the templates' fields at the time of
   * the event), or as stored by a version that rendered when writing.
   */
  message(delivery: Pick<DeliveryRow, 'kind' | 'subject' | 'text_body' | 'html_body' | 'context'>): RenderedMail {
    if (!delivery.context) return { subject: delivery.subject, text: delivery.text_body ?? '', html: delivery.html_body ?? '' };
    return this.mailTemplates().render(delivery.kind, delivery.context);
  }

  async write(notices: readonly Notice[]): Promise<NotificationRow[]> {
    if (notices.length === 0) return [];
    if (!this.em.isInTransaction()) throw new Error('The outbox is written inside the transaction of the change that causes it');
    const recipients = new Map((await this.repository.recipients([...new Set(notices.map((n) => n.recipientId))])).map((r) => [r.id, r]));
    const { clinicName } = await this.clinic.identity();
    const notifications: NewNotification[] = [];
    const deliveries: NewDelivery[] = [];
    for (const notice of notices) {
      const recipient = recipients.get(notice.recipientId);
      if (!recipient) continue;
      const topic = NOTIFICATION_TOPIC[notice.kind];
      const security = topic === 'security';
      const actionUrl = notice.link ? `${this.config.publicUrl}${notice.link}` : undefined;
      // Everything the templates read, as it is now: the message is rendered from it when it is sent.
      const context: MailContext = {
        ...notice.context,
        clinicName,
        publicUrl: this.config.publicUrl,
        recipientName: recipient.full_name,
        actionUrl,
        actionLabel: notice.actionLabel ?? 'Open in Carebook',
        security,
      };
      const subject = this.mailTemplates().subject(notice.kind, context);
      const base = { eventKey: notice.eventKey, userId: recipient.id, kind: notice.kind };
      if (!security) notifications.push({ ...base, title: subject, body: notice.summary, link: notice.link ?? null });
      if (security || (topic !== 'messages' ? recipient.preferences.email[topic] : recipient.preferences.email.messages)) {
        deliveries.push({
          ...base,
          channel: 'email',
          recipient: recipient.email,
          subject,
          textBody: null,
          htmlBody: null,
          context,
          attachments: notice.attachments ?? null,
        });
      }
      const phone = this.smsNumber(recipient, topic);
      if (phone) {
        const text = `${clinicName}: ${subject}${actionUrl ? ` ${actionUrl}` : ''}`;
        deliveries.push({ ...base, channel: 'sms', recipient: phone, subject, textBody: text, htmlBody: null, context: null, attachments: null });
      }
    }
    // Entries, deliveries and their queue jobs in one statement (pg-boss's insert as CTEs), or the jobs after it.
    const jobs = this.queue.jobInsert();
    const { notifications: inserted, deliveryIds } = await this.repository.insertOutbox(notifications, deliveries, jobs);
    if (!jobs) await this.queue.enqueue(deliveryIds);
    return inserted;
  }

  /**
   * After the commit: each recipient's open pages get the entry and their unread count (as the outbox statement
   * counted it, which saves a query per entry; read from the database for rows that do not carry it).
   */
  async announce(rows: readonly NotificationRow[]): Promise<void> {
    // The change has committed: its deliveries are visible to this instance's worker.
    this.queue.wake();
    for (const row of rows) {
      const unreadCount = row.unread_count ?? (await this.repository.unreadCount(row.user_id));
      this.realtime.toUsers([row.user_id], 'notification:new', { notification: toNotificationItem(row), unreadCount });
    }
  }

  /**
   * Where an SMS about this topic goes: the person's number in E.164 (`+442079460018`, as providers take it;
   * people type spaces and brackets), when it is a valid international number and they want appointments or
   * reminders by SMS. A number without its country code cannot be dialled from a provider: none.
   */
  private smsNumber(recipient: RecipientRow, topic: string): string | null {
    if (topic !== 'appointments' && topic !== 'reminders') return null;
    if (!recipient.preferences.sms[topic] || !recipient.phone?.trim().startsWith('+')) return null;
    const number = parsePhoneNumberFromString(recipient.phone);
    return number?.isValid() ? number.number : null;
  }
}
