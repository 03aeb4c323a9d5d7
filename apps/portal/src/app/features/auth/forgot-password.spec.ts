import { HttpTestingController } from '@angular/common/http/testing';
import { Location } from '@angular/common';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { apiTesting, findByTestId, apiError } from '../../testing/fixtures';
import { provideRouter } from '@angular/router';
import { ForgotPassword } from './forgot-password';

describe('ForgotPassword', () => {
  let fixture: ComponentFixture<ForgotPassword>;
  let http: HttpTestingController;
  let page: HTMLElement;

  async function create(state: unknown = null): Promise<void> {
    TestBed.configureTestingModule({
      imports: [ForgotPassword],
      providers: [...apiTesting(), provideRouter([])],
    });
    jest.spyOn(TestBed.inject(Location), 'getState').mockReturnValue(state);
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ForgotPassword);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  async function ask(email?: string): Promise<void> {
    const input = findByTestId<HTMLInputElement>(page, 'email');
    if (email !== undefined) {
      input.value = email;
      input.dispatchEvent(new Event('input'));
    }
    page.querySelector('form')?.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
  }

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  it('starts with the address typed on the sign-in page', async () => {
    await create({ email: 'olivia@example.com' });
    expect(findByTestId<HTMLInputElement>(page, 'email').value).toBe('olivia@example.com');
  });

  it('asks for a link and answers the same whether or not the account exists', async () => {
    await create();
    await ask('  olivia@example.com ');
    const request = http.expectOne({ method: 'POST', url: '/api/auth/password/forgot' });
    expect(request.request.body).toEqual({ email: 'olivia@example.com' });
    request.flush(null, { status: 202, statusText: 'Accepted' });
    await fixture.whenStable();

    const sent = findByTestId(page, 'forgot-sent').textContent ?? '';
    expect(sent).toContain('If olivia@example.com belongs to a Carebook account');
    expect(sent).not.toMatch(/no account|not found|we found/i);
    expect(page.querySelector('a[href="/sign-in"]')).not.toBeNull();
  });

  it('checks the address before asking', async () => {
    await create();
    await ask('not-an-email');
    http.expectNone('/api/auth/password/forgot');
    expect(page.querySelector('mat-error')?.textContent?.trim()).toBe('Enter a valid email address');
  });

  it('says how long to wait when asked too often', async () => {
    await create();
    await ask('olivia@example.com');
    http.expectOne('/api/auth/password/forgot').flush(...apiError(429, 'Too many attempts', undefined, { 'Retry-After': '120' }));
    await fixture.whenStable();
    expect(findByTestId(page, 'form-error').textContent?.trim()).toBe('Too many attempts, try again in 2 minutes');
  });
});
