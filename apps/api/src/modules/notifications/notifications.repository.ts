import { Injectable } from '@nestjs/common';
import { raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { DeliveryChannel, DeliveryStatus, NotificationKind, NotificationPreferences, Role } from '@carebook/shared';
import { PreparedStatement } from '../../database/bound-statement';
import type { MailContext } from './mail-templates';
import type { SmsProviderStatus } from './notification.entity';

export interface NotificationRow {
  id: string;
  user_id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
}

/**
 * The queue's job insert as common table expressions of the outbox statement (DeliveryQueue.jobInsert): `ctes`
 * reads the ids of the deliveries from the CTE `d`; `queued` counts the jobs it inserted.
 */
export interface JobInsert {
  ctes: string;
  queued: string;
}

/** A person to notify: their account (the users module's `user_accounts` view) and their preferences. */
export interface RecipientRow {
  id: string;
  role: Role;
  full_name: string;
  email: string;
  phone: string | null;
  preferences: NotificationPreferences;
}

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  eventKey: string;
  title: string;
  body: string;
  link: string | null;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  /** Text content (calendar files). */
  content: string;
}

export interface NewDelivery {
  eventKey: string;
  userId: string;
  channel: DeliveryChannel;
  kind: NotificationKind;
  recipient: string;
  subject: string;
  /** An SMS's text; none for an email, which is rendered from `context` when it is sent. */
  textBody: string | null;
  htmlBody: string | null;
  /** An email's template fields at the time of the event. */
  context: MailContext | null;
  attachments: MailAttachment[] | null;
}

/** The delivery queue at a glance (see `deliveryQueue`). */
export interface DeliveryQueueState {
  counts: Record<DeliveryStatus, number>;
  /** Queued deliveries that failed at least once and wait for a retry. */
  retrying: number;
  /** Seconds the oldest queued delivery has waited; null when none is queued. */
  oldestQueuedSeconds: number | null;
}

export interface DeliveryRow {
  id: string;
  user_id: string;
  channel: DeliveryChannel;
  kind: NotificationKind;
  recipient: string;
  subject: string;
  /** An SMS's text, or an email rendered when it was written (rows older than `context`). */
  text_body: string | null;
  html_body: string | null;
  /** An email's template fields at the time of the event, from which it is rendered. */
  context: MailContext | null;
  attachments: MailAttachment[] | null;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  provider_id: string | null;
  /** An SMS provider's last word on the message (null for email, and until the provider's first callback). */
  provider_status: SmsProviderStatus | null;
  created_at: Date;
  sent_at: Date | null;
}

export interface DeliveryFilter {
  channel?: DeliveryChannel;
  status?: DeliveryStatus;
  kind?: NotificationKind;
  /** Part of the address or number. */
  to?: string;
}

export interface ReminderRow {
  appointment_id: string;
  offset_minutes: number;
  due_at: Date;
  patient_id: string;
  details: Record<string, unknown>;
}

const PREFERENCES = `json_build_object(
  'email', json_build_object('appointments', coalesce(p.email_appointments, true), 'reminders', coalesce(p.email_reminders, true),
    'messages', coalesce(p.email_messages, true)),
  'sms', json_build_object('appointments', coalesce(p.sms_appointments, true), 'reminders', coalesce(p.sms_reminders, true)))`;

/**
 * The unread counts of several people at once ($1: their ids as a uuid[] literal), for the announcements after
 * commits (Outbox.announce); people with nothing unread have no row.
 */
export const UNREAD_COUNTS = new PreparedStatement(`select user_id, count(*) as n from notifications
  where user_id = any($1::uuid[]) and read_at is null group by user_id`);

/** The people an outbox write notifies, with their preferences ($1: their ids as a uuid[] literal). */
export const RECIPIENTS = new PreparedStatement(`select u.id, u.role, u.full_name, u.email, u.phone, ${PREFERENCES} as preferences
  from user_accounts u left join notification_preferences p on p.user_id = u.id
  where u.id = any($1::uuid[])`);

const DELIVERY_LIST_COLUMNS = `id, user_id, channel, kind, recipient, subject, status, attempts, last_error, provider_id, created_at, sent_at`;

function deliveryWhere(filter: DeliveryFilter): { where: string; params: Record<string, unknown> } {
  const conditions: string[] = [];
  const params: Record<string, unknown> = {};
  for (const key of ['channel', 'status', 'kind'] as const) {
    if (filter[key]) {
      conditions.push(`${key} = :${key}`);
      params[key] = filter[key];
    }
  }
  if (filter.to) {
    conditions.push(`recipient ilike :to`);
    params['to'] = `%${filter.to.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  return { where: conditions.length ? `where ${conditions.join(' and ')}` : '', params };
}

/**
 * The outbox's one statement (NotificationsRepository.insertOutbox): $1 the bell entries and $2 the deliveries as
 * JSON, with `jobs` the queue's job insert for the deliveries it inserts. It reads no unread count: one read
 * before the commit misses other transactions' entries and reads made meanwhile (see Outbox.announce).
 */
export function outboxStatementText(jobs?: JobInsert): string {
  return `with n as (
      insert into notifications (user_id, kind, event_key, title, body, link)
      select "userId", kind, "eventKey", title, body, link
      from jsonb_to_recordset($1::jsonb) as r("userId" uuid, kind text, "eventKey" text, title text, body text, link text)
      on conflict (event_key, user_id) do nothing
      returning id, user_id, kind, title, body, link, created_at, read_at
    ), d as (
      insert into deliveries (event_key, user_id, channel, kind, recipient, subject, text_body, html_body, context, attachments)
      select "eventKey", "userId", channel, kind, recipient, subject, "textBody", "htmlBody", context, attachments
      from jsonb_to_recordset($2::jsonb) as r("eventKey" text, "userId" uuid, channel text, kind text, recipient text,
        subject text, "textBody" text, "htmlBody" text, context jsonb, attachments jsonb)
      on conflict (event_key, user_id, channel) do nothing
      returning id
    )${jobs ? `, ${jobs.ctes}` : ''}
    select
      (select json_agg(n) from n) as notifications,
      (select json_agg(id) from d) as delivery_ids,
      ${jobs ? jobs.queued : 'null'} as queued`;
}

/**
 * The notifications module's SQL: notifications, deliveries, notification_preferences and appointment_reminders.
 * Every statement runs in the caller's transaction when there is one (EntityManager.execute), which is how the
 * outbox rows commit, or roll back, with the change that caused them.
 */
@Injectable()
export class NotificationsRepository {
  private readonly outboxStatements = new Map<string, PreparedStatement>();

  constructor(private readonly em: EntityManager) {}

  recipients(userIds: readonly string[]): Promise<RecipientRow[]> {
    return RECIPIENTS.execute<RecipientRow>(this.em, [`{${userIds.join(',')}}`]);
  }

  /**
   * One statement, one round trip: the bell entries and the deliveries not yet there for their (event,
   * person[, channel]), with `jobs` the queue's jobs for the deliveries it inserted. Returns the entries inserted,
   * the ids of the deliveries inserted, and how many jobs were queued
   * (null without `jobs`: the caller queues them). Runs in the caller's transaction, as a prepared statement.
   */
  async insertOutbox(
    notifications: NewNotification[],
    deliveries: NewDelivery[],
    jobs?: JobInsert,
  ): Promise<{ notifications: NotificationRow[]; deliveryIds: string[]; queued: number | null }> {
    if (notifications.length === 0 && deliveries.length === 0) return { notifications: [], deliveryIds: [], queued: jobs ? 0 : null };
    const [row] = await this.outboxStatement(jobs).execute<{ notifications: NotificationRow[] | null; delivery_ids: string[] | null; queued: string | number | null }>(
      this.em,
      [JSON.stringify(notifications), JSON.stringify(deliveries)],
    );
    return {
      notifications: row.notifications ?? [],
      deliveryIds: row.delivery_ids ?? [],
      queued: row.queued === null ? null : Number(row.queued),
    };
  }

  /** The outbox statement with or without the queue's job insert (which is the same for the life of the process). */
  private outboxStatement(jobs: JobInsert | undefined): PreparedStatement {
    const key = jobs ? jobs.ctes : '';
    let statement = this.outboxStatements.get(key);
    if (!statement) {
      statement = new PreparedStatement(outboxStatementText(jobs));
      this.outboxStatements.set(key, statement);
    }
    return statement;
  }

  async page(userId: string, unreadOnly: boolean, limit: number, offset: number): Promise<{ rows: NotificationRow[]; total: number; unread: number }> {
    const rows = await this.em.execute<(NotificationRow & { total: string })[]>(
      raw(
        `select id, user_id, kind, title, body, link, created_at, read_at, count(*) over () as total
         from notifications where user_id = :userId ${unreadOnly ? 'and read_at is null' : ''}
         order by created_at desc, id desc limit :limit offset :offset`,
        { userId, limit, offset },
      ),
    );
    const unread = await this.unreadCount(userId);
    const total = rows.length > 0 ? Number(rows[0].total) : offset === 0 ? 0 : await this.count(userId, unreadOnly);
    return { rows, total, unread };
  }

  private async count(userId: string, unreadOnly: boolean): Promise<number> {
    const [row] = await this.em.execute<{ n: string }[]>(
      raw(`select count(*) as n from notifications where user_id = :userId ${unreadOnly ? 'and read_at is null' : ''}`, { userId }),
    );
    return Number(row.n);
  }

  async unreadCount(userId: string): Promise<number> {
    const [row] = await this.em.execute<{ n: string }[]>(
      raw('select count(*) as n from notifications where user_id = :userId and read_at is null', { userId }),
    );
    return Number(row.n);
  }

  /** Each person's unread count (0 for one with nothing unread), in one query. */
  async unreadCounts(userIds: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map(userIds.map((id) => [id, 0]));
    if (userIds.length === 0) return counts;
    const rows = await UNREAD_COUNTS.execute<{ user_id: string; n: string }>(this.em, [`{${userIds.join(',')}}`]);
    for (const row of rows) counts.set(row.user_id, Number(row.n));
    return counts;
  }

  /** Marks one of the user's entries read (keeping the first read time); false when it is not theirs. */
  async markRead(userId: string, id: string, now: Date): Promise<boolean> {
    const rows = await this.em.execute<{ id: string }[]>(
      raw('update notifications set read_at = coalesce(read_at, :now) where id = :id and user_id = :userId returning id', { id, userId, now }),
    );
    return rows.length > 0;
  }

  /** Marks the user's unread entries that lead to `link` read (what they acted on themselves). */
  async markLinkRead(userId: string, link: string, now: Date): Promise<void> {
    await this.em.execute(
      raw('update notifications set read_at = :now where user_id = :userId and read_at is null and link = :link', { userId, link, now }),
    );
  }

  /**
   * Marks the user's entries created up to `upTo` read. The API gives `createdAt` in milliseconds while the
   * column keeps microseconds, so `upTo` covers its whole millisecond: the newest entry a client has seen,
   * sent back as `upTo`, is marked too.
   */
  async markAllRead(userId: string, upTo: Date, now: Date): Promise<void> {
    await this.em.execute(
      raw(
        `update notifications set read_at = :now
         where user_id = :userId and read_at is null and created_at < :upTo::timestamptz + interval '1 millisecond'`,
        { userId, upTo, now },
      ),
    );
  }

  async savePreferences(userId: string, value: NotificationPreferences, now: Date): Promise<void> {
    await this.em.execute(
      raw(
        `insert into notification_preferences (user_id, email_appointments, email_reminders, email_messages, sms_appointments, sms_reminders, updated_at)
         values (:userId, :ea, :er, :em, :sa, :sr, :now)
         on conflict (user_id) do update set email_appointments = excluded.email_appointments, email_reminders = excluded.email_reminders,
           email_messages = excluded.email_messages, sms_appointments = excluded.sms_appointments, sms_reminders = excluded.sms_reminders,
           updated_at = excluded.updated_at`,
        {
          userId,
          ea: value.email.appointments,
          er: value.email.reminders,
          em: value.email.messages,
          sa: value.sms.appointments,
          sr: value.sms.reminders,
          now,
        },
      ),
    );
  }

  async deliveries(filter: DeliveryFilter, limit: number, offset: number): Promise<{ rows: DeliveryRow[]; total: number }> {
    const { where, params } = deliveryWhere(filter);
    const rows = await this.em.execute<(DeliveryRow & { total: string })[]>(
      raw(
        `select ${DELIVERY_LIST_COLUMNS}, count(*) over () as total from deliveries ${where}
         order by created_at desc, id desc limit :limit offset :offset`,
        { ...params, limit, offset },
      ),
    );
    if (rows.length > 0 || offset === 0) return { rows, total: rows.length > 0 ? Number(rows[0].total) : 0 };
    const [row] = await this.em.execute<{ n: string }[]>(raw(`select count(*) as n from deliveries ${where}`, params));
    return { rows, total: Number(row.n) };
  }

  async delivery(id: string): Promise<DeliveryRow | undefined> {
    const [row] = await this.em.execute<DeliveryRow[]>(raw('select * from deliveries where id = :id', { id }));
    return row;
  }

  /**
   * Queue depth and failures for the metrics and the admin's System page: deliveries by status, how many of
   * the queued ones have failed at least once (waiting for a retry), and the age of the oldest queued one (by the
   * database's clock, as `created_at` is).
   */
  async deliveryQueue(): Promise<DeliveryQueueState> {
    const rows = await this.em.execute<{ status: DeliveryStatus; n: string; retried: string; oldest_seconds: string | null }[]>(
      raw(
        `select status, count(*) as n, count(*) filter (where attempts > 0) as retried,
                extract(epoch from now() - min(created_at)) as oldest_seconds
         from deliveries group by status`,
      ),
    );
    const counts: Record<DeliveryStatus, number> = { queued: 0, sent: 0, failed: 0 };
    let retrying = 0;
    let oldestQueuedSeconds: number | null = null;
    for (const row of rows) {
      counts[row.status] = Number(row.n);
      if (row.status === 'queued') {
        retrying = Number(row.retried);
        oldestQueuedSeconds = row.oldest_seconds === null ? null : Math.max(0, Number(row.oldest_seconds));
      }
    }
    return { counts, retrying, oldestQueuedSeconds };
  }

  /** The deliveries of a batch of queue jobs, in one read. */
  deliveriesOf(ids: readonly string[]): Promise<DeliveryRow[]> {
    return this.em.execute<DeliveryRow[]>(raw('select * from deliveries where id = any(:ids::uuid[])', { ids: `{${ids.join(',')}}` }));
  }

  /**
   * Accepted by the SMTP server, the development mailbox or the SMS provider (with its message id), each at its
   * own time: one statement for all of them. Those with `eraseLink` lose the link of their context as they become
   * sent, so a sent row never holds it.
   */
  async markSent(sent: readonly { id: string; at: Date; providerId: string | null; eraseLink: boolean }[]): Promise<void> {
    if (sent.length === 0) return;
    await this.em.execute(
      raw(
        `update deliveries d set status = 'sent', attempts = d.attempts + 1, sent_at = s.at, last_error = null,
           provider_id = coalesce(s."providerId", d.provider_id),
           context = case when s."eraseLink" then d.context - 'actionUrl' else d.context end
         from jsonb_to_recordset(:sent::jsonb) as s(id uuid, at timestamptz, "providerId" text, "eraseLink" boolean)
         where d.id = s.id and d.status = 'queued'`,
        { sent: JSON.stringify(sent) },
      ),
    );
  }

  /**
   * The SMS provider took the message; it stays queued until its status callback says what became of it. Once
   * only: writing it again changes nothing.
   */
  async markHandedOver(id: string, providerId: string): Promise<void> {
    await this.em.execute(
      raw(`update deliveries set attempts = attempts + 1, last_error = null, provider_id = :providerId where id = :id and status = 'queued' and provider_id is null`, {
        id,
        providerId,
      }),
    );
  }

  /**
   * Records a failed attempt; `final` gives up, and with `eraseLink` the given-up row forgets its email's link
   * (nothing will send it). Returns the attempts made so far.
   */
  async markAttemptFailed(id: string, error: string, final: boolean, eraseLink: boolean): Promise<number> {
    const [row] = await this.em.execute<{ attempts: number }[]>(
      raw(
        `update deliveries set attempts = attempts + 1, last_error = :error, status = case when :final then 'failed' else status end,
           context = case when :final and :eraseLink then context - 'actionUrl' else context end
         where id = :id and status = 'queued' returning attempts`,
        { id, error: error.slice(0, 1000), final, eraseLink },
      ),
    );
    return row?.attempts ?? 0;
  }

  /**
   * Deliveries whose queue job pg-boss gave up on (its retries used up): failed with `reason`, followed by the last
   * failed attempt's error, when still waiting (not sent, not failed already, not awaiting the SMS provider's
   * callback); those of `eraseLinkKinds` forget their email's link (nothing will send it). Returns the ids it failed.
   */
  async giveUp(given: readonly { id: string; reason: string }[], eraseLinkKinds: readonly NotificationKind[]): Promise<string[]> {
    const rows = await this.em.execute<{ id: string }[]>(
      raw(
        `update deliveries d set status = 'failed', last_error = left(g.reason || coalesce('; the last failed attempt: ' || d.last_error, ''), 1000),
           context = case when d.kind = any(:erase::text[]) then d.context - 'actionUrl' else d.context end
         from jsonb_to_recordset(:given::jsonb) as g(id uuid, reason text)
         where d.id = g.id and d.status = 'queued' and d.provider_id is null
         returning d.id`,
        { given: JSON.stringify(given), erase: `{${eraseLinkKinds.join(',')}}` },
      ),
    );
    return rows.map((row) => row.id);
  }

  /**
   * The SMS provider's status callback for a message it took. `sent` (handed to the carrier) and `delivered` show
   * the delivery sent; `undelivered` and `failed` show it failed with `error`. A final word (delivered,
   * undelivered, failed) stands, but a carrier's `undelivered` or `failed` after `sent` turns the delivery failed:
   * some carriers never confirm delivery, so `sent` may be all that comes. Callbacks can arrive out of order, so a
   * late `sent` changes nothing. False when nothing changed.
   */
  async settleByProvider(providerId: string, providerStatus: SmsProviderStatus, error: string | null, now: Date): Promise<boolean> {
    const failed = providerStatus === 'undelivered' || providerStatus === 'failed';
    const rows = await this.em.execute<{ id: string }[]>(
      raw(
        `update deliveries set status = :status, provider_status = :providerStatus, last_error = :error,
           sent_at = case when :failed then null else coalesce(sent_at, :now) end
         where provider_id = :providerId and channel = 'sms'
           and (status = 'queued' or (status = 'sent' and provider_status = 'sent' and :providerStatus <> 'sent'))
         returning id`,
        { providerId, providerStatus, status: failed ? 'failed' : 'sent', failed, error, now },
      ),
    );
    return rows.length > 0;
  }

  /** Replaces the reminders of these appointments with `rows` (none for an appointment without rows). */
  async replaceReminders(appointmentIds: readonly string[], rows: ReminderRow[]): Promise<void> {
    await this.em.execute(raw('delete from appointment_reminders where appointment_id = any(:ids::uuid[])', { ids: `{${appointmentIds.join(',')}}` }));
    if (rows.length === 0) return;
    await this.em.execute(
      raw(
        `insert into appointment_reminders (appointment_id, offset_minutes, due_at, patient_id, details)
         select appointment_id, offset_minutes, due_at, patient_id, details
         from jsonb_to_recordset(:rows::jsonb) as r(appointment_id uuid, offset_minutes int, due_at timestamptz, patient_id uuid, details jsonb)`,
        { rows: JSON.stringify(rows) },
      ),
    );
  }

  /** Takes (deletes and returns) up to `limit` reminders due by `now` that no other instance is taking. */
  takeDueReminders(now: Date, limit: number): Promise<ReminderRow[]> {
    return this.em.execute<ReminderRow[]>(
      raw(
        `delete from appointment_reminders where (appointment_id, offset_minutes) in (
           select appointment_id, offset_minutes from appointment_reminders where due_at <= :now
           order by due_at limit :limit for update skip locked)
         returning appointment_id, offset_minutes, due_at, patient_id, details`,
        { now, limit },
      ),
    );
  }
}
