import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { DeliveryDetailDto, DeliveryDto, DeliveryPage } from '@carebook/api-client';
import { apiTesting, findByTestId } from '../../../testing/fixtures';
import { deliveryFiltersFromParams } from './delivery-filters';
import { DeliveriesPage } from './deliveries-page';
import { DeliveryPage as DeliveryDetailPage } from './delivery-page';
import { clinicLoaded } from '../../../testing/spec-steps';

// Timers (the recipient field's debounce) are run by the test, not waited for; the rest of time still passes.
beforeEach(() => jest.useFakeTimers({ advanceTimers: true }));
afterEach(() => jest.useRealTimers());

const SENT: DeliveryDto = {
  id: '9d0f0a52-64b3-4c57-9a51-3c7a1d0e2f11',
  channel: 'email',
  to: 'olivia@example.com',
  kind: 'appointment-confirmed',
  subject: 'Appointment confirmed: Dr Amara Okafor, Mon 4 Mar 09:00',
  status: 'sent',
  attempts: 1,
  lastError: null,
  createdAt: '2030-03-01T09:00:00.000Z',
  sentAt: '2030-03-01T09:00:02.000Z',
};
const FAILED: DeliveryDto = {
  ...SENT,
  id: '0c1d2e3f-4a5b-4c6d-8e7f-901234567890',
  channel: 'sms',
  to: '+447700900123',
  status: 'failed',
  attempts: 5,
  lastError: 'Twilio 21211: invalid To number',
  sentAt: null,
};

function page(items: DeliveryDto[], mailbox = { mailboxEmail: true, mailboxSms: false }): DeliveryPage {
  return { items, total: items.length, ...mailbox };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 40 && !check(); i++) {
    await jest.advanceTimersByTimeAsync(20);
    TestBed.tick();
  }
}

describe('deliveryFiltersFromParams', () => {
  it('keeps what the API accepts and drops the rest', () => {
    expect(deliveryFiltersFromParams({ channel: 'sms', status: 'failed', kind: 'password-reset', to: ' olivia ', page: '2', pageSize: '50' })).toEqual({
      channel: 'sms',
      status: 'failed',
      kind: 'password-reset',
      to: 'olivia',
      page: 2,
      pageSize: 50,
    });
    expect(deliveryFiltersFromParams({ channel: 'fax', status: 'lost', kind: 'spam', page: '-1', pageSize: '7' })).toEqual({
      channel: undefined,
      status: undefined,
      kind: undefined,
      to: '',
      page: 1,
      pageSize: 20,
    });
  });
});

describe('DeliveriesPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  const root = () => harness.routeNativeElement as HTMLElement;
  const lists = (): TestRequest[] => http.match((r) => r.url === '/api/admin/deliveries');

  async function open(url: string, answer: DeliveryPage): Promise<TestRequest> {
    harness = await RouterTestingHarness.create();
    const navigation = harness.navigateByUrl(url);
    let list: TestRequest[] = [];
    await until(() => (list = lists()).length > 0);
    list[0].flush(answer);
    await navigation;
    await harness.fixture.whenStable();
    return list[0];
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        ...apiTesting(),
        provideRouter(
          [
            { path: 'admin/deliveries', component: DeliveriesPage },
            { path: 'admin/deliveries/:id', component: DeliveryDetailPage },
          ],
          withComponentInputBinding(),
        ),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    clinicLoaded(http);
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  it('lists the messages with status, attempts and last error, under the development mailbox banner', async () => {
    await open('/admin/deliveries', page([SENT, FAILED]));
    expect(findByTestId(root(), 'mailbox-banner').textContent).toContain('emails are not sent, they are kept here');
    expect(findByTestId(root(), 'mailbox-banner').textContent).not.toContain('SMS_PROVIDER');

    const failed = findByTestId(root(), `delivery-${FAILED.id}`);
    expect(failed.textContent).toContain('+447700900123');
    expect(failed.textContent).toContain('Failed');
    expect(failed.textContent).toContain('5 attempts');
    expect(failed.textContent).toContain('Twilio 21211: invalid To number');
    expect(findByTestId(root(), `delivery-${SENT.id}`).textContent).toContain('Appointment confirmed: Dr Amara Okafor');
  });

  it('has no banner when mail and SMS really go out', async () => {
    await open('/admin/deliveries', page([SENT], { mailboxEmail: false, mailboxSms: false }));
    expect(root().querySelector('[data-testid="mailbox-banner"]')).toBeNull();
  });

  it('asks with the URL’s filters and writes the recipient text back to it', async () => {
    const first = await open('/admin/deliveries?channel=sms&status=failed&kind=appointment-reminder&page=2', page([FAILED]));
    expect(first.request.params.get('channel')).toBe('sms');
    expect(first.request.params.get('status')).toBe('failed');
    expect(first.request.params.get('kind')).toBe('appointment-reminder');
    expect(first.request.params.get('page')).toBe('2');
    expect(first.request.params.has('to')).toBe(false);

    const to = findByTestId<HTMLInputElement>(root(), 'filter-to');
    to.value = 'olivia';
    to.dispatchEvent(new Event('input'));
    let again: TestRequest[] = [];
    await until(() => (again = lists()).length > 0);
    expect(TestBed.inject(Router).url).toBe('/admin/deliveries?channel=sms&status=failed&kind=appointment-reminder&to=olivia');
    expect(again[0].request.params.get('to')).toBe('olivia');
    again[0].flush(page([]));
    await harness.fixture.whenStable();

    expect(findByTestId(root(), 'empty').textContent).toContain('No messages match these filters');
  });

  it('opens the whole message: envelope, text, the HTML sandboxed, attachments', async () => {
    await open('/admin/deliveries', page([SENT]));
    (root().querySelector(`[data-testid="delivery-${SENT.id}"]`) as HTMLElement).click();
    let detail: TestRequest[] = [];
    await until(() => (detail = http.match(`/api/admin/deliveries/${SENT.id}`)).length > 0);
    const message: DeliveryDetailDto = {
      ...SENT,
      text: 'Hello Olivia,\nYour appointment is confirmed.',
      html: '<p>Hello Olivia,</p><script>parent.alert(1)</script>',
      attachments: [{ filename: 'appointment.ics', contentType: 'text/calendar', size: 2048 }],
    };
    detail[0].flush(message);
    await harness.fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe(`/admin/deliveries/${SENT.id}`);
    expect(findByTestId(root(), 'delivery-subject').textContent).toBe(SENT.subject);
    expect(findByTestId(root(), 'delivery-to').textContent).toBe('olivia@example.com');
    expect(findByTestId(root(), 'delivery-text').textContent).toBe('Hello Olivia,\nYour appointment is confirmed.');
    const frame = findByTestId<HTMLIFrameElement>(root(), 'delivery-html');
    // An empty sandbox: no scripts, no same origin, no forms, no popups.
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toBe(message.html);
    expect(findByTestId(root(), 'delivery-attachments').textContent).toContain('appointment.ics');
    expect(findByTestId(root(), 'delivery-attachments').textContent).toContain('2 KB');
  });
});
