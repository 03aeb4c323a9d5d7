import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { AuthApi } from '@carebook/api-client';
import { DEFAULT_NOTIFICATION_PREFERENCES } from '@carebook/shared';
import { Account, AuthSession } from '../../core/api-types';
import { Session } from '../../core/session';
import { apiError, authTesting, sessionOf } from '../../testing/fixtures';
import { AccountPage } from './account-page';
import { clinicLoaded } from '../../testing/spec-steps';

const olivia: Account = {
  id: 'p1',
  email: 'olivia.bennett@carebook.test',
  fullName: 'Olivia Bennett',
  role: 'patient',
  status: 'active',
  statusReason: null,
  phone: null,
  dateOfBirth: '1990-04-12',
  gender: null,
  specialty: null,
  createdAt: '2026-01-10T09:00:00.000Z',
};

function authSession(suffix: string): AuthSession {
  const { id, email, fullName, role, status } = olivia;
  return sessionOf({ id, email, fullName, role, status }, suffix);
}

describe('AccountPage', () => {
  let fixture: ComponentFixture<AccountPage>;
  let http: HttpTestingController;
  let session: Session;
  let page: HTMLElement;

  async function open(account: Account): Promise<void> {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [AccountPage],
      providers: authTesting(),
    });
    http = TestBed.inject(HttpTestingController);
    clinicLoaded(http);
    session = TestBed.inject(Session);
    session.signIn(account.email, 'correct horse battery').subscribe();
    http.expectOne('/api/auth/login').flush(authSession('1'));

    fixture = TestBed.createComponent(AccountPage);
    page = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne('/api/auth/me').flush(account);
    // The notification choices (a spec of their own) load once the account shows.
    let preferences: TestRequest[] = [];
    for (let i = 0; i < 10 && preferences.length === 0; i++) {
      await Promise.resolve();
      fixture.detectChanges();
      preferences = http.match('/api/notifications/preferences');
    }
    preferences.forEach((request) => request.flush({ ...DEFAULT_NOTIFICATION_PREFERENCES, smsNumber: null }));
    await fixture.whenStable();
  }

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  function type(controlName: string, value: string): void {
    const input = page.querySelector<HTMLInputElement>(`input[formControlName="${controlName}"]`);
    if (!input) throw new Error(`No input ${controlName}`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function changePassword(): Promise<void> {
    type('currentPassword', 'correct horse battery');
    type('newPassword', 'a new and longer passphrase 7');
    page.querySelector('form[aria-label="Change password"]')?.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
  }

  describe('changePassword', () => {
    beforeEach(() => open(olivia));

    it('keeps this device signed in on the new session, whose token the next requests use', async () => {
      await changePassword();
      const request = http.expectOne('/api/auth/password');
      expect(request.request.body).toEqual({
        currentPassword: 'correct horse battery',
        newPassword: 'a new and longer passphrase 7',
      });
      request.flush(authSession('2'));
      await fixture.whenStable();

      expect(session.isSignedIn()).toBe(true);
      expect(session.token()).toBe('access-2');
      expect(localStorage.getItem('carebook.refreshToken')).toBe('refresh-2');
      expect(page.querySelector<HTMLInputElement>('input[formControlName="currentPassword"]')?.value).toBe('');

      TestBed.inject(AuthApi).getMe().subscribe();
      const next = http.expectOne('/api/auth/me');
      expect(next.request.headers.get('Authorization')).toBe('Bearer access-2');
      next.flush(olivia);
    });

    it('shows the server refusal and keeps the current session', async () => {
      await changePassword();
      http.expectOne('/api/auth/password').flush(...apiError(422, 'The current password is not right'));
      await fixture.whenStable();

      expect(page.querySelector('.cb-form-error')?.textContent).toContain('The current password is not right');
      expect(session.token()).toBe('access-1');
      expect(localStorage.getItem('carebook.refreshToken')).toBe('refresh-1');
    });
  });

  describe('your details', () => {
    it('lets a patient edit their name and phone here', async () => {
      await open(olivia);
      expect(page.querySelector('form[aria-label="Your details"]')).not.toBeNull();
      expect(page.querySelector('[data-testid="edit-on-profile"]')).toBeNull();
    });

    it('sends a doctor to their profile, the one place for their name and phone', async () => {
      await open({ ...olivia, id: 'd1', role: 'doctor', fullName: 'Dr Amara Okafor', specialty: 'Cardiology' });
      expect(page.querySelector('form[aria-label="Your details"]')).toBeNull();
      expect(page.querySelector('[data-testid="details-on-profile"]')?.textContent).toContain('Your name and phone are edited on your profile');
      expect(page.querySelector('[data-testid="edit-on-profile"]')?.getAttribute('href')).toBe('/doctor/profile');
    });
  });
});
