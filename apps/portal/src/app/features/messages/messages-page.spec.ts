import { BreakpointObserver } from '@angular/cdk/layout';
import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ConversationDto } from '@carebook/api-client';
import { of, Subject } from 'rxjs';
import { Clinic } from '../../core/clinic';
import { Realtime, type ChatEvent } from '../../core/realtime';
import { Session } from '../../core/session';
import { UnreadMessages } from '../../core/unread-messages';
import { aConversation, aMessage, DR_OKAFOR, OLIVIA } from '../../testing/chat-fixtures';
import { apiTesting, findByTestId } from '../../testing/fixtures';
import { MessagesPage } from './messages-page';

// The list's refresh after live events is debounced: the test runs the timers.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const DR_SCHULTZ = { id: 'd2', fullName: 'Dr Lena Schultz', photoUrl: null };
const NOAH = { id: 'p2', fullName: 'Noah Clarke', photoUrl: null };

describe('MessagesPage (the conversation list)', () => {
  let fixture: ComponentFixture<MessagesPage>;
  let http: HttpTestingController;
  let events: Subject<ChatEvent | null>;
  /** The screen: wide (840 px and more) shows list and thread side by side, a phone one at a time. */
  let wide: boolean;

  const root = () => fixture.nativeElement as HTMLElement;
  const settle = async (ms = 0): Promise<void> => {
    await jest.advanceTimersByTimeAsync(ms);
    fixture.detectChanges();
    await jest.advanceTimersByTimeAsync(0);
    fixture.detectChanges();
  };
  const lists = (): TestRequest[] => http.match((r) => r.method === 'GET' && r.url === '/api/conversations');
  const rows = () =>
    [...root().querySelectorAll<HTMLAnchorElement>('[data-testid="conversation"]')].map((row) => ({
      name: row.querySelector('.name')?.textContent?.trim(),
      bold: row.querySelector('.name')?.classList.contains('unread'),
      preview: row.querySelector('.preview')?.textContent?.trim(),
      badge: row.querySelector('[data-testid="conversation-unread"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? null,
      href: row.getAttribute('href'),
    }));

  async function openAs(me: { id: string }, role: 'patient' | 'doctor', items: ConversationDto[]): Promise<void> {
    TestBed.configureTestingModule({
      imports: [MessagesPage],
      providers: [
        ...apiTesting(),
        provideRouter([]),
        { provide: Session, useValue: { user: signal(me), role: signal(role) } },
        { provide: Clinic, useValue: { timezone: () => 'Europe/London' } },
        { provide: Realtime, useValue: { chatEvents: () => events.asObservable(), typing: jest.fn() } },
        { provide: UnreadMessages, useValue: { reload: jest.fn() } },
        { provide: BreakpointObserver, useValue: { observe: () => of({ matches: wide, breakpoints: {} }), isMatched: () => wide } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(MessagesPage);
    await settle();
    const [list] = lists();
    expect(list.request.params.get('pageSize')).toBe('100');
    list.flush({ items, total: items.length, unreadCount: items.reduce((n, c) => n + c.unreadCount, 0) });
    await settle();
  }

  beforeEach(() => {
    events = new Subject();
    wide = true;
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  it('lists the other person of each conversation with a preview, and an unread badge only where something is unread', async () => {
    await openAs(OLIVIA, 'patient', [
      aConversation({ lastMessage: aMessage(7, { body: 'Your results are in' }), unreadCount: 3, lastSeq: 7 }),
      aConversation({
        id: 'c2',
        doctor: DR_SCHULTZ,
        lastMessage: aMessage(2, { conversationId: 'c2', senderId: OLIVIA.id, body: 'Thank you!' }),
        lastSeq: 2,
      }),
      aConversation({
        id: 'c3',
        doctor: { id: 'd3', fullName: 'Dr Kwame Mensah', photoUrl: null },
        lastMessage: aMessage(1, { conversationId: 'c3', body: '', attachment: { fileName: 'scan.pdf', contentType: 'application/pdf', size: 2048, url: '/x' } }),
        unreadCount: 1,
        lastSeq: 1,
      }),
      aConversation({ id: 'c4', doctor: { id: 'd4', fullName: 'Dr Priya Shah', photoUrl: null } }),
    ]);
    expect(rows()).toEqual([
      { name: DR_OKAFOR.fullName, bold: true, preview: 'Your results are in', badge: '3 unread', href: '/messages/c1' },
      { name: DR_SCHULTZ.fullName, bold: false, preview: 'You: Thank you!', badge: null, href: '/messages/c2' },
      { name: 'Dr Kwame Mensah', bold: true, preview: 'Attachment: scan.pdf', badge: '1 unread', href: '/messages/c3' },
      { name: 'Dr Priya Shah', bold: false, preview: 'No messages yet', badge: null, href: '/messages/c4' },
    ]);
  });

  it('shows a doctor their patients', async () => {
    await openAs(DR_OKAFOR, 'doctor', [
      aConversation({ lastMessage: aMessage(1, { senderId: DR_OKAFOR.id, body: 'How are you feeling?' }), lastSeq: 1 }),
      aConversation({ id: 'c2', patient: NOAH, unreadCount: 2, lastMessage: aMessage(2, { conversationId: 'c2', senderId: NOAH.id, body: 'Better' }) }),
    ]);
    expect(rows().map((r) => [r.name, r.preview, r.badge])).toEqual([
      [OLIVIA.fullName, 'You: How are you feeling?', null],
      [NOAH.fullName, 'Better', '2 unread'],
    ]);
  });

  it('refreshes the list (badges, previews) from the server after live messages and read receipts, not after typing', async () => {
    await openAs(OLIVIA, 'patient', [aConversation({ lastMessage: aMessage(1), unreadCount: 1, lastSeq: 1 })]);
    expect(rows()[0].badge).toBe('1 unread');

    events.next({ name: 'typing', payload: { conversationId: 'c1', userId: DR_OKAFOR.id } });
    await settle(300);
    expect(lists()).toEqual([]);

    // A burst of messages is one refresh.
    events.next({ name: 'message:new', payload: aMessage(2) });
    events.next({ name: 'message:new', payload: aMessage(3, { body: 'Please book a follow-up' }) });
    await settle(300);
    const refreshes = lists();
    expect(refreshes).toHaveLength(1);
    refreshes[0].flush({ items: [aConversation({ lastMessage: aMessage(3, { body: 'Please book a follow-up' }), unreadCount: 3, lastSeq: 3 })], total: 1, unreadCount: 3 });
    await settle();
    expect(rows()[0]).toMatchObject({ preview: 'Please book a follow-up', badge: '3 unread' });

    // Read in another tab: the badge goes.
    events.next({ name: 'message:read', payload: { conversationId: 'c1', readerId: OLIVIA.id, upToSeq: 3, readAt: '2026-03-02T10:00:00.000Z' } });
    await settle(300);
    lists()[0].flush({ items: [aConversation({ lastMessage: aMessage(3, { body: 'Please book a follow-up' }), unreadCount: 0, lastSeq: 3 })], total: 1, unreadCount: 0 });
    await settle();
    expect(rows()[0]).toMatchObject({ badge: null, bold: false });

    // And after the socket came back from a gap.
    events.next(null);
    await settle(300);
    lists()[0].flush({ items: [], total: 0, unreadCount: 0 });
    await settle();
  });

  it('says how to start a conversation when there is none', async () => {
    await openAs(OLIVIA, 'patient', []);
    expect(findByTestId(root(), 'conversations-empty').textContent?.replace(/\s+/g, ' ')).toContain(
      'No conversations yet. Open an appointment and choose “Message” to write to your doctor.',
    );
  });

  describe('the open conversation', () => {
    const list = () => root().querySelector('nav[aria-label="Conversations"]');
    const thread = () => root().querySelector('cb-message-thread');
    const back = () => root().querySelector<HTMLAnchorElement>('[data-testid="back-to-list"]');

    /** Opens c1 (as the route does) and answers the thread's first page of messages. */
    async function openConversation(): Promise<void> {
      fixture.componentRef.setInput('id', 'c1');
      await settle();
      http.expectOne((r) => r.url === '/api/conversations/c1/messages').flush({ items: [aMessage(1, { body: 'Your results are in' })], hasMore: false });
      await settle(300);
      http.match('/api/conversations/c1/read').forEach((r) => r.flush({ upToSeq: 1, unreadCount: 0 }));
      await settle();
    }

    it('on a phone shows the list and the thread as separate screens, with a link back to the list', async () => {
      wide = false;
      await openAs(OLIVIA, 'patient', [aConversation({ lastMessage: aMessage(1, { body: 'Your results are in' }), lastSeq: 1 })]);
      expect(list()).not.toBeNull();
      expect(thread()).toBeNull();

      await openConversation();
      expect(list()).toBeNull();
      expect(thread()?.querySelector('h2')?.textContent).toBe(DR_OKAFOR.fullName);
      expect(back()?.getAttribute('href')).toBe('/messages');
      expect(back()?.getAttribute('aria-label')).toBe('Back to conversations');
    });

    it('on a wide screen keeps the list beside the thread, with the open one marked and no back link', async () => {
      await openAs(OLIVIA, 'patient', [aConversation({ lastMessage: aMessage(1, { body: 'Your results are in' }), lastSeq: 1 })]);
      expect(list()).not.toBeNull();
      expect(thread()).toBeNull();
      expect(root().textContent).toContain('Choose a conversation.');

      await openConversation();
      expect(list()).not.toBeNull();
      expect(thread()).not.toBeNull();
      expect(root().querySelector('[data-testid="conversation"]')?.getAttribute('aria-current')).toBe('page');
      expect(back()).toBeNull();
    });
  });
});
