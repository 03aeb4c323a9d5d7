import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap, provideRouter } from '@angular/router';
import { apiTesting, findByTestId, apiError } from '../../testing/fixtures';
import { ResetPassword } from './reset-password';

const NEW_PASSWORD = 'a long new passphrase 2030';

describe('ResetPassword', () => {
  let fixture: ComponentFixture<ResetPassword>;
  let http: HttpTestingController;
  let page: HTMLElement;

  async function open(query: Record<string, string>): Promise<void> {
    TestBed.configureTestingModule({
      imports: [ResetPassword],
      providers: [
        ...apiTesting(),
        provideRouter([]),
        { provide: ActivatedRoute, useValue: { snapshot: { queryParamMap: convertToParamMap(query) } } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ResetPassword);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  function type(testId: string, value: string): void {
    const input = findByTestId<HTMLInputElement>(page, testId);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function choose(password: string, confirm = password): Promise<void> {
    type('password', password);
    type('confirm', confirm);
    page.querySelector('form')?.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
  }

  const fieldError = (testId: string) =>
    findByTestId(page, testId).closest('mat-form-field')?.querySelector('mat-error')?.textContent?.trim();

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  it('sets the password with the link’s token and tells the person to sign in again', async () => {
    await open({ token: 'tok-123' });
    expect(page.querySelector('h1')?.textContent).toBe('Choose your password');
    await choose(NEW_PASSWORD);
    const request = http.expectOne({ method: 'POST', url: '/api/auth/password/reset' });
    expect(request.request.body).toEqual({ token: 'tok-123', password: NEW_PASSWORD });
    request.flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();

    expect(findByTestId(page, 'reset-done').textContent).toContain('every device was signed out');
    expect(findByTestId(page, 'to-sign-in').getAttribute('href')).toBe('/sign-in');
  });

  it('applies the shared password rules and wants the same password twice', async () => {
    await open({ token: 'tok-123' });
    await choose('short', 'short');
    expect(fieldError('password')).toBe('Use at least 12 characters');

    await choose(NEW_PASSWORD, `${NEW_PASSWORD}!`);
    expect(fieldError('confirm')).toBe('The passwords do not match');
    // Correcting the first to match clears the second's error.
    type('password', `${NEW_PASSWORD}!`);
    await fixture.whenStable();
    expect(fieldError('confirm')).toBeUndefined();
    http.expectNone('/api/auth/password/reset');
  });

  it('says when the link no longer works and offers a new one', async () => {
    await open({ token: 'used-token' });
    await choose(NEW_PASSWORD);
    http
      .expectOne('/api/auth/password/reset')
      .flush(...apiError(400, 'This link no longer works', [{ field: 'token', message: 'is invalid, used or expired; ask for a new link' }]));
    await fixture.whenStable();

    expect(findByTestId(page, 'link-problem').textContent).toContain('This link no longer works');
    expect(page.querySelector('a[href="/forgot-password"]')?.textContent).toContain('Ask for a new link');
    expect(page.querySelector('form')).toBeNull();
  });

  it('shows a refused password on its field', async () => {
    await open({ token: 'tok-123' });
    await choose(NEW_PASSWORD);
    http.expectOne('/api/auth/password/reset').flush(...apiError(400, 'Validation failed', [{ field: 'password', message: 'is too common' }]));
    await fixture.whenStable();
    expect(fieldError('password')).toBe('is too common');
    expect(page.querySelector('[data-testid="form-error"]')).toBeNull();
  });

  it('explains a link without its token', async () => {
    await open({});
    expect(findByTestId(page, 'link-problem').textContent).toContain('This link is incomplete');
    expect(page.querySelector('form')).toBeNull();
  });
});
