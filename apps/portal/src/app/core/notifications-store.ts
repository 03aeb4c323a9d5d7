import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { NotificationsApi } from '@carebook/api-client';
import type { NotificationItem } from '@carebook/shared';
import { Subscription, debounceTime, filter } from 'rxjs';
import { AppointmentUpdated, NotificationNew, Realtime } from './realtime';
import { Session } from './session';

/** How many of the newest notifications the bell shows. */
export const BELL_SIZE = 20;

function newestFirst(items: NotificationItem[]): NotificationItem[] {
  return [...items].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

/**
 * The signed-in person's notifications for the bell: the newest few and the unread count, kept current from
 * the live connection (`notification:new`, and a list again after a change to one of their appointments, which
 * may have marked entries read) and refetched after a reconnect. The count is always one the server
 * answered (a list, a read, a live event), never counted here, so it cannot drift; when a live event crosses
 * an answer in flight, which of the two is newer is unknown, so the list is asked for again.
 */
@Injectable({ providedIn: 'root' })
export class NotificationsStore {
  private readonly api = inject(NotificationsApi);
  private readonly session = inject(Session);
  private readonly realtime = inject(Realtime);

  private readonly shown = signal<NotificationItem[]>([]);
  private readonly unread = signal<number | null>(null);
  private readonly state = signal<'idle' | 'loading' | 'loaded' | 'error'>('idle');
  private readonly failure = signal<unknown>(undefined);
  private readonly markingAll = signal(false);

  /** Newest first. */
  readonly items = this.shown.asReadonly();
  /** Null until the server has answered (and while signed out). */
  readonly unreadCount = this.unread.asReadonly();
  readonly loading = computed(() => this.state() === 'loading');
  readonly loaded = computed(() => this.state() === 'loaded');
  readonly error = this.failure.asReadonly();
  readonly busy = this.markingAll.asReadonly();

  /** Live events received so far, to tell whether one crossed an answer in flight. */
  private eventsSeen = 0;
  private live?: Subscription;
  private request?: Subscription;

  constructor() {
    effect(() => {
      const userId = this.session.user()?.id;
      untracked(() => this.follow(userId));
    });
    inject(DestroyRef).onDestroy(() => {
      this.live?.unsubscribe();
      this.request?.unsubscribe();
    });
  }

  /** Fetches the newest notifications and the count again (when the bell opens, or to retry). */
  reload(): void {
    if (!this.session.user()) return;
    const seen = this.eventsSeen;
    this.state.set('loading');
    this.failure.set(undefined);
    this.request?.unsubscribe();
    this.request = this.api.listNotifications({ pageSize: BELL_SIZE }).subscribe({
      next: (page) => {
        this.state.set('loaded');
        if (this.eventsSeen === seen) {
          this.shown.set(page.items);
          this.unread.set(page.unreadCount);
          return;
        }
        // Keep what arrived live meanwhile and is newer than the page; the count is asked for again.
        const ids = new Set(page.items.map((item) => item.id));
        const newest = page.items[0]?.createdAt ?? '';
        const arrived = this.shown().filter((item) => !ids.has(item.id) && item.createdAt > newest);
        this.shown.set(newestFirst([...arrived, ...page.items]).slice(0, BELL_SIZE));
        this.reload();
      },
      error: (error: unknown) => {
        this.state.set('error');
        this.failure.set(error);
      },
    });
  }

  /** Marks one notification read (on opening it); the count comes back from the server. */
  markRead(item: NotificationItem): void {
    if (item.readAt) return;
    const readAt = new Date().toISOString();
    this.shown.update((items) => items.map((shown) => (shown.id === item.id ? { ...shown, readAt } : shown)));
    const seen = this.eventsSeen;
    this.api.readNotification({ id: item.id }).subscribe({
      next: ({ unreadCount }) => this.settle(unreadCount, seen),
      error: () => this.reload(),
    });
  }

  /**
   * Marks read everything up to the newest notification shown, so one that arrives meanwhile (and was never
   * seen) stays unread.
   */
  markAllRead(): void {
    const upTo = this.shown()[0]?.createdAt;
    if (!upTo || this.markingAll()) return;
    const readAt = new Date().toISOString();
    this.shown.update((items) => items.map((item) => (!item.readAt && item.createdAt <= upTo ? { ...item, readAt } : item)));
    this.markingAll.set(true);
    const seen = this.eventsSeen;
    this.api.readAllNotifications({ body: { upTo } }).subscribe({
      next: ({ unreadCount }) => {
        this.markingAll.set(false);
        this.settle(unreadCount, seen);
      },
      error: () => {
        this.markingAll.set(false);
        this.reload();
      },
    });
  }

  private follow(userId: string | undefined): void {
    this.request?.unsubscribe();
    this.shown.set([]);
    this.unread.set(null);
    this.state.set('idle');
    this.failure.set(undefined);
    if (!userId) {
      this.live?.unsubscribe();
      this.live = undefined;
      return;
    }
    if (!this.live) {
      this.live = this.realtime.notifications().subscribe((event) => this.receive(event));
      // A change someone made to their own appointment marks their entries about it read on the server (a doctor
      // answering a request, say): a burst of such changes costs one list, and only someone with unread entries asks.
      this.live.add(
        this.realtime
          .appointmentUpdates()
          .pipe(
            filter((update) => update !== null && this.concerns(update) && (this.unread() ?? 0) > 0),
            debounceTime(300),
          )
          .subscribe(() => this.reload()),
      );
    }
    this.reload();
  }

  private receive(event: NotificationNew | null): void {
    if (!event) {
      // Back from a gap: whatever arrived meanwhile was never sent.
      this.reload();
      return;
    }
    this.eventsSeen++;
    const { notification, unreadCount } = event;
    this.shown.update((items) =>
      items.some((item) => item.id === notification.id) ? items : newestFirst([notification, ...items]).slice(0, BELL_SIZE),
    );
    this.unread.set(unreadCount);
  }

  private concerns(update: AppointmentUpdated): boolean {
    const me = this.session.user()?.id;
    return update.doctorId === me || update.patientId === me;
  }

  /** Takes a count the server answered, unless a live event crossed the answer: then asks again. */
  private settle(unreadCount: number, seenAtStart: number): void {
    if (this.eventsSeen === seenAtStart) {
      this.unread.set(unreadCount);
    } else {
      this.reload();
    }
  }
}
