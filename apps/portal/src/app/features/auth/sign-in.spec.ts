import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { ActivatedRoute, Router, convertToParamMap } from '@angular/router';
import { apiError, authTesting, sessionOf } from '../../testing/fixtures';
import { SignIn } from './sign-in';

describe('SignIn', () => {
  let fixture: ComponentFixture<SignIn>;
  let http: HttpTestingController;
  let page: HTMLElement;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [SignIn],
      providers: authTesting(),
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SignIn);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  function type(testId: string, value: string): void {
    const input = page.querySelector<HTMLInputElement>(`[data-testid="${testId}"]`);
    if (!input) throw new Error(`No input ${testId}`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function submit(email = 'alice@example.com', password = 'a long enough password'): Promise<void> {
    type('email', email);
    type('password', password);
    page.querySelector('form')?.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
  }

  function fieldError(testId: string): string | undefined {
    return page
      .querySelector(`[data-testid="${testId}"]`)
      ?.closest('mat-form-field')
      ?.querySelector('mat-error')
      ?.textContent?.trim();
  }

  it('shows each server field error on its own field', async () => {
    await submit();
    http.expectOne('/api/auth/login').flush(
      ...apiError(400, 'Validation failed', [
        { field: 'email', message: 'must be an email' },
        { field: 'password', message: 'is required' },
      ]),
    );
    await fixture.whenStable();

    expect(fieldError('email')).toBe('must be an email');
    expect(fieldError('password')).toBe('is required');
    expect(page.querySelector('[data-testid="form-error"]')).toBeNull();
  });

  it('shows a server field error without a matching field for the whole form', async () => {
    await submit();
    http.expectOne('/api/auth/login').flush(...apiError(400, 'Validation failed', [{ field: 'captcha', message: 'Solve the puzzle' }]));
    await fixture.whenStable();

    expect(page.querySelector('[data-testid="form-error"]')?.textContent?.trim()).toBe('Solve the puzzle');
  });

  it('shows the server message for bad credentials', async () => {
    await submit();
    http.expectOne('/api/auth/login').flush(...apiError(401, 'Invalid email or password'));
    await fixture.whenStable();

    expect(page.querySelector('[data-testid="form-error"]')?.textContent?.trim()).toBe('Invalid email or password');
  });

  it('says how long to wait when rate limited', async () => {
    await submit();
    http.expectOne('/api/auth/login').flush(...apiError(429, 'Too many attempts', undefined, { 'Retry-After': '540' }));
    await fixture.whenStable();

    expect(page.querySelector('[data-testid="form-error"]')?.textContent?.trim()).toBe(
      'Too many attempts, try again in 9 minutes',
    );
  });

  it('does not call the server while the form is invalid', async () => {
    await submit('not-an-email', '');
    http.expectNone('/api/auth/login');
    expect(fieldError('email')).toBe('Enter a valid email address');
    expect(fieldError('password')).toBe('Password is required');
  });

  it('goes to the home of the signed-in role', async () => {
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    await submit();
    http.expectOne('/api/auth/login').flush(sessionOf({ id: 'd1', email: 'alice@example.com', fullName: 'Dr Alice', role: 'doctor', status: 'pending' }, 'd1'));
    expect(navigate).toHaveBeenCalledWith('/doctor');
  });

  it('goes back to the page that asked for sign-in (a doctor’s page with a time picked)', async () => {
    // The component reads the query of the route it is created on.
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({
      imports: [SignIn],
      providers: [
        ...authTesting(),
        { provide: ActivatedRoute, useValue: { snapshot: { queryParamMap: convertToParamMap({ returnUrl: '/doctors/d1?slot=2030-03-04T09:00:00.000Z' }) } } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SignIn);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    expect(page.querySelector('a[href^="/register"]')?.getAttribute('href')).toBe('/register?returnUrl=%2Fdoctors%2Fd1%3Fslot%3D2030-03-04T09:00:00.000Z');

    const navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    await submit();
    http.expectOne('/api/auth/login').flush(sessionOf({ id: 'p1', email: 'alice@example.com', fullName: 'Alice', role: 'patient', status: 'active' }, 'p1'));
    expect(navigate).toHaveBeenCalledWith('/doctors/d1?slot=2030-03-04T09:00:00.000Z');
  });
});
