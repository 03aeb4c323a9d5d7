import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { NotificationItem } from '@carebook/shared';
import { NEVER, Subject } from 'rxjs';
import { NotificationBell, timeAgo } from './notification-bell';
import { NotificationNew, Realtime } from '../realtime';
import { Session } from '../session';
import { aNotification, apiTesting, findByTestId } from '../../testing/fixtures';
import { clinicLoaded } from '../../testing/spec-steps';

// Timers (debounces, menu animations) are run by the test, not waited for.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const CONFIRMED = aNotification({ id: 'n2', createdAt: '2030-03-01T09:00:00.000Z' });
const REQUESTED = aNotification({
  id: 'n1',
  type: 'appointment-requested',
  title: 'New appointment request',
  createdAt: '2030-02-28T09:00:00.000Z',
  readAt: '2030-02-28T10:00:00.000Z',
});

describe('timeAgo', () => {
  const now = Date.parse('2030-03-01T12:00:00.000Z');
  it('says how long ago in words, and the date after a week', () => {
    expect(timeAgo('2030-03-01T11:59:30.000Z', now, 'en-GB', 'Europe/London')).toBe('just now');
    expect(timeAgo('2030-03-01T11:55:00.000Z', now, 'en-GB', 'Europe/London')).toBe('5 minutes ago');
    expect(timeAgo('2030-03-01T09:00:00.000Z', now, 'en-GB', 'Europe/London')).toBe('3 hours ago');
    expect(timeAgo('2030-02-28T12:00:00.000Z', now, 'en-GB', 'Europe/London')).toBe('yesterday');
    expect(timeAgo('2030-02-01T12:00:00.000Z', now, 'en-GB', 'Europe/London')).toBe('1 Feb 2030');
  });
});

describe('NotificationBell', () => {
  let fixture: ComponentFixture<NotificationBell>;
  let http: HttpTestingController;
  let live: Subject<NotificationNew | null>;

  const settle = async (): Promise<void> => {
    await jest.advanceTimersByTimeAsync(300);
    await fixture.whenStable();
  };
  const lists = (): TestRequest[] => http.match((r) => r.url === '/api/notifications' && r.method === 'GET');
  const button = () => findByTestId<HTMLButtonElement>(fixture.nativeElement as HTMLElement, 'notifications-button');
  const badge = () => (fixture.nativeElement as HTMLElement).querySelector('.mat-badge-content');

  async function open(items: NotificationItem[], unreadCount: number): Promise<void> {
    button().click();
    await settle();
    lists().forEach((list) => list.flush({ items, total: items.length, unreadCount }));
    await settle();
  }

  beforeEach(async () => {
    live = new Subject();
    TestBed.configureTestingModule({
      imports: [NotificationBell],
      providers: [
        ...apiTesting(),
        provideRouter([{ path: '**', children: [] }]),
        { provide: Session, useValue: { user: signal({ id: 'p1' }) } },
        { provide: Realtime, useValue: { notifications: () => live.asObservable(), appointmentUpdates: () => NEVER } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    clinicLoaded(http);
    fixture = TestBed.createComponent(NotificationBell);
    await settle();
    lists()[0].flush({ items: [CONFIRMED, REQUESTED], total: 2, unreadCount: 1 });
    await settle();
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  it('shows the unread count on the bell and lights up live', async () => {
    expect(badge()?.textContent?.trim()).toBe('1');
    expect(button().getAttribute('aria-label')).toBe('Notifications, 1 unread');

    live.next({ notification: aNotification({ id: 'n3', createdAt: '2030-03-02T09:00:00.000Z' }), unreadCount: 2 });
    await settle();
    expect(badge()?.textContent?.trim()).toBe('2');

    live.next({ notification: aNotification({ id: 'n4', createdAt: '2030-03-03T09:00:00.000Z' }), unreadCount: 120 });
    await settle();
    expect(badge()?.textContent?.trim()).toBe('99+');
  });

  it('lists the newest first when opened, and opening one goes to its page and marks it read', async () => {
    await open([CONFIRMED, REQUESTED], 1);
    const entries = Array.from(document.querySelectorAll<HTMLAnchorElement>('[data-testid^="notification-"]'));
    expect(entries.map((entry) => entry.getAttribute('data-testid'))).toEqual(['notification-n2', 'notification-n1']);
    expect(entries[0].textContent).toContain('Unread:');
    expect(entries[1].textContent).not.toContain('Unread:');
    expect(entries[0].getAttribute('href')).toBe('/appointments/a1');

    entries[0].click();
    await settle();
    http.expectOne({ method: 'POST', url: '/api/notifications/n2/read' }).flush({ unreadCount: 0 });
    await settle();
    expect(TestBed.inject(Router).url).toBe('/appointments/a1');
    expect(badge()?.textContent?.trim()).toBe('0');
    expect(button().getAttribute('aria-label')).toBe('Notifications');
  });

  it('marks all read up to the newest shown and stays open', async () => {
    await open([CONFIRMED, REQUESTED], 1);
    findByTestId(document, 'mark-all-read').click();
    await settle();
    const request = http.expectOne('/api/notifications/read-all');
    expect(request.request.body).toEqual({ upTo: CONFIRMED.createdAt });
    request.flush({ unreadCount: 0 });
    await settle();
    expect(document.querySelector('[data-testid="notification-n2"]')).not.toBeNull();
    expect(document.querySelector('[data-testid="mark-all-read"]')).toBeNull();
  });

  it('says so when there is nothing yet', async () => {
    await open([], 0);
    expect(findByTestId(document, 'notifications-empty').textContent).toContain('No notifications yet');
    expect(document.querySelector('[data-testid="mark-all-read"]')).toBeNull();
  });
});
