import { DestroyRef, Injectable, effect, inject, untracked } from '@angular/core';
import { Observable, Subject, filter, map } from 'rxjs';
import type { Socket } from 'socket.io-client';
import type { ConsultationDto, MessageDto } from '@carebook/api-client';
import type { AppointmentUpdated, ImportProgress, MessageReadEvent, NotificationNew, TypingEvent } from '@carebook/shared';
import { Session } from './session';

export type { AppointmentUpdated, ImportProgress, MessageReadEvent, NotificationNew, TypingEvent };

/** What `consultation:updated` carries: a consultation (to its patient, its doctor and admins), or that the queue moved. */
export type ConsultationUpdate = ConsultationDto | { queue: true };

/** A chat event as listeners receive it. */
export type ChatEvent =
  | { name: 'message:new'; payload: MessageDto }
  | { name: 'message:read'; payload: MessageReadEvent }
  | { name: 'typing'; payload: TypingEvent };

/** How the server acknowledges a refused socket request. */
interface SocketRefusal {
  error: { statusCode: number; message: string };
}

type ServerEvent =
  | { name: 'appointment:updated'; payload: AppointmentUpdated }
  | { name: 'notification:new'; payload: NotificationNew }
  | { name: 'slots:changed'; payload: { doctorId: string } }
  | { name: 'import:progress'; payload: ImportProgress }
  | ChatEvent
  | { name: 'consultation:updated'; payload: ConsultationUpdate }
  // Connected again after a gap (network loss, sleep, a server restart, a new identity), or told by the server that
  // events may not have reached it (its Redis subscription was down): events may have been missed.
  | { name: 'resync' };

type UserEvent = Extract<ServerEvent, { name: 'appointment:updated' | 'notification:new' | 'import:progress' | 'consultation:updated' }>;
type PayloadOf<N extends UserEvent['name']> = Extract<UserEvent, { name: N }>['payload'];

/**
 * The live connection to the API (Socket.IO at /socket.io). It opens on first use, signs in with the
 * session's access token (reconnecting with a fresh one after sign-in, sign-out or a refresh), and
 * re-joins the slot rooms this tab watches after every reconnect, telling listeners to refetch because
 * events may have been missed meanwhile (there is no replay). socket.io-client is loaded lazily,
 * so pages that never listen don't pay for it.
 */
@Injectable({ providedIn: 'root' })
export class Realtime {
  private readonly session = inject(Session);
  private readonly events = new Subject<ServerEvent>();
  /** Doctor id → how many subscribers watch their slots. */
  private readonly watched = new Map<string, number>();
  private socket?: Socket;
  private connecting?: Promise<Socket>;
  private token: string | null = null;

  constructor() {
    // Reconnect under the new identity when the user signs in or out.
    effect(() => {
      this.session.user();
      untracked(() => {
        if (this.socket && this.session.token() !== this.token) this.reconnect();
      });
    });
    inject(DestroyRef).onDestroy(() => this.socket?.disconnect());
  }

  /**
   * `appointment:updated` events for the signed-in user (or all, for admins), and null after the connection
   * came back from a gap, when any appointment may have changed unseen: listeners refetch what they show.
   */
  appointmentUpdates(): Observable<AppointmentUpdated | null> {
    return this.userEvents('appointment:updated');
  }

  /**
   * `notification:new` events for the signed-in user, and null after the connection came back from a gap,
   * when notifications may have arrived unseen: listeners refetch.
   */
  notifications(): Observable<NotificationNew | null> {
    return this.userEvents('notification:new');
  }

  /** Progress of patient imports (admins only), and null after a gap in the connection: refetch then. */
  importProgress(): Observable<ImportProgress | null> {
    return this.userEvents('import:progress');
  }

  /** Instant consultation changes for the signed-in user, and null after a gap in the connection: refetch then. */
  consultationUpdates(): Observable<ConsultationUpdate | null> {
    return this.userEvents('consultation:updated');
  }

  /**
   * New messages, read receipts and typing in the signed-in user's conversations, and null after the connection
   * came back from a gap: listeners then catch up from the server (`after=<last seq seen>`).
   */
  chatEvents(): Observable<ChatEvent | null> {
    void this.connect();
    return this.events.pipe(
      filter((e): e is ChatEvent | { name: 'resync' } => e.name === 'message:new' || e.name === 'message:read' || e.name === 'typing' || e.name === 'resync'),
      map((e) => (e.name === 'resync' ? null : e)),
    );
  }

  /**
   * Sends a message over the socket; resolves with the stored message (the server's acknowledgement), rejects
   * with the server's refusal or when no acknowledgement comes in time (the caller may resend the same clientId).
   */
  async sendMessage(input: { conversationId: string; body: string; clientId: string }): Promise<MessageDto> {
    const socket = await this.connect();
    const ack = (await socket.timeout(10_000).emitWithAck('message:send', input)) as MessageDto | SocketRefusal;
    if ('error' in ack) throw Object.assign(new Error(ack.error.message), { status: ack.error.statusCode });
    return ack;
  }

  /** Tells the other participant the user is typing (fire and forget). */
  typing(conversationId: string): void {
    void this.connect().then((socket) => socket.emit('typing', { conversationId }));
  }

  /** Keeps an available doctor available, and a waiting patient in the queue. */
  heartbeat(): void {
    void this.connect().then((socket) => socket.emit('presence:heartbeat'));
  }

  /** Fires whenever this doctor's free slots may have changed; watches them while subscribed. */
  slotChanges(doctorId: string): Observable<void> {
    return new Observable<void>((subscriber) => {
      this.watch(doctorId);
      const subscription = this.events
        .pipe(filter((e) => e.name === 'resync' || (e.name === 'slots:changed' && e.payload.doctorId === doctorId)))
        .subscribe(() => subscriber.next());
      return () => {
        subscription.unsubscribe();
        this.unwatch(doctorId);
      };
    });
  }

  /** One kind of event sent to the user's own sockets, with null for a resync. */
  private userEvents<N extends UserEvent['name']>(name: N): Observable<PayloadOf<N> | null> {
    void this.connect();
    return this.events.pipe(
      filter((e) => e.name === name || e.name === 'resync'),
      map((e) => (e.name === name && 'payload' in e ? (e.payload as PayloadOf<N>) : null)),
    );
  }

  private watch(doctorId: string): void {
    const count = this.watched.get(doctorId) ?? 0;
    this.watched.set(doctorId, count + 1);
    if (count === 0) void this.connect().then((socket) => socket.emit('slots:watch', { doctorId }));
  }

  private unwatch(doctorId: string): void {
    const count = (this.watched.get(doctorId) ?? 1) - 1;
    if (count > 0) {
      this.watched.set(doctorId, count);
      return;
    }
    this.watched.delete(doctorId);
    this.socket?.emit('slots:unwatch', { doctorId });
  }

  private connect(): Promise<Socket> {
    if (this.socket) return Promise.resolve(this.socket);
    this.connecting ??= import('socket.io-client').then(({ io }) => {
      this.token = this.session.token();
      const socket = io({
        path: '/socket.io',
        transports: ['websocket', 'polling'],
        // Read on every (re)connect, so a refreshed token is used.
        auth: (send) => {
          this.token = this.session.token();
          send(this.token ? { token: this.token } : {});
        },
      });
      let connectedBefore = false;
      socket.on('connect', () => {
        for (const doctorId of this.watched.keys()) socket.emit('slots:watch', { doctorId });
        if (connectedBefore) this.events.next({ name: 'resync' });
        connectedBefore = true;
      });
      socket.on('connect_error', () => {
        // A refused token (expired): get a fresh one and try again; Socket.IO retries on its own otherwise.
        if (this.session.canRefresh()) this.session.refresh().subscribe({ next: () => socket.connect(), error: () => undefined });
      });
      socket.on('appointment:updated', (payload: AppointmentUpdated) => this.events.next({ name: 'appointment:updated', payload }));
      socket.on('notification:new', (payload: NotificationNew) => this.events.next({ name: 'notification:new', payload }));
      socket.on('slots:changed', (payload: { doctorId: string }) => this.events.next({ name: 'slots:changed', payload }));
      socket.on('import:progress', (payload: ImportProgress) => this.events.next({ name: 'import:progress', payload }));
      socket.on('message:new', (payload: MessageDto) => this.events.next({ name: 'message:new', payload }));
      socket.on('message:read', (payload: MessageReadEvent) => this.events.next({ name: 'message:read', payload }));
      socket.on('typing', (payload: TypingEvent) => this.events.next({ name: 'typing', payload }));
      socket.on('consultation:updated', (payload: ConsultationUpdate) => this.events.next({ name: 'consultation:updated', payload }));
      // The API instance lost events from other instances for a while (Redis was down): look again, as after a gap.
      socket.on('resync', () => this.events.next({ name: 'resync' }));
      this.socket = socket;
      return socket;
    });
    return this.connecting;
  }

  private reconnect(): void {
    this.socket?.disconnect();
    this.socket?.connect();
  }
}
