import { HttpEventType } from '@angular/common/http';
import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatSnackBar } from '@angular/material/snack-bar';
import type { ConversationDto, MessageDto } from '@carebook/api-client';
import { Subject } from 'rxjs';
import { Clinic } from '../../core/clinic';
import { Realtime, type ChatEvent } from '../../core/realtime';
import { Session } from '../../core/session';
import { UnreadMessages } from '../../core/unread-messages';
import { formatLocalDate } from '../../shared/clinic-time';
import { aConversation, aMessage, DR_OKAFOR, OLIVIA } from '../../testing/chat-fixtures';
import { apiTesting, findByTestId } from '../../testing/fixtures';
import { MessageThread } from './message-thread';

// Timers (the read receipt's pause, the typing indicator) are run by the test, not waited for.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const dayLabel = (day: string) => formatLocalDate(day, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

describe('MessageThread', () => {
  let fixture: ComponentFixture<MessageThread>;
  let http: HttpTestingController;
  let events: Subject<ChatEvent | null>;
  let sendMessage: jest.Mock<Promise<MessageDto>, [{ conversationId: string; body: string; clientId: string }]>;
  let snackBar: { open: jest.Mock };
  let unread: { reload: jest.Mock };

  const root = () => fixture.nativeElement as HTMLElement;
  const settle = async (ms = 0): Promise<void> => {
    await jest.advanceTimersByTimeAsync(ms);
    fixture.detectChanges();
    await jest.advanceTimersByTimeAsync(0);
    fixture.detectChanges();
  };
  const pages = (): TestRequest[] => http.match((r) => r.method === 'GET' && r.url === '/api/conversations/c1/messages');
  const shown = () => [...root().querySelectorAll<HTMLElement>('[data-testid="message"]')].map((m) => Number(m.dataset['seq']));
  const message = (seq: number) => root().querySelector<HTMLElement>(`[data-testid="message"][data-seq="${seq}"]`);
  const tick = (seq: number) => message(seq)?.querySelector('[data-testid="tick"]');
  const composer = () => findByTestId<HTMLTextAreaElement>(root(), 'composer');
  const live = (event: ChatEvent | null) => events.next(event);

  /** Opens the thread with `history` as its newest page (and `hasMore`). */
  async function openWith(history: MessageDto[], hasMore = false, conversation: ConversationDto = aConversation()): Promise<void> {
    fixture = TestBed.createComponent(MessageThread);
    fixture.componentRef.setInput('conversation', conversation);
    await settle();
    const [page] = pages();
    expect(page.request.params.get('limit')).toBe('50');
    page.flush({ items: history, hasMore });
    await settle();
  }

  /** Answers the read receipt the thread sends for what it shows from the other participant. */
  async function answerReadReceipt(upToSeq: number): Promise<void> {
    await settle(300);
    const receipt = http.expectOne({ method: 'POST', url: '/api/conversations/c1/read' });
    expect(receipt.request.body).toEqual({ upToSeq });
    receipt.flush({ upToSeq, unreadCount: 0 });
    await settle();
  }

  async function type(text: string): Promise<void> {
    composer().value = text;
    composer().dispatchEvent(new Event('input'));
    await settle();
  }

  function pressEnter(shiftKey = false): void {
    composer().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey, bubbles: true, cancelable: true }));
  }

  beforeEach(() => {
    events = new Subject();
    sendMessage = jest.fn();
    snackBar = { open: jest.fn() };
    unread = { reload: jest.fn() };
    TestBed.configureTestingModule({
      imports: [MessageThread],
      providers: [
        ...apiTesting(),
        { provide: Session, useValue: { user: signal({ id: OLIVIA.id }) } },
        { provide: Clinic, useValue: { timezone: () => 'Europe/London' } },
        { provide: Realtime, useValue: { chatEvents: () => events.asObservable(), sendMessage, typing: jest.fn() } },
        { provide: UnreadMessages, useValue: unread },
        { provide: MatSnackBar, useValue: snackBar },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  describe('history', () => {
    it('puts each message under a separator for its day in the clinic’s timezone, oldest first', async () => {
      await openWith([
        aMessage(1, { senderId: OLIVIA.id, createdAt: '2026-03-01T22:30:00.000Z' }),
        aMessage(2, { senderId: OLIVIA.id, createdAt: '2026-03-02T08:00:00.000Z' }),
        aMessage(3, { senderId: OLIVIA.id, createdAt: '2026-03-02T23:30:00.000Z' }),
        // 29 March: London is on summer time, so 23:30Z is already 30 March there.
        aMessage(4, { senderId: OLIVIA.id, createdAt: '2026-03-29T23:30:00.000Z' }),
      ]);
      const rows = [...root().querySelectorAll<HTMLElement>('ol.messages > li')].map((li) =>
        li.classList.contains('day') ? li.getAttribute('aria-label') : Number(li.dataset['seq']),
      );
      expect(rows).toEqual([dayLabel('2026-03-01'), 1, dayLabel('2026-03-02'), 2, 3, dayLabel('2026-03-30'), 4]);
      expect(root().querySelector('.day')?.getAttribute('role')).toBe('separator');
    });

    it('shows a body that looks like HTML as the text it is, never as markup', async () => {
      const attack = '<img src=x onerror=alert(1)><script>alert(2)</script><b>bold?</b>';
      await openWith([aMessage(1, { body: attack })]);
      const body = message(1)?.querySelector('.body');
      expect(body?.textContent).toBe(attack);
      expect(body?.children).toHaveLength(0);
      expect(root().querySelector('.messages img, .messages script, .messages b')).toBeNull();
    });

    it('says so when there are no messages yet', async () => {
      await openWith([]);
      expect(findByTestId(root(), 'thread-empty').textContent).toContain('No messages yet. Say hello to Dr Amara Okafor.');
    });

    it('offers older messages when there are more, and puts them before the ones shown', async () => {
      await openWith([aMessage(51, { senderId: OLIVIA.id }), aMessage(52, { senderId: OLIVIA.id })], true);
      findByTestId<HTMLButtonElement>(root(), 'load-older').click();
      await settle();
      const [older] = pages();
      expect(older.request.params.get('before')).toBe('51');
      older.flush({ items: [aMessage(49, { senderId: OLIVIA.id }), aMessage(50, { senderId: OLIVIA.id })], hasMore: false });
      await settle();
      expect(shown()).toEqual([49, 50, 51, 52]);
      expect(root().querySelector('[data-testid="load-older"]')).toBeNull();
    });
  });

  describe('read ticks and receipts', () => {
    it('shows one tick (Sent) on my unread messages, two (Read) on the read ones, none on the other’s, and turns them on a read receipt', async () => {
      await openWith([
        aMessage(1, { senderId: OLIVIA.id, readAt: '2026-03-02T09:05:00.000Z' }),
        aMessage(2, { senderId: OLIVIA.id }),
        aMessage(3, { senderId: OLIVIA.id }),
      ]);
      expect(tick(1)?.textContent?.trim()).toBe('done_all');
      expect(message(1)?.textContent).toContain('Read');
      expect(tick(2)?.textContent?.trim()).toBe('done');
      expect(message(2)?.textContent).toContain('Sent');

      // My own read receipt (another tab of mine) changes nothing; the doctor's up to seq 2 does.
      live({ name: 'message:read', payload: { conversationId: 'c1', readerId: OLIVIA.id, upToSeq: 3, readAt: '2026-03-02T10:00:00.000Z' } });
      await settle();
      expect(tick(2)?.textContent?.trim()).toBe('done');
      live({ name: 'message:read', payload: { conversationId: 'c1', readerId: DR_OKAFOR.id, upToSeq: 2, readAt: '2026-03-02T10:00:00.000Z' } });
      await settle();
      expect([1, 2, 3].map((seq) => tick(seq)?.textContent?.trim())).toEqual(['done_all', 'done_all', 'done']);
      // A receipt about another conversation is not this thread's.
      live({ name: 'message:read', payload: { conversationId: 'c2', readerId: DR_OKAFOR.id, upToSeq: 3, readAt: '2026-03-02T10:00:00.000Z' } });
      await settle();
      expect(tick(3)?.textContent?.trim()).toBe('done');
    });

    it('sends a read receipt up to the newest message shown when the other’s are unread, and refreshes the navigation count', async () => {
      await openWith([aMessage(1, { senderId: OLIVIA.id }), aMessage(2), aMessage(3)]);
      expect(tick(2)).toBeNull();
      await answerReadReceipt(3);
      expect(unread.reload).toHaveBeenCalledTimes(1);

      // A new message from the doctor is read too; nothing is sent when there is nothing of theirs unread.
      live({ name: 'message:new', payload: aMessage(4) });
      await settle();
      await answerReadReceipt(4);
      live({ name: 'message:new', payload: aMessage(5, { senderId: OLIVIA.id }) });
      await settle(300);
      http.expectNone({ method: 'POST', url: '/api/conversations/c1/read' });
    });
  });

  describe('live messages and catch-up', () => {
    it('adds the next message at once, and catches up from the last seq held when one is skipped', async () => {
      await openWith([aMessage(1, { senderId: OLIVIA.id })]);
      live({ name: 'message:new', payload: aMessage(2, { senderId: OLIVIA.id }) });
      await settle();
      expect(shown()).toEqual([1, 2]);

      live({ name: 'message:new', payload: aMessage(4, { senderId: OLIVIA.id }) });
      await settle();
      const [catchUp] = pages();
      expect(catchUp.request.params.get('after')).toBe('2');
      catchUp.flush({ items: [aMessage(3, { senderId: OLIVIA.id }), aMessage(4, { senderId: OLIVIA.id })], hasMore: false });
      await settle();
      expect(shown()).toEqual([1, 2, 3, 4]);
    });

    it('catches up after the socket comes back, page by page, showing each message once', async () => {
      await openWith([aMessage(1, { senderId: OLIVIA.id })]);
      live(null);
      await settle();
      const [first] = pages();
      expect(first.request.params.get('after')).toBe('1');
      first.flush({ items: [aMessage(2, { senderId: OLIVIA.id })], hasMore: true });
      await settle();
      const [second] = pages();
      expect(second.request.params.get('after')).toBe('2');
      // A live copy crossing the catch-up is not shown twice.
      live({ name: 'message:new', payload: aMessage(3, { senderId: OLIVIA.id }) });
      second.flush({ items: [aMessage(3, { senderId: OLIVIA.id })], hasMore: false });
      await settle();
      expect(shown()).toEqual([1, 2, 3]);
    });

    it('shows that the other is typing, for a few seconds or until their message arrives', async () => {
      await openWith([aMessage(1, { senderId: OLIVIA.id })]);
      const typing = () => findByTestId(root(), 'typing').textContent?.trim();
      live({ name: 'typing', payload: { conversationId: 'c1', userId: DR_OKAFOR.id } });
      await settle();
      expect(typing()).toBe('Dr Amara Okafor is typing…');
      await settle(4000);
      expect(typing()).toBe('');

      live({ name: 'typing', payload: { conversationId: 'c1', userId: DR_OKAFOR.id } });
      await settle();
      live({ name: 'message:new', payload: aMessage(2) });
      await settle();
      expect(typing()).toBe('');
      await answerReadReceipt(2);
    });
  });

  describe('composer', () => {
    it('sends with a clientId of its own, shows the message as sending, then as stored', async () => {
      await openWith([aMessage(1, { senderId: OLIVIA.id })]);
      let acknowledge!: (stored: MessageDto) => void;
      sendMessage.mockReturnValueOnce(new Promise((resolve) => (acknowledge = resolve)));
      await type('  I have a fever since last night  ');
      // Shift+Enter is a new line, not a send.
      pressEnter(true);
      expect(sendMessage).not.toHaveBeenCalled();
      pressEnter();
      await settle();

      expect(sendMessage).toHaveBeenCalledTimes(1);
      const sent = sendMessage.mock.calls[0][0];
      expect(sent).toEqual({ conversationId: 'c1', body: 'I have a fever since last night', clientId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(composer().value).toBe('');
      const pending = findByTestId(root(), 'outgoing');
      expect(pending.textContent).toContain('I have a fever since last night');
      expect(pending.textContent).toContain('Sending');

      acknowledge(aMessage(2, { senderId: OLIVIA.id, body: sent.body, clientId: sent.clientId }));
      await settle();
      expect(root().querySelector('[data-testid="outgoing"]')).toBeNull();
      expect(shown()).toEqual([1, 2]);
      expect(message(2)?.textContent).toContain('I have a fever since last night');
      expect(tick(2)?.textContent?.trim()).toBe('done');
    });

    it('keeps an unacknowledged message as not sent, and retries it with the same clientId (never a second message)', async () => {
      await openWith([aMessage(1, { senderId: OLIVIA.id })]);
      sendMessage.mockRejectedValueOnce(new Error('operation has timed out'));
      await type('Are you there?');
      findByTestId<HTMLButtonElement>(root(), 'send').click();
      await settle();
      const pending = findByTestId(root(), 'outgoing');
      expect(pending.textContent).toContain('Not sent.');

      const firstClientId = sendMessage.mock.calls[0][0].clientId;
      sendMessage.mockResolvedValueOnce(aMessage(2, { senderId: OLIVIA.id, body: 'Are you there?', clientId: firstClientId }));
      const retry = [...pending.querySelectorAll('button')].find((b) => b.textContent?.includes('Retry'));
      retry?.click();
      await settle();
      expect(sendMessage).toHaveBeenCalledTimes(2);
      expect(sendMessage.mock.calls[1][0]).toEqual({ conversationId: 'c1', body: 'Are you there?', clientId: firstClientId });
      // The socket's echo of the same message changes nothing.
      live({ name: 'message:new', payload: aMessage(2, { senderId: OLIVIA.id, body: 'Are you there?', clientId: firstClientId }) });
      await settle();
      expect(shown()).toEqual([1, 2]);
      expect(root().querySelector('[data-testid="outgoing"]')).toBeNull();
    });

    it('drops a message the server refuses and says why', async () => {
      await openWith([aMessage(1, { senderId: OLIVIA.id })]);
      sendMessage.mockRejectedValueOnce(Object.assign(new Error('No such conversation'), { status: 404 }));
      await type('Hello?');
      pressEnter();
      await settle();
      expect(root().querySelector('[data-testid="outgoing"]')).toBeNull();
      expect(snackBar.open).toHaveBeenCalledWith('The message was not sent. No such conversation', 'Close', { duration: 8000 });
    });

    it('sends nothing blank', async () => {
      await openWith([]);
      await type('   ');
      expect(findByTestId<HTMLButtonElement>(root(), 'send').disabled).toBe(true);
      pressEnter();
      await settle();
      expect(sendMessage).not.toHaveBeenCalled();
    });
  });

  describe('attachments', () => {
    const uploads = (): TestRequest[] => http.match((r) => r.method === 'POST' && r.url === '/api/conversations/c1/attachments');
    const progress = () => root().querySelector<HTMLElement>('[data-testid="upload-progress"]');

    /** Picks `file` in the hidden file input, as the attach button's file chooser does. */
    async function pick(file: File): Promise<void> {
      const input = findByTestId<HTMLInputElement>(root(), 'attach-input');
      Object.defineProperty(input, 'files', { value: [file], configurable: true });
      input.dispatchEvent(new Event('change'));
      await settle();
    }

    it('shows the upload’s progress as it goes, then the stored message in place of the bar', async () => {
      await openWith([]);
      await pick(new File([new Uint8Array(4096)], 'ecg-trace.png', { type: 'image/png' }));
      const [upload] = uploads();
      expect(upload.request.reportProgress).toBe(true);
      const form = upload.request.body as FormData;
      expect((form.get('file') as File).name).toBe('ecg-trace.png');
      expect(form.get('clientId')).toMatch(/^[0-9a-f-]{36}$/);
      expect(progress()?.textContent).toContain('Sending ecg-trace.png');
      expect(findByTestId<HTMLButtonElement>(root(), 'attach').disabled).toBe(true);

      upload.event({ type: HttpEventType.UploadProgress, loaded: 1024, total: 4096 });
      await settle();
      const bar = progress()?.querySelector('mat-progress-bar');
      expect(bar?.getAttribute('aria-valuenow')).toBe('25');
      upload.event({ type: HttpEventType.UploadProgress, loaded: 3072, total: 4096 });
      await settle();
      expect(bar?.getAttribute('aria-valuenow')).toBe('75');

      upload.flush(
        aMessage(1, { senderId: OLIVIA.id, body: '', attachment: { fileName: 'ecg-trace.png', contentType: 'image/png', size: 4096, url: '/api/conversations/c1/attachments/m1' } }),
      );
      await settle();
      expect(progress()).toBeNull();
      expect(findByTestId(root(), 'attachment').textContent).toContain('ecg-trace.png');
      expect(findByTestId<HTMLButtonElement>(root(), 'attach').disabled).toBe(false);
    });

    it('refuses a file over the clinic’s limit before sending anything, and says what the limit is', async () => {
      await openWith([], false, aConversation({ maxFileBytes: 2 * 1024 * 1024 }));
      await pick(new File([new Uint8Array(3 * 1024 * 1024)], 'mri-scan.pdf', { type: 'application/pdf' }));
      expect(uploads()).toEqual([]);
      expect(progress()).toBeNull();
      expect(snackBar.open).toHaveBeenCalledWith('mri-scan.pdf was not sent: it is 3 MB; files can be at most 2 MB.', 'Close', { duration: 8000 });

      // one within the limit goes
      await pick(new File([new Uint8Array(1024)], 'referral.pdf', { type: 'application/pdf' }));
      const sent = uploads();
      expect(sent).toHaveLength(1);
      sent[0].flush(null, { status: 500, statusText: 'Server Error' });
      await settle();
    });
  });
});
