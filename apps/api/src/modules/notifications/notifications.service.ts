import { Injectable, NotFoundException } from '@nestjs/common';
import type { NotificationPreferences, NotificationPreferencesView } from '@carebook/shared';
import type { AuthUser } from '../../common/auth-user';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { ClinicService } from '../clinic/clinic.service';
import { appointmentLink, appointmentNotices, type AppointmentChange, type ReminderDetails } from './appointment-notices';

/** What scheduling an appointment's reminders needs to know of it. */
export type ReminderSubject = Pick<AppointmentChange['appointment'], 'id' | 'status' | 'startsAt' | 'patientId' | 'doctorName' | 'location'>;
import type {
  DeliveryDetailDto,
  DeliveryDto,
  DeliveryPage,
  ListDeliveriesQuery,
  ListNotificationsQuery,
  NotificationPage,
} from './dto/notifications.dto';
import { smsNumber } from './sms-number';
import { NotificationsRepository, type DeliveryRow, type NotificationRow } from './notifications.repository';
import { Outbox, toNotificationItem, type Notice } from './outbox';
import { SmsSender } from './sms-sender';

function toDeliveryDto(row: DeliveryRow): DeliveryDto {
  return {
    id: row.id,
    channel: row.channel,
    to: row.recipient,
    kind: row.kind,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: new Date(row.created_at).toISOString(),
    sentAt: row.sent_at ? new Date(row.sent_at).toISOString() : null,
  };
}

/**
 * What other modules call to tell people things, and what the bell, the preferences and the admin's delivery
 * log read. `appointmentChanged` and `notify` run inside the caller's transaction (see Outbox); the caller
 * passes what they return to `announce` once it has committed.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly repository: NotificationsRepository,
    private readonly outbox: Outbox,
    private readonly clinic: ClinicService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly sms: SmsSender,
  ) {}

  notify(notices: readonly Notice[]): Promise<NotificationRow[]> {
    return this.outbox.write(notices);
  }

  announce(rows: readonly NotificationRow[]): Promise<void> {
    return this.outbox.announce(rows);
  }

  /**
   * The notices of an appointment change, and its reminders: a confirmed appointment gets one per offset of the
   * clinic's `reminderOffsetsMinutes` still ahead (a time already past is skipped); any other state has none.
   */
  async appointmentChanged(change: AppointmentChange): Promise<NotificationRow[]> {
    const { format } = await this.clinic.identity();
    // A new request has no reminders yet (only confirmed appointments have them).
    if (change.event !== 'booked' || change.appointment.status === 'confirmed') await this.syncReminders([change.appointment]);
    // Whoever changed the appointment has dealt with it: their unread entries about it (the request a doctor
    // answers, say) leave the bell's count, as the separate count of waiting requests it replaces did. A booking
    // is new, so nobody has entries about it yet.
    if (change.actor && change.event !== 'booked') {
      await this.repository.markLinkRead(change.actor.id, appointmentLink(change.appointment.id), this.clock.now());
    }
    return this.outbox.write(appointmentNotices(change, format));
  }

  /**
   * Inside the caller's transaction: these appointments' reminders as the clinic's offsets say now (after a
   * change of the appointment, or of the offsets).
   */
  async syncReminders(appointments: readonly ReminderSubject[]): Promise<void> {
    if (appointments.length === 0) return;
    const { reminderOffsetsMinutes } = await this.clinic.identity();
    const now = this.clock.now().getTime();
    const rows = appointments
      .filter((a) => a.status === 'confirmed')
      .flatMap((a) => {
        const details: ReminderDetails = { startsAt: a.startsAt.toISOString(), doctorName: a.doctorName, location: a.location };
        return reminderOffsetsMinutes.map((offset) => ({
          appointment_id: a.id,
          offset_minutes: offset,
          due_at: new Date(a.startsAt.getTime() - offset * 60_000),
          patient_id: a.patientId,
          details: { ...details },
        }));
      })
      .filter((reminder) => reminder.due_at.getTime() > now);
    await this.repository.replaceReminders(
      appointments.map((a) => a.id),
      rows,
    );
  }

  async list(user: AuthUser, query: ListNotificationsQuery): Promise<NotificationPage> {
    const { rows, total, unread } = await this.repository.page(user.id, query.unread === true, query.pageSize, (query.page - 1) * query.pageSize);
    return { items: rows.map(toNotificationItem), total, unreadCount: unread };
  }

  async markRead(user: AuthUser, id: string): Promise<number> {
    if (!(await this.repository.markRead(user.id, id, this.clock.now()))) throw new NotFoundException('No such notification');
    return this.repository.unreadCount(user.id);
  }

  async markAllRead(user: AuthUser, upTo?: string): Promise<number> {
    const now = this.clock.now();
    await this.repository.markAllRead(user.id, upTo ? new Date(upTo) : now, now);
    return this.repository.unreadCount(user.id);
  }

  /** The person's choices, with the number their text messages go to (none when no SMS can be sent). */
  async preferences(user: AuthUser): Promise<NotificationPreferencesView> {
    // The account and its choices (the defaults where none are saved), as the outbox reads them.
    const [recipient] = await this.repository.recipients([user.id]);
    if (!recipient) throw new NotFoundException('No such account');
    return { ...recipient.preferences, smsNumber: smsNumber(recipient.phone) };
  }

  async savePreferences(user: AuthUser, value: NotificationPreferences): Promise<NotificationPreferencesView> {
    const clean: NotificationPreferences = {
      email: { appointments: value.email.appointments, reminders: value.email.reminders, messages: value.email.messages },
      sms: { appointments: value.sms.appointments, reminders: value.sms.reminders },
    };
    await this.repository.savePreferences(user.id, clean, this.clock.now());
    return this.preferences(user);
  }

  async deliveries(query: ListDeliveriesQuery): Promise<DeliveryPage> {
    const { rows, total } = await this.repository.deliveries(query, query.pageSize, (query.page - 1) * query.pageSize);
    return { items: rows.map(toDeliveryDto), total, mailboxEmail: !this.config.smtpUrl, mailboxSms: this.sms.mailbox };
  }

  async delivery(id: string): Promise<DeliveryDetailDto> {
    const row = await this.repository.delivery(id);
    if (!row) throw new NotFoundException('No such delivery');
    // An email as it was (or will be) sent, rendered from the context stored with it; with real mail, a security
    // email's link (which signs in as its recipient) withheld.
    const message = row.channel === 'email' ? this.outbox.adminMessage(row) : { text: row.text_body ?? '', html: null };
    return {
      ...toDeliveryDto(row),
      text: message.text,
      html: message.html,
      attachments: (row.attachments ?? []).map((file) => ({
        filename: file.filename,
        contentType: file.contentType,
        size: Buffer.byteLength(file.content),
      })),
    };
  }

  deliveryQueue() {
    return this.repository.deliveryQueue();
  }

  /**
   * The SMS provider's status callback. Twilio reports queued → sending → sent → delivered | undelivered | failed:
   * `sent` (handed to the carrier) or `delivered` show the delivery sent, `undelivered` or `failed` show it failed,
   * also after `sent` (a carrier may never confirm delivery, but may still report it lost); see
   * NotificationsRepository.settleByProvider. Other states wait.
   */
  async smsStatus(signature: string | undefined, url: string, params: Record<string, string>): Promise<boolean> {
    if (!(await this.sms.verifyCallback(signature, url, params))) return false;
    const sid = params['MessageSid'];
    const status = params['MessageStatus'];
    if (!sid) return true;
    const now = this.clock.now();
    if (status === 'delivered' || status === 'sent') await this.repository.settleByProvider(sid, status, null, now);
    else if (status === 'failed' || status === 'undelivered') {
      await this.repository.settleByProvider(sid, status, `SMS ${status}${params['ErrorCode'] ? ` (error ${params['ErrorCode']})` : ''}`, now);
    }
    return true;
  }
}
