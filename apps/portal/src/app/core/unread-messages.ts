import { DestroyRef, Injectable, computed, effect, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { ConversationsApi } from '@carebook/api-client';
import { Subscription, debounceTime, filter, map } from 'rxjs';
import { Realtime } from './realtime';
import { Session } from './session';

/**
 * How many messages the signed-in patient or doctor has not read, for the navigation badge. Always the
 * server's count (from the database), asked again when a message arrives or is read, never counted here.
 */
@Injectable({ providedIn: 'root' })
export class UnreadMessages {
  private readonly api = inject(ConversationsApi);
  private readonly session = inject(Session);
  private readonly realtime = inject(Realtime);
  private live?: Subscription;

  private readonly total = rxResource({
    params: () => {
      const role = this.session.role();
      return role === 'patient' || role === 'doctor' ? { user: this.session.user()?.id } : undefined;
    },
    stream: () => this.api.listConversations({ pageSize: 1 }).pipe(map((page) => page.unreadCount)),
  });

  /** Null until known (and for admins or when signed out). */
  readonly count = computed(() => (this.total.hasValue() ? this.total.value() : null));

  constructor() {
    effect(() => {
      const role = this.session.role();
      const chats = role === 'patient' || role === 'doctor';
      if (chats && !this.live) {
        this.live = this.realtime
          .chatEvents()
          .pipe(
            filter((event) => event === null || event.name !== 'typing'),
            debounceTime(300),
          )
          .subscribe(() => this.total.reload());
      } else if (!chats && this.live) {
        this.live.unsubscribe();
        this.live = undefined;
      }
    });
    inject(DestroyRef).onDestroy(() => this.live?.unsubscribe());
  }

  reload(): void {
    this.total.reload();
  }
}
