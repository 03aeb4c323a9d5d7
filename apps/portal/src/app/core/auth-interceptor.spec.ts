import { HttpClient } from '@angular/common/http';
import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { AuthApi } from '@carebook/api-client';
import { authTesting, sessionOf } from '../testing/fixtures';
import { SESSION_ENDED, Session } from './session';

const admin = { id: 'a1', email: 'admin@example.com', fullName: 'Ada Admin', role: 'admin', status: 'active' } as const;

const authSession = (suffix: string) => sessionOf(admin, suffix);

const unauthorized = { status: 401, statusText: 'Unauthorized' };
const unauthorizedBody = { statusCode: 401, error: 'Unauthorized', message: 'Unauthorized' };

describe('authInterceptor', () => {
  let http: HttpTestingController;
  let authApi: AuthApi;
  let session: Session;
  let navigate: jest.SpyInstance;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: authTesting(),
    });
    http = TestBed.inject(HttpTestingController);
    authApi = TestBed.inject(AuthApi);
    session = TestBed.inject(Session);
    navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);

    session.signIn('admin@example.com', 'a long enough password').subscribe();
    http.expectOne('/api/auth/login').flush(authSession('1'));
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  it('adds the access token to API requests', () => {
    authApi.getMe().subscribe();
    const request = http.expectOne('/api/auth/me');
    expect(request.request.headers.get('Authorization')).toBe('Bearer access-1');
    request.flush({});
  });

  it('leaves requests outside the API alone', () => {
    TestBed.inject(HttpClient).get('/assets/config.json').subscribe();
    const request = http.expectOne('/assets/config.json');
    expect(request.request.headers.has('Authorization')).toBe(false);
    request.flush({});
  });

  it('refreshes once on 401 and retries with the new token', () => {
    let answer: unknown;
    authApi.getMe().subscribe((account) => (answer = account));
    http.expectOne('/api/auth/me').flush(unauthorizedBody, unauthorized);

    const refresh = http.expectOne('/api/auth/refresh');
    expect(refresh.request.body).toEqual({ refreshToken: 'refresh-1' });
    refresh.flush(authSession('2'));

    const retry = http.expectOne('/api/auth/me');
    expect(retry.request.headers.get('Authorization')).toBe('Bearer access-2');
    retry.flush({ ...admin, phone: null });
    expect(answer).toEqual({ ...admin, phone: null });
  });

  it('lets concurrent 401s share a single refresh', () => {
    authApi.getMe().subscribe();
    authApi.getMe().subscribe();
    const first = http.match('/api/auth/me');
    expect(first).toHaveLength(2);
    first.forEach((request) => request.flush(unauthorizedBody, unauthorized));

    http.expectOne('/api/auth/refresh').flush(authSession('2'));
    const retries = http.match('/api/auth/me');
    expect(retries).toHaveLength(2);
    retries.forEach((request) => {
      expect(request.request.headers.get('Authorization')).toBe('Bearer access-2');
      request.flush({});
    });
  });

  it('ends the session when the refresh is refused', () => {
    let failed = false;
    authApi.getMe().subscribe({ error: () => (failed = true) });
    http.expectOne('/api/auth/me').flush(unauthorizedBody, unauthorized);
    http.expectOne('/api/auth/refresh').flush(unauthorizedBody, unauthorized);

    expect(failed).toBe(true);
    expect(session.isSignedIn()).toBe(false);
    expect(session.notice()).toBe(SESSION_ENDED);
    expect(navigate).toHaveBeenCalledWith('/sign-in');
  });

  it('does not try to refresh when signing in fails', () => {
    let status = 0;
    authApi.login({ body: { email: 'admin@example.com', password: 'wrong password!' } }).subscribe({
      error: (error: { status: number }) => (status = error.status),
    });
    http.expectOne('/api/auth/login').flush(unauthorizedBody, unauthorized);

    http.expectNone('/api/auth/refresh');
    expect(status).toBe(401);
    expect(session.isSignedIn()).toBe(true);
  });
});
