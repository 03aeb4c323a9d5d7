import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { DEFAULT_NOTIFICATION_PREFERENCES, type NotificationPreferencesView as Preferences } from '@carebook/shared';
import { apiTesting, findByTestId, apiError } from '../../testing/fixtures';
import { NotificationPreferences } from './notification-preferences';

// Timers (snack bars, toggle animations) are run by the test, not waited for.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const STORED: Preferences = {
  email: { appointments: true, reminders: false, messages: false },
  sms: { appointments: false, reminders: true },
  smsNumber: '+442079460000',
};

describe('NotificationPreferences', () => {
  let fixture: ComponentFixture<NotificationPreferences>;
  let http: HttpTestingController;
  let page: HTMLElement;

  const settle = async (): Promise<void> => {
    await jest.advanceTimersByTimeAsync(0);
    await fixture.whenStable();
  };
  const toggle = (id: string) => findByTestId(page, id).querySelector<HTMLButtonElement>('button[role="switch"]');

  async function create(phone: string | null, stored: Preferences = STORED): Promise<void> {
    fixture = TestBed.createComponent(NotificationPreferences);
    fixture.componentRef.setInput('phone', phone);
    page = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne('/api/notifications/preferences').flush(stored);
    await settle();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({ imports: [NotificationPreferences], providers: apiTesting() });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  it('shows the stored choices and says security emails are always sent', async () => {
    await create('+44 20 7946 0000');
    expect(toggle('email-appointments')?.getAttribute('aria-checked')).toBe('true');
    expect(toggle('email-reminders')?.getAttribute('aria-checked')).toBe('false');
    expect(toggle('sms-appointments')?.getAttribute('aria-checked')).toBe('false');
    expect(toggle('sms-reminders')?.getAttribute('aria-checked')).toBe('true');
    expect(page.textContent).toContain('always sent');
    expect(findByTestId(page, 'sms-phone').textContent).toContain('Sent to +442079460000');
    expect(toggle('email-messages')?.getAttribute('aria-checked')).toBe('false');
    expect(findByTestId<HTMLButtonElement>(page, 'save-preferences').disabled).toBe(true);
  });

  it('says text messages need a phone number when the account has none', async () => {
    await create(null, { ...DEFAULT_NOTIFICATION_PREFERENCES, smsNumber: null });
    expect(findByTestId(page, 'sms-phone').textContent).toContain('need a phone number');
  });

  it('says no text message can go to a number without its country code, instead of promising them', async () => {
    await create('020 7946 0018', { ...DEFAULT_NOTIFICATION_PREFERENCES, smsNumber: null });
    const note = findByTestId(page, 'sms-phone').textContent ?? '';
    expect(note).toContain('No text messages can be sent to 020 7946 0018');
    expect(note).toContain('country code');
    expect(note).not.toContain('Sent to');
  });

  it('asks again where text messages go when the phone number changes', async () => {
    await create('020 7946 0018', { ...DEFAULT_NOTIFICATION_PREFERENCES, smsNumber: null });
    fixture.componentRef.setInput('phone', '+44 20 7946 0018');
    fixture.detectChanges();
    http.expectOne('/api/notifications/preferences').flush({ ...DEFAULT_NOTIFICATION_PREFERENCES, smsNumber: '+442079460018' });
    await settle();
    expect(findByTestId(page, 'sms-phone').textContent).toContain('Sent to +442079460018');
  });

  it('saves the whole set with PUT, the messages choice included', async () => {
    await create('+44 20 7946 0000');
    toggle('email-reminders')?.click();
    toggle('email-messages')?.click();
    toggle('sms-appointments')?.click();
    await settle();
    findByTestId<HTMLButtonElement>(page, 'save-preferences').click();
    await settle();

    const request = http.expectOne({ method: 'PUT', url: '/api/notifications/preferences' });
    const saved = {
      email: { appointments: true, reminders: true, messages: true },
      sms: { appointments: true, reminders: true },
    };
    expect(request.request.body).toEqual(saved);
    request.flush({ ...saved, smsNumber: '+442079460000' } satisfies Preferences);
    await settle();
    expect(document.body.textContent).toContain('Your notification choices were saved');
    expect(findByTestId<HTMLButtonElement>(page, 'save-preferences').disabled).toBe(true);
  });

  it('says why a save failed and keeps the changes', async () => {
    await create(null);
    toggle('email-appointments')?.click();
    await settle();
    findByTestId<HTMLButtonElement>(page, 'save-preferences').click();
    await settle();
    http.expectOne('/api/notifications/preferences').flush(...apiError(400, 'sms.reminders must be a boolean'));
    await settle();
    expect(document.body.textContent).toContain('sms.reminders must be a boolean');
    expect(toggle('email-appointments')?.getAttribute('aria-checked')).toBe('false');
  });
});
