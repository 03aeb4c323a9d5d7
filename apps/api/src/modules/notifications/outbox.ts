import { Injectable, Logger } from '@nestjs/common';
import { EntityManager, RequestContext } from '@mikro-orm/postgresql';
import { NOTIFICATION_TOPIC, type NotificationItem, type NotificationKind } from '@carebook/shared';
import { GroupCommit } from '../../common/group-commit';
import { AppConfig } from '../../config/app-config';
import { ClinicService } from '../clinic/clinic.service';
import { Realtime } from '../realtime/realtime.service';
import { DeliveryQueue } from './delivery-queue';
import { smsNumber } from './sms-number';
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

/** What the admin's delivery log shows instead of a security email's link when real mail is configured. */
export const WITHHELD_LINK = '[link withheld: it signs in as this person]';

/** A link carrying a password token, as rows rendered when they were written hold it (text, or HTML-escaped). */
const TOKEN_LINK = /\bhttps?:\/\/[^\s"'<>]*token(?:=|&#x3D;)[\w-]+/g;

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
  private readonly logger = new Logger(Outbox.name);
  private templates?: MailTemplates;
  /**
   * The unread counts announcements carry, read after their commits: the people of every announcement made while
   * one read is in flight (or in the same turn of the event loop) are counted by the next, in one query, so a
   * burst of bookings costs a few reads rather than one per entry.
   */
  private readonly unreadCounts = new GroupCommit<string, number>((userIds) => this.readUnreadCounts(userIds));

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

  /**
   * Whether this kind's link is kept from everyone but its recipient: a security email's link (a password reset,
   * an invitation) signs in as the person it was sent to, so once real mail is configured (SMTP_URL) an admin never
   * reads it (`adminMessage`) and the row forgets it once it is sent (or given up). The development mailbox
   * exists for an admin to read every message whole, links included: there nothing is withheld.
   */
  withholdsLink(kind: NotificationKind): boolean {
    return Boolean(this.config.smtpUrl) && NOTIFICATION_TOPIC[kind] === 'security';
  }

  /** A delivery's message as the admin's delivery log shows it: `message`, with a withheld link replaced (see `withholdsLink`). */
  adminMessage(delivery: Pick<DeliveryRow, 'kind' | 'subject' | 'text_body' | 'html_body' | 'context'>): RenderedMail {
    if (!this.withholdsLink(delivery.kind)) return this.message(delivery);
    if (delivery.context) return this.mailTemplates().render(delivery.kind, { ...delivery.context, actionUrl: undefined, linkWithheld: WITHHELD_LINK });
    // A row rendered when it was written (before `context`) holds the link in its text and HTML.
    const { subject, text, html } = this.message(delivery);
    return { subject, text: text.replace(TOKEN_LINK, WITHHELD_LINK), html: html.replace(TOKEN_LINK, WITHHELD_LINK) };
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
      const phone = this.smsAddress(recipient, topic);
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
   * After the commit: each recipient's open pages get the entry and their unread count, read now. A count read
   * inside the change's transaction would miss entries that other transactions were committing for the same
   * person at the same time, and anything read in between, and the badge would stay wrong until the bell is
   * opened. The counts of concurrent announcements are read together (`unreadCounts`).
   */
  async announce(rows: readonly NotificationRow[]): Promise<void> {
    // The change has committed: its deliveries are visible to this instance's worker.
    this.queue.wake();
    if (rows.length === 0) return;
    const people = [...new Set(rows.map((row) => row.user_id))];
    let counts: number[];
    try {
      counts = await Promise.all(people.map((userId) => this.unreadCounts.submit(userId)));
    } catch (error) {
      // The change has committed and its entries are in the bell: a live update missed is not worth failing it.
      this.logger.warn(`Could not read unread counts to announce ${rows.length} notification(s): ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const countOf = new Map(people.map((userId, i) => [userId, counts[i]]));
    for (const row of rows) {
      this.realtime.toUsers([row.user_id], 'notification:new', { notification: toNotificationItem(row), unreadCount: countOf.get(row.user_id) ?? 0 });
    }
  }

  /** One batch of `unreadCounts`: a count per id handed in, in that order, from one query in a context of its own. */
  private async readUnreadCounts(userIds: string[]): Promise<number[]> {
    const counts = await RequestContext.create(this.em, () => this.repository.unreadCounts([...new Set(userIds)]));
    return userIds.map((userId) => counts.get(userId) ?? 0);
  }

  /** Where an SMS about this topic goes (see `smsNumber`), when the person wants this topic by SMS. */
  private smsAddress(recipient: RecipientRow, topic: string): string | null {
    if (topic !== 'appointments' && topic !== 'reminders') return null;
    return recipient.preferences.sms[topic] ? smsNumber(recipient.phone) : null;
  }

}
