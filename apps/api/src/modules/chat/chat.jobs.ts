import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { EntityManager } from '@mikro-orm/postgresql';
import { CHAT_LIMITS } from '@carebook/shared';
import { Clock } from '../../common/clock';
import { ScheduledJob } from '../../common/scheduled-job';
import { NotificationsService } from '../notifications/notifications.service';
import { ChatRepository } from './chat.repository';
import { ConsultationsService } from './consultations.service';

/** Any number that no other advisory lock of this database uses. */
const MESSAGE_NOTICE_LOCK_KEY = 0x63626d6e; // "cbmn"

/**
 * Tells people about messages they left unread for CHAT_LIMITS.notifyAfterMinutes: one notice per conversation
 * (in the bell, and by email as their `messages` preference says), not one per message, and again only after
 * they read what they were told about. The notices and the record that they were sent commit together, under
 * an advisory lock one instance holds at a time.
 */
@Injectable()
export class MessageNoticeJob extends ScheduledJob<number> {
  constructor(
    em: EntityManager,
    private readonly repository: ChatRepository,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {
    super(em, 'Notifying unread messages');
  }

  @Cron(CronExpression.EVERY_MINUTE, { name: 'notify-unread-messages' })
  protected override tick(): Promise<void> {
    return super.tick();
  }

  protected async work(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - CHAT_LIMITS.notifyAfterMinutes * 60_000);
    const published = await this.em.transactional(async () => {
      const due = await this.repository.takeDueNotices(cutoff, MESSAGE_NOTICE_LOCK_KEY);
      if (!due || due.length === 0) return [];
      return this.notifications.notify(
        due.map((notice) => ({
          kind: 'message-unread' as const,
          eventKey: `message-unread:${notice.conversation_id}:${notice.up_to_seq}`,
          recipientId: notice.recipient_id,
          summary: notice.unread === 1 ? `${notice.sender_name} sent you a message` : `${notice.sender_name} sent you ${notice.unread} messages`,
          link: `/messages/${notice.conversation_id}`,
          actionLabel: 'Read and reply',
          context: { senderName: notice.sender_name, count: notice.unread, several: notice.unread > 1 },
        })),
      );
    });
    await this.notifications.announce(published);
    return published.length;
  }
}

/**
 * Every 30 seconds: doctors whose pages stopped beating for two minutes are no longer available, waiting
 * patients whose pages stopped leave the queue, and whoever still waits is matched with a free doctor.
 */
@Injectable()
export class PresenceJob extends ScheduledJob<{ doctors: number; patients: number }> {
  constructor(
    em: EntityManager,
    private readonly consultations: ConsultationsService,
  ) {
    super(em, 'Expiring silent consultation presence');
  }

  @Cron(CronExpression.EVERY_30_SECONDS, { name: 'expire-consultation-presence' })
  protected override tick(): Promise<void> {
    return super.tick();
  }

  protected work(): Promise<{ doctors: number; patients: number }> {
    return this.consultations.expireSilent();
  }
}
