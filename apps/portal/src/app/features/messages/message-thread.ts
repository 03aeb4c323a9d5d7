import { HttpClient, HttpEventType, HttpResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { TextFieldModule } from '@angular/cdk/text-field';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ConversationsApi, RequestBuilder, sendAttachment, type ConversationDto, type MessageDto } from '@carebook/api-client';
import { ATTACHMENT_TYPES, CHAT_LIMITS } from '@carebook/shared';
import { Subscription } from 'rxjs';
import { describeError } from '../../core/api-error';
import { Clinic } from '../../core/clinic';
import { Realtime } from '../../core/realtime';
import { Session } from '../../core/session';
import { UnreadMessages } from '../../core/unread-messages';
import { formatLocalDate, formatTime } from '../../shared/clinic-time';
import { saveBlob } from '../appointments/download';
import { acceptAttribute, checkFiles, fileIcon, formatBytes } from '../appointments/file-checks';
import { groupByDay, mergeMessages } from './thread-days';

/** A message on its way: shown at once, replaced by the stored one when the server acknowledges it. */
interface Outgoing {
  clientId: string;
  body: string;
  failed: boolean;
}

/** How long "… is typing" stays without another typing event. */
const TYPING_SHOWN_MS = 4000;
/** At most one typing event per this many milliseconds. */
const TYPING_EVERY_MS = 2000;

/**
 * One conversation: history loaded newest first and older pages on scrolling up, live messages, read receipts
 * and typing from the socket, and a catch-up from the last seq seen whenever the socket comes back or a seq
 * is skipped, so nothing is lost or shown twice. Sending goes over the socket, acknowledged with the stored
 * message; a send that is not acknowledged can be retried with the same clientId, never duplicating it.
 */
@Component({
  selector: 'cb-message-thread',
  imports: [FormsModule, MatButtonModule, TextFieldModule, MatFormFieldModule, MatIconModule, MatInputModule, MatProgressBarModule],
  templateUrl: './message-thread.html',
  styleUrl: './message-thread.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessageThread {
  private readonly api = inject(ConversationsApi);
  private readonly http = inject(HttpClient);
  private readonly realtime = inject(Realtime);
  private readonly session = inject(Session);
  private readonly clinic = inject(Clinic);
  private readonly unread = inject(UnreadMessages);
  private readonly snackBar = inject(MatSnackBar);
  private readonly injector = inject(Injector);

  readonly conversation = input.required<ConversationDto>();

  private readonly scroller = viewChild<ElementRef<HTMLElement>>('scroller');

  protected readonly messages = signal<MessageDto[]>([]);
  protected readonly outgoing = signal<Outgoing[]>([]);
  protected readonly hasOlder = signal(false);
  protected readonly loading = signal(true);
  protected readonly loadingOlder = signal(false);
  protected readonly loadError = signal<string | null>(null);
  protected readonly otherTyping = signal(false);
  protected readonly draft = signal('');
  protected readonly upload = signal<{ name: string; percent: number | null } | null>(null);

  protected readonly maxLength = CHAT_LIMITS.body.max;
  protected readonly accept = acceptAttribute(ATTACHMENT_TYPES);
  protected readonly fileIcon = fileIcon;
  protected readonly formatBytes = formatBytes;

  protected readonly me = computed(() => this.session.user()?.id ?? '');
  protected readonly other = computed(() => {
    const c = this.conversation();
    return c.patient.id === this.me() ? c.doctor : c.patient;
  });
  protected readonly days = computed(() => groupByDay(this.messages(), this.clinic.timezone()));

  private lastTypingSent = 0;
  private typingTimer?: ReturnType<typeof setTimeout>;
  private uploading?: Subscription;
  private readTimer?: ReturnType<typeof setTimeout>;

  /** The id alone: the list hands over a new conversation object whenever it refreshes, which must not reload the thread. */
  private readonly conversationId = computed(() => this.conversation().id);

  constructor() {
    effect(() => {
      const id = this.conversationId();
      untracked(() => this.open(id));
    });
    this.realtime
      .chatEvents()
      .pipe(takeUntilDestroyed())
      .subscribe((event) => {
        const id = this.conversation().id;
        if (event === null) return this.catchUp();
        if (event.payload.conversationId !== id) return;
        if (event.name === 'message:new') this.received(event.payload);
        else if (event.name === 'message:read') this.markedRead(event.payload.readerId, event.payload.upToSeq, event.payload.readAt);
        else if (event.payload.userId !== this.me()) this.showTyping();
      });
    inject(DestroyRef).onDestroy(() => {
      clearTimeout(this.typingTimer);
      clearTimeout(this.readTimer);
      this.uploading?.unsubscribe();
    });
  }

  protected dayLabel(day: string): string {
    return formatLocalDate(day, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  }

  protected time(message: MessageDto): string {
    return formatTime(message.createdAt, this.clinic.timezone());
  }

  private open(id: string): void {
    this.messages.set([]);
    this.outgoing.set([]);
    this.loading.set(true);
    this.loadError.set(null);
    this.otherTyping.set(false);
    this.api.listMessages({ id, limit: CHAT_LIMITS.page.default }).subscribe({
      next: (page) => {
        if (this.conversation().id !== id) return;
        this.messages.set(page.items);
        this.hasOlder.set(page.hasMore);
        this.loading.set(false);
        this.scrollToEnd();
        this.markRead();
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.loadError.set(describeError(error));
      },
    });
  }

  protected retryLoad(): void {
    this.open(this.conversation().id);
  }

  /** Older history, keeping the reader's place. */
  protected loadOlder(): void {
    const first = this.messages()[0];
    if (!first || this.loadingOlder() || !this.hasOlder()) return;
    this.loadingOlder.set(true);
    const element = this.scroller()?.nativeElement;
    const fromBottom = element ? element.scrollHeight - element.scrollTop : 0;
    this.api.listMessages({ id: this.conversation().id, before: first.seq, limit: CHAT_LIMITS.page.default }).subscribe({
      next: (page) => {
        this.loadingOlder.set(false);
        this.hasOlder.set(page.hasMore);
        this.messages.update((thread) => mergeMessages(thread, page.items));
        if (element) afterNextRender({ write: () => (element.scrollTop = element.scrollHeight - fromBottom) }, { injector: this.injector });
      },
      error: (error: unknown) => {
        this.loadingOlder.set(false);
        this.snackBar.open(`Older messages could not be loaded. ${describeError(error)}`, 'Close', { duration: 6000 });
      },
    });
  }

  protected onScroll(event: Event): void {
    if ((event.target as HTMLElement).scrollTop < 48) this.loadOlder();
  }

  /** What the socket missed (a reconnect, a skipped seq): everything after the last seq this thread holds. */
  private catchUp(): void {
    const last = this.messages().at(-1)?.seq ?? 0;
    if (this.loading()) return;
    this.api.listMessages({ id: this.conversation().id, after: last, limit: 100 }).subscribe({
      next: (page) => {
        this.messages.update((thread) => mergeMessages(thread, page.items));
        if (page.hasMore) this.catchUp();
        this.scrollToEnd();
        this.markRead();
      },
      error: () => undefined,
    });
  }

  private received(message: MessageDto): void {
    const last = this.messages().at(-1)?.seq ?? 0;
    this.outgoing.update((list) => list.filter((o) => o.clientId !== message.clientId));
    if (message.seq > last + 1 && !this.loading()) {
      this.catchUp();
      return;
    }
    this.messages.update((thread) => mergeMessages(thread, [message]));
    if (message.senderId !== this.me()) this.otherTyping.set(false);
    this.scrollToEnd();
    this.markRead();
  }

  private markedRead(readerId: string, upToSeq: number, readAt: string): void {
    if (readerId === this.me()) return;
    this.messages.update((thread) => thread.map((m) => (m.senderId === this.me() && m.seq <= upToSeq && !m.readAt ? { ...m, readAt } : m)));
  }

  /** A read receipt for everything shown, while the page is in front of the reader. */
  private markRead(): void {
    clearTimeout(this.readTimer);
    this.readTimer = setTimeout(() => {
      if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return;
      const unreadFromOther = this.messages().some((m) => m.senderId !== this.me() && !m.readAt);
      const last = this.messages().at(-1)?.seq;
      if (!unreadFromOther || !last) return;
      const id = this.conversation().id;
      this.api.readConversation({ id, body: { upToSeq: last } }).subscribe({
        next: () => {
          this.messages.update((thread) => thread.map((m) => (m.senderId !== this.me() && m.seq <= last && !m.readAt ? { ...m, readAt: new Date().toISOString() } : m)));
          this.unread.reload();
        },
        error: () => undefined,
      });
    }, 300);
  }

  private showTyping(): void {
    this.otherTyping.set(true);
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.otherTyping.set(false), TYPING_SHOWN_MS);
  }

  protected typed(value: string): void {
    this.draft.set(value);
    const now = Date.now();
    if (value.trim() && now - this.lastTypingSent > TYPING_EVERY_MS) {
      this.lastTypingSent = now;
      this.realtime.typing(this.conversation().id);
    }
  }

  /** Enter sends; Shift+Enter starts a new line. */
  protected keydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.send();
    }
  }

  protected send(): void {
    const body = this.draft().trim();
    if (!body || body.length > this.maxLength) return;
    const item: Outgoing = { clientId: crypto.randomUUID(), body, failed: false };
    this.outgoing.update((list) => [...list, item]);
    this.draft.set('');
    this.scrollToEnd();
    this.deliver(item);
  }

  protected retry(item: Outgoing): void {
    this.outgoing.update((list) => list.map((o) => (o.clientId === item.clientId ? { ...o, failed: false } : o)));
    this.deliver(item);
  }

  private deliver(item: Outgoing): void {
    const conversationId = this.conversation().id;
    this.realtime.sendMessage({ conversationId, body: item.body, clientId: item.clientId }).then(
      (stored) => this.received(stored),
      (error: unknown) => {
        const status = (error as { status?: number }).status;
        if (status && status >= 400 && status < 500) {
          this.outgoing.update((list) => list.filter((o) => o.clientId !== item.clientId));
          this.snackBar.open(`The message was not sent. ${error instanceof Error ? error.message : ''}`, 'Close', { duration: 8000 });
        } else {
          this.outgoing.update((list) => list.map((o) => (o.clientId === item.clientId ? { ...o, failed: true } : o)));
        }
      },
    );
  }

  protected picked(input: HTMLInputElement): void {
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length === 0 || this.upload()) return;
    const { accepted, refused } = checkFiles(files.slice(0, 1), { maxFileBytes: this.conversation().maxFileBytes, acceptedFileTypes: ATTACHMENT_TYPES, maxFiles: 1 });
    if (refused.length > 0) {
      this.snackBar.open(`${refused[0].name} was not sent: it ${refused[0].problem}.`, 'Close', { duration: 8000 });
      return;
    }
    const file = accepted[0];
    // The generated request builder, so the request is the client's own, but with upload progress reported.
    const builder = new RequestBuilder(this.api.rootUrl, sendAttachment.PATH, 'post');
    builder.path('id', this.conversation().id, {});
    builder.body({ file, clientId: crypto.randomUUID() }, 'multipart/form-data');
    this.upload.set({ name: file.name, percent: 0 });
    this.uploading = this.http.request<MessageDto>(builder.build({ responseType: 'json', accept: 'application/json', reportProgress: true })).subscribe({
      next: (event) => {
        if (event.type === HttpEventType.UploadProgress) {
          const percent = event.total ? Math.round((event.loaded / event.total) * 100) : null;
          this.upload.update((u) => (u ? { ...u, percent } : u));
        } else if (event instanceof HttpResponse) {
          this.upload.set(null);
          if (event.body) this.received(event.body);
        }
      },
      error: (error: unknown) => {
        this.upload.set(null);
        this.snackBar.open(`${file.name} was not sent. ${describeError(error)}`, 'Close', { duration: 8000 });
      },
    });
  }

  protected cancelUpload(): void {
    this.uploading?.unsubscribe();
    this.upload.set(null);
  }

  protected download(message: MessageDto): void {
    if (!message.attachment) return;
    const name = message.attachment.fileName;
    this.api.downloadAttachment({ id: message.conversationId, messageId: message.id }).subscribe({
      next: (blob) => saveBlob(blob, name),
      error: (error: unknown) => this.snackBar.open(`${name} could not be downloaded. ${describeError(error)}`, 'Close', { duration: 8000 }),
    });
  }

  private scrollToEnd(): void {
    const element = this.scroller()?.nativeElement;
    if (!element) return;
    afterNextRender({ write: () => (element.scrollTop = element.scrollHeight) }, { injector: this.injector });
  }
}
