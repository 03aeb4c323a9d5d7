import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { ConversationsApi, type ConversationDto } from '@carebook/api-client';
import { debounceTime, filter } from 'rxjs';
import { Clinic } from '../../core/clinic';
import { Realtime } from '../../core/realtime';
import { Session } from '../../core/session';
import { formatDay, formatTime, localDate, todayIn } from '../../shared/clinic-time';
import { matchesMedia } from '../../shared/media';
import { PageStatus } from '../../shared/page-status';
import { MessageThread } from './message-thread';

/**
 * Messages for patients and doctors: the conversation list (most recent first, unread badges, kept current from
 * the socket) and the open conversation. On a wide screen they sit side by side; on a phone the list and the
 * thread are separate screens, with a way back to the list.
 */
@Component({
  selector: 'cb-messages-page',
  imports: [MatButtonModule, MatIconModule, MatProgressBarModule, MessageThread, PageStatus, RouterLink],
  templateUrl: './messages-page.html',
  styleUrl: './messages-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessagesPage {
  private readonly api = inject(ConversationsApi);
  protected readonly session = inject(Session);
  private readonly clinic = inject(Clinic);

  /** The open conversation, bound from the route. */
  readonly id = input<string>();

  protected readonly isWide = matchesMedia('(min-width: 840px)');
  protected readonly conversations = rxResource({ stream: () => this.api.listConversations({ pageSize: 100 }) });
  protected readonly items = computed(() => (this.conversations.hasValue() ? this.conversations.value().items : []));
  /** The open one: from the list, or on its own when it is not among the newest hundred. */
  private readonly single = rxResource({
    params: () => {
      const id = this.id();
      return id && this.conversations.hasValue() && !this.items().some((c) => c.id === id) ? { id } : undefined;
    },
    stream: ({ params }) => this.api.getConversation(params),
  });
  protected readonly open = computed<ConversationDto | undefined>(() => {
    const id = this.id();
    if (!id) return undefined;
    return this.items().find((c) => c.id === id) ?? (this.single.hasValue() ? this.single.value() : undefined);
  });
  protected readonly openMissing = computed(() => !!this.id() && !!this.single.error());

  constructor() {
    inject(Realtime)
      .chatEvents()
      .pipe(
        filter((event) => event === null || event.name !== 'typing'),
        debounceTime(300),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.conversations.reload());
  }

  protected otherOf(conversation: ConversationDto) {
    return conversation.patient.id === this.session.user()?.id ? conversation.doctor : conversation.patient;
  }

  protected preview(conversation: ConversationDto): string {
    const last = conversation.lastMessage;
    if (!last) return 'No messages yet';
    const text = last.attachment ? `Attachment: ${last.attachment.fileName}` : last.body;
    return last.senderId === this.session.user()?.id ? `You: ${text}` : text;
  }

  protected when(conversation: ConversationDto): string {
    const at = conversation.lastMessage?.createdAt;
    if (!at) return '';
    const zone = this.clinic.timezone();
    return localDate(at, zone) === todayIn(zone) ? formatTime(at, zone) : formatDay(at, zone);
  }
}
