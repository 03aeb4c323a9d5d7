import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { authTesting, sessionOf } from '../testing/fixtures';
import { Session } from './session';

const alice = { id: 'u1', email: 'alice@example.com', fullName: 'Alice Patient', role: 'patient', status: 'active' } as const;

const authSession = (suffix: string) => sessionOf(alice, suffix);

describe('Session', () => {
  let session: Session;
  let http: HttpTestingController;

  function setUp(): void {
    TestBed.configureTestingModule({
      providers: authTesting(),
    });
    session = TestBed.inject(Session);
    http = TestBed.inject(HttpTestingController);
  }

  beforeEach(() => {
    jest.useFakeTimers();
    localStorage.clear();
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
    jest.useRealTimers();
  });

  describe('restore', () => {
    it('stays signed out without asking the server when nothing is stored', async () => {
      setUp();
      await session.restore();
      expect(session.isSignedIn()).toBe(false);
      http.expectNone('/api/auth/refresh');
    });

    it('trades the stored refresh token for a new session', async () => {
      localStorage.setItem('carebook.refreshToken', 'refresh-old');
      localStorage.setItem('carebook.user', JSON.stringify(alice));
      setUp();

      const restored = session.restore();
      const request = http.expectOne('/api/auth/refresh');
      expect(request.request.body).toEqual({ refreshToken: 'refresh-old' });
      request.flush(authSession('new'));
      await restored;

      expect(session.isSignedIn()).toBe(true);
      expect(session.role()).toBe('patient');
      expect(session.token()).toBe('access-new');
      expect(localStorage.getItem('carebook.refreshToken')).toBe('refresh-new');
    });

    it('forgets a refresh token the server refuses', async () => {
      localStorage.setItem('carebook.refreshToken', 'refresh-revoked');
      localStorage.setItem('carebook.user', JSON.stringify(alice));
      setUp();

      const restored = session.restore();
      http
        .expectOne('/api/auth/refresh')
        .flush({ statusCode: 401, error: 'Unauthorized', message: 'Session expired' }, { status: 401, statusText: 'Unauthorized' });
      await restored;

      expect(session.isSignedIn()).toBe(false);
      expect(session.token()).toBeNull();
      expect(localStorage.getItem('carebook.refreshToken')).toBeNull();
      expect(localStorage.getItem('carebook.user')).toBeNull();
    });
  });

  describe('refresh', () => {
    it('shares one request between concurrent callers, since a refresh token works only once', () => {
      localStorage.setItem('carebook.refreshToken', 'refresh-old');
      setUp();

      const tokens: string[] = [];
      session.refresh().subscribe((token) => tokens.push(token));
      session.refresh().subscribe((token) => tokens.push(token));
      http.expectOne('/api/auth/refresh').flush(authSession('new'));

      expect(tokens).toEqual(['access-new', 'access-new']);
    });

    it('carries on with the token another tab rotated while its own refresh lost the race', () => {
      localStorage.setItem('carebook.refreshToken', 'refresh-old');
      setUp();

      const tokens: string[] = [];
      session.refresh().subscribe((token) => tokens.push(token));
      // The other tab won: it stored its new refresh token before our request was answered.
      localStorage.setItem('carebook.refreshToken', 'refresh-from-other-tab');
      http
        .expectOne((req) => req.url === '/api/auth/refresh' && req.body.refreshToken === 'refresh-old')
        .flush({ statusCode: 401, message: 'just refreshed elsewhere' }, { status: 401, statusText: 'Unauthorized' });
      http
        .expectOne((req) => req.url === '/api/auth/refresh' && req.body.refreshToken === 'refresh-from-other-tab')
        .flush(authSession('retried'));

      expect(tokens).toEqual(['access-retried']);
      expect(localStorage.getItem('carebook.refreshToken')).toBe('refresh-retried');
    });

    it('refreshes by itself a minute before the access token expires', () => {
      setUp();
      session.signIn('alice@example.com', 'correct horse battery').subscribe();
      http.expectOne('/api/auth/login').flush(authSession('1'));

      jest.advanceTimersByTime((900 - 61) * 1000);
      http.expectNone('/api/auth/refresh');
      jest.advanceTimersByTime(2000);
      const request = http.expectOne('/api/auth/refresh');
      expect(request.request.body).toEqual({ refreshToken: 'refresh-1' });
      request.flush(authSession('2'));
      expect(session.token()).toBe('access-2');
    });
  });

  describe('changePassword', () => {
    it('keeps this device signed in with the new session the server answers, and uses its token next', () => {
      setUp();
      session.signIn('alice@example.com', 'correct horse battery').subscribe();
      http.expectOne('/api/auth/login').flush(authSession('1'));

      let done = false;
      session.changePassword('correct horse battery', 'new staple battery').subscribe(() => (done = true));
      const request = http.expectOne('/api/auth/password');
      expect(request.request.method).toBe('POST');
      expect(request.request.body).toEqual({ currentPassword: 'correct horse battery', newPassword: 'new staple battery' });
      expect(request.request.headers.get('Authorization')).toBe('Bearer access-1');
      request.flush(authSession('2'));

      expect(done).toBe(true);
      expect(session.isSignedIn()).toBe(true);
      expect(session.token()).toBe('access-2');
      expect(localStorage.getItem('carebook.refreshToken')).toBe('refresh-2');
    });

    it('keeps the old session when the server refuses the change', () => {
      setUp();
      session.signIn('alice@example.com', 'correct horse battery').subscribe();
      http.expectOne('/api/auth/login').flush(authSession('1'));

      let failed = false;
      session.changePassword('wrong', 'new staple battery').subscribe({ error: () => (failed = true) });
      http
        .expectOne('/api/auth/password')
        .flush({ statusCode: 422, message: 'Current password is wrong' }, { status: 422, statusText: 'Unprocessable Entity' });

      expect(failed).toBe(true);
      expect(session.token()).toBe('access-1');
      expect(localStorage.getItem('carebook.refreshToken')).toBe('refresh-1');
    });
  });

  describe('signOut', () => {
    it('revokes the refresh token, forgets the session and goes to sign in', () => {
      setUp();
      const navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
      session.signIn('alice@example.com', 'correct horse battery').subscribe();
      http.expectOne('/api/auth/login').flush(authSession('1'));
      expect(session.isSignedIn()).toBe(true);

      session.signOut();

      const logout = http.expectOne('/api/auth/logout');
      expect(logout.request.body).toEqual({ refreshToken: 'refresh-1' });
      // Logging out needs the access token too, so it must be sent before the session is forgotten.
      expect(logout.request.headers.get('Authorization')).toBe('Bearer access-1');
      logout.flush(null, { status: 204, statusText: 'No Content' });
      expect(session.isSignedIn()).toBe(false);
      expect(session.token()).toBeNull();
      expect(localStorage.getItem('carebook.refreshToken')).toBeNull();
      // A plain sign-out lands on the welcome page.
      expect(navigate).toHaveBeenCalledWith('/');
    });
  });
});
