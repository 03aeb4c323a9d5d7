import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { EventEmitter } from 'node:events';
import { Realtime, type AppointmentUpdated, type NotificationNew } from './realtime';
import { aNotification } from '../testing/fixtures';
import { Session } from './session';

// Timers (debounces, dialog animations, polling) are run by the test, not waited for.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** Stands in for a Socket.IO connection: the test plays the server's side by emitting its events. */
class FakeSocket extends EventEmitter {
  readonly sent: [string, unknown][] = [];
  override emit(name: string, ...args: unknown[]): boolean {
    if (name === 'slots:watch' || name === 'slots:unwatch') {
      this.sent.push([name, args[0]]);
      return true;
    }
    return super.emit(name, ...args);
  }
  disconnect(): void {
    super.emit('disconnect');
  }
  connect(): void {
    super.emit('connect');
  }
}

const sockets: FakeSocket[] = [];
jest.mock('socket.io-client', () => ({
  io: () => {
    const socket = new FakeSocket();
    sockets.push(socket);
    return socket;
  },
}));

const UPDATE: AppointmentUpdated = {
  id: 'a1',
  event: 'approved',
  status: 'confirmed',
  doctorId: 'd1',
  patientId: 'p1',
  startsAt: '2026-11-24T09:00:00Z',
  endsAt: '2026-11-24T09:30:00Z',
};

const settle = () => jest.advanceTimersByTimeAsync(0);

describe('Realtime', () => {
  let realtime: Realtime;

  beforeEach(() => {
    sockets.length = 0;
    TestBed.configureTestingModule({
      providers: [{ provide: Session, useValue: { user: signal({ id: 'p1' }), token: signal('token-1'), canRefresh: () => false } }],
    });
    realtime = TestBed.inject(Realtime);
  });

  afterEach(() => TestBed.resetTestingModule());

  it('passes appointment updates on, and asks listeners to refetch after the connection comes back from a gap', async () => {
    const seen: (AppointmentUpdated | null)[] = [];
    realtime.appointmentUpdates().subscribe((update) => seen.push(update));
    await settle();
    const [socket] = sockets;
    socket.connect();
    expect(seen).toEqual([]);

    socket.emit('appointment:updated', UPDATE);
    expect(seen).toEqual([UPDATE]);

    // Offline for a while: whatever happened meanwhile was never sent, so listeners are told to look again.
    socket.disconnect();
    socket.connect();
    expect(seen).toEqual([UPDATE, null]);
  });

  it('passes notifications on, apart from appointment updates, and asks for a refetch after a gap', async () => {
    const seen: (NotificationNew | null)[] = [];
    realtime.notifications().subscribe((event) => seen.push(event));
    await settle();
    const [socket] = sockets;
    socket.connect();
    const event: NotificationNew = { notification: aNotification({ id: 'n1' }), unreadCount: 3 };
    socket.emit('appointment:updated', UPDATE);
    socket.emit('notification:new', event);
    expect(seen).toEqual([event]);

    socket.disconnect();
    socket.connect();
    expect(seen).toEqual([event, null]);
  });

  it('asks every listener to refetch when the server says events may have missed it (resync), without reconnecting', async () => {
    const notifications: (NotificationNew | null)[] = [];
    const chat: unknown[] = [];
    let slotChanges = 0;
    realtime.notifications().subscribe((event) => notifications.push(event));
    realtime.chatEvents().subscribe((event) => chat.push(event));
    realtime.slotChanges('d1').subscribe(() => slotChanges++);
    await settle();
    const [socket] = sockets;
    socket.connect();

    socket.emit('resync');
    expect(notifications).toEqual([null]);
    expect(chat).toEqual([null]);
    expect(slotChanges).toBe(1);
    // Still the one connection, and its watched rooms were not joined again (the server kept them).
    expect(sockets).toHaveLength(1);
    expect(socket.sent.filter(([name]) => name === 'slots:watch')).toHaveLength(2);
  });

  it('re-joins watched slot rooms after a reconnect and tells their watchers to refetch', async () => {
    let changes = 0;
    const watching = realtime.slotChanges('d1').subscribe(() => changes++);
    await settle();
    const [socket] = sockets;
    expect(socket.sent).toEqual([['slots:watch', { doctorId: 'd1' }]]);
    socket.connect();

    socket.emit('slots:changed', { doctorId: 'd2' });
    expect(changes).toBe(0);
    socket.emit('slots:changed', { doctorId: 'd1' });
    expect(changes).toBe(1);

    socket.disconnect();
    socket.connect();
    expect(socket.sent.filter(([name]) => name === 'slots:watch')).toHaveLength(3);
    expect(changes).toBe(2);

    watching.unsubscribe();
    expect(socket.sent.at(-1)).toEqual(['slots:unwatch', { doctorId: 'd1' }]);
  });
});
