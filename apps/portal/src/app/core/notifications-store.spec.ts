import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { NotificationItem } from '@carebook/shared';
import { Subject } from 'rxjs';
import { NotificationsStore } from './notifications-store';
import { AppointmentUpdated, NotificationNew, Realtime } from './realtime';
import { Session } from './session';
import { aNotification, apiTesting, apiError } from '../testing/fixtures';

// Timers (debounces, dialog animations, polling) are run by the test, not waited for.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const OLDER = aNotification({ id: 'n1', createdAt: '2026-11-20T09:00:00.000Z', readAt: '2026-11-20T10:00:00.000Z' });
const NEWER = aNotification({ id: 'n2', createdAt: '2026-11-21T09:00:00.000Z' });
const NEWEST = aNotification({ id: 'n3', title: 'Appointment declined', createdAt: '2026-11-22T09:00:00.000Z' });

describe('NotificationsStore', () => {
  let http: HttpTestingController;
  let live: Subject<NotificationNew | null>;
  let appointments: Subject<AppointmentUpdated | null>;
  const user = signal<{ id: string } | null>({ id: 'p1' });

  const settle = async (): Promise<void> => {
    await jest.advanceTimersByTimeAsync(0);
    TestBed.tick();
  };
  const lists = (): TestRequest[] => http.match((r) => r.url === '/api/notifications' && r.method === 'GET');

  async function start(items: NotificationItem[], unreadCount: number): Promise<NotificationsStore> {
    const store = TestBed.inject(NotificationsStore);
    await settle();
    const [list] = lists();
    expect(list.request.params.get('pageSize')).toBe('20');
    list.flush({ items, total: items.length, unreadCount });
    await settle();
    return store;
  }

  beforeEach(() => {
    user.set({ id: 'p1' });
    live = new Subject();
    appointments = new Subject();
    TestBed.configureTestingModule({
      providers: [
        ...apiTesting(),
        { provide: Session, useValue: { user } },
        { provide: Realtime, useValue: { notifications: () => live.asObservable(), appointmentUpdates: () => appointments.asObservable() } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  describe('loading', () => {
    it('holds the newest notifications and the server’s unread count', async () => {
      const store = await start([NEWER, OLDER], 1);
      expect(store.items().map((n) => n.id)).toEqual(['n2', 'n1']);
      expect(store.unreadCount()).toBe(1);
      expect(store.loaded()).toBe(true);
    });

    it('keeps the error for a retry', async () => {
      const store = TestBed.inject(NotificationsStore);
      await settle();
      lists()[0].flush(...apiError(503, 'Down'));
      await settle();
      expect(store.error()).toBeTruthy();
      expect(store.unreadCount()).toBeNull();

      store.reload();
      lists()[0].flush({ items: [], total: 0, unreadCount: 0 });
      expect(store.error()).toBeUndefined();
      expect(store.unreadCount()).toBe(0);
    });

    it('asks nothing while signed out and forgets everything on sign-out', async () => {
      const store = await start([NEWER], 1);
      user.set(null);
      await settle();
      expect(store.items()).toEqual([]);
      expect(store.unreadCount()).toBeNull();
      store.reload();
      expect(lists()).toHaveLength(0);
    });
  });

  describe('changes to the person’s appointments', () => {
    const update = (over: Partial<AppointmentUpdated>): AppointmentUpdated => ({
      id: 'a1',
      event: 'approved',
      status: 'confirmed',
      doctorId: 'p1',
      patientId: 'p2',
      startsAt: '2026-12-07T09:00:00.000Z',
      endsAt: '2026-12-07T09:30:00.000Z',
      ...over,
    });

    it('asks for the count again once after a burst of them (answering a request marks its entry read on the server)', async () => {
      const store = await start([NEWER, OLDER], 1);
      appointments.next(update({ id: 'a1' }));
      appointments.next(update({ id: 'a2', event: 'declined', status: 'declined' }));
      await jest.advanceTimersByTimeAsync(299);
      expect(lists()).toHaveLength(0);
      await jest.advanceTimersByTimeAsync(1);
      const [again] = lists();
      again.flush({ items: [{ ...NEWER, readAt: '2026-12-05T10:00:00.000Z' }, OLDER], total: 2, unreadCount: 0 });
      expect(store.unreadCount()).toBe(0);
      expect(store.items()[0].readAt).toBe('2026-12-05T10:00:00.000Z');
    });

    it('asks nothing when nothing is unread', async () => {
      await start([OLDER], 0);
      appointments.next(update({}));
      await jest.advanceTimersByTimeAsync(1000);
      expect(lists()).toHaveLength(0);
    });

    it('asks nothing for an appointment the person is not part of (an admin hears them all), nor for a reconnect’s null', async () => {
      await start([NEWER], 1);
      appointments.next(update({ doctorId: 'd9', patientId: 'p9' }));
      appointments.next(null);
      await jest.advanceTimersByTimeAsync(1000);
      expect(lists()).toHaveLength(0);
    });
  });

  describe('live events', () => {
    it('puts a new notification first and takes its count from the event', async () => {
      const store = await start([NEWER, OLDER], 1);
      live.next({ notification: NEWEST, unreadCount: 7 });
      expect(store.items().map((n) => n.id)).toEqual(['n3', 'n2', 'n1']);
      // The server's number, not 1 + 1: anything it knows and this tab does not is included.
      expect(store.unreadCount()).toBe(7);

      // The same event twice (a second tab's socket, a retry) is shown once.
      live.next({ notification: NEWEST, unreadCount: 7 });
      expect(store.items()).toHaveLength(3);
    });

    it('asks again after a reconnect', async () => {
      const store = await start([NEWER], 1);
      live.next(null);
      lists()[0].flush({ items: [NEWEST, NEWER], total: 2, unreadCount: 2 });
      expect(store.items().map((n) => n.id)).toEqual(['n3', 'n2']);
      expect(store.unreadCount()).toBe(2);
    });

    it('keeps an event that crossed a list in flight, and asks for the count again', async () => {
      const store = await start([OLDER], 0);
      store.reload();
      const [inFlight] = lists();
      live.next({ notification: NEWEST, unreadCount: 1 });
      inFlight.flush({ items: [NEWER, OLDER], total: 2, unreadCount: 1 });
      expect(store.items().map((n) => n.id)).toEqual(['n3', 'n2', 'n1']);

      const [again] = lists();
      again.flush({ items: [NEWEST, NEWER, OLDER], total: 3, unreadCount: 2 });
      expect(store.unreadCount()).toBe(2);
    });
  });

  describe('markRead', () => {
    it('marks the notification read and shows the count the server answers', async () => {
      const store = await start([NEWEST, NEWER], 2);
      store.markRead(NEWEST);
      expect(store.items()[0].readAt).not.toBeNull();
      const read = http.expectOne('/api/notifications/n3/read');
      expect(read.request.method).toBe('POST');
      read.flush({ unreadCount: 1 });
      expect(store.unreadCount()).toBe(1);
    });

    it('sends nothing for one already read', async () => {
      const store = await start([OLDER], 0);
      store.markRead(OLDER);
      http.expectNone('/api/notifications/n1/read');
    });

    it('asks again when a live event crossed the answer', async () => {
      const store = await start([NEWER], 1);
      store.markRead(NEWER);
      live.next({ notification: NEWEST, unreadCount: 2 });
      http.expectOne('/api/notifications/n2/read').flush({ unreadCount: 0 });
      lists()[0].flush({ items: [NEWEST, { ...NEWER, readAt: 'x' }], total: 2, unreadCount: 1 });
      expect(store.unreadCount()).toBe(1);
    });
  });

  describe('markAllRead', () => {
    it('marks up to the newest shown, so a notification newer than what was seen stays unread', async () => {
      const store = await start([NEWEST, NEWER, OLDER], 2);
      store.markAllRead();
      expect(store.busy()).toBe(true);
      const request = http.expectOne('/api/notifications/read-all');
      expect(request.request.body).toEqual({ upTo: NEWEST.createdAt });
      expect(store.items().every((n) => n.readAt !== null)).toBe(true);
      request.flush({ unreadCount: 0 });
      expect(store.unreadCount()).toBe(0);
      expect(store.busy()).toBe(false);
    });

    it('does nothing with nothing shown', async () => {
      const store = await start([], 0);
      store.markAllRead();
      http.expectNone('/api/notifications/read-all');
    });

    it('asks again when the server refuses', async () => {
      const store = await start([NEWER], 1);
      store.markAllRead();
      http.expectOne('/api/notifications/read-all').flush(...apiError(503, 'Down'));
      lists()[0].flush({ items: [NEWER], total: 1, unreadCount: 1 });
      expect(store.items()[0].readAt).toBeNull();
      expect(store.unreadCount()).toBe(1);
    });
  });
});
