import { DestroyRef, Injectable, PLATFORM_ID, computed, inject, signal, untracked } from '@angular/core';
import { isPlatformBrowser } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { Router } from '@angular/router';
import { AuthApi } from '@carebook/api-client';
import { AuthSession, SessionUser as User } from './api-types';
import { Role } from '@carebook/shared';
import { Observable, catchError, finalize, firstValueFrom, map, of, shareReplay, tap, throwError } from 'rxjs';

const REFRESH_TOKEN_KEY = 'carebook.refreshToken';
const USER_KEY = 'carebook.user';
/** Refresh this long before the access token expires, so requests rarely meet an expired token. */
const REFRESH_AHEAD_MS = 60_000;
export const SESSION_ENDED = 'Your session has ended. Please sign in again.';

/** Where each role lands after signing in. */
export function homeOf(role: Role): string {
  return `/${role}`;
}

function readStoredUser(): User | null {
  try {
    const raw = localStorage.getItem(USER_KEY);
    return raw ? (JSON.parse(raw) as User) : null;
  } catch {
    return null;
  }
}

/**
 * Who is signed in. The refresh token and the user survive reloads in localStorage; the access token
 * lives only in memory and is recovered at start by a silent refresh.
 */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly authApi = inject(AuthApi);
  private readonly router = inject(Router);
  /** False while the build prerenders `/`: nobody is signed in there, and there is no localStorage. */
  private readonly browser = isPlatformBrowser(inject(PLATFORM_ID));

  private readonly currentUser = signal<User | null>(this.browser ? readStoredUser() : null);
  private accessToken: string | null = null;
  private refreshInFlight: Observable<string> | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  readonly user = this.currentUser.asReadonly();
  readonly isSignedIn = computed(() => this.currentUser() !== null);
  readonly role = computed<Role | null>(() => this.currentUser()?.role ?? null);
  /** A message for the sign-in page, e.g. why the session ended. */
  readonly notice = signal<string | null>(null);

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.refreshTimer));
    if (!this.browser) return;
    // Another tab signing out removes the refresh token; follow it here.
    const onStorage = (event: StorageEvent): void => {
      if (event.key === REFRESH_TOKEN_KEY && event.newValue === null && this.isSignedIn()) {
        this.clear();
        void this.router.navigateByUrl('/sign-in');
      }
    };
    window.addEventListener('storage', onStorage);
    inject(DestroyRef).onDestroy(() => window.removeEventListener('storage', onStorage));
  }

  /** The access token for the Authorization header, if there is one. */
  token(): string | null {
    return this.accessToken;
  }

  /** Whether a refresh could be attempted at all. */
  canRefresh(): boolean {
    return localStorage.getItem(REFRESH_TOKEN_KEY) !== null;
  }

  /**
   * Called once at start: trades the stored refresh token for a new session. A refused token ends the
   * session; an unreachable server keeps it so the next request can try again.
   */
  restore(): Promise<void> {
    if (!this.browser) {
      return Promise.resolve();
    }
    if (!this.canRefresh()) {
      this.clear();
      return Promise.resolve();
    }
    return firstValueFrom(
      this.refresh().pipe(
        map(() => undefined),
        catchError(() => of(undefined)),
      ),
    );
  }

  signIn(email: string, password: string): Observable<User> {
    return this.authApi.login({ body: { email, password } }).pipe(
      tap((session) => this.start(session)),
      map((session) => session.user),
    );
  }

  /**
   * Changes the password. The server ends every session and access token at once and answers with this
   * device's new session, which is kept like a sign-in so the user stays signed in here.
   */
  changePassword(currentPassword: string, newPassword: string): Observable<void> {
    return this.authApi.changePassword({ body: { currentPassword, newPassword } }).pipe(
      tap((session) => this.start(session)),
      map(() => undefined),
    );
  }

  /**
   * A new access token. Concurrent callers share one request, because a refresh token works only once:
   * using it twice would revoke the whole session.
   */
  refresh(): Observable<string> {
    if (this.refreshInFlight) {
      return this.refreshInFlight;
    }
    const refreshToken = localStorage.getItem(REFRESH_TOKEN_KEY);
    if (!refreshToken) {
      return throwError(() => new Error('No refresh token'));
    }
    this.refreshInFlight = this.authApi.refreshTokens({ body: { refreshToken } }).pipe(
      tap((session) => this.start(session)),
      map((session) => session.accessToken),
      catchError((error: unknown) => {
        const latest = localStorage.getItem(REFRESH_TOKEN_KEY);
        if (error instanceof HttpErrorResponse && error.status === 401 && latest && latest !== refreshToken) {
          // Another tab rotated the token while this request was in flight: carry on with its token.
          this.refreshInFlight = null;
          return this.refresh();
        }
        if (error instanceof HttpErrorResponse && error.status !== 0 && error.status < 500) {
          this.clear();
        }
        return throwError(() => error);
      }),
      finalize(() => (this.refreshInFlight = null)),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.refreshInFlight;
  }

  /**
   * Revokes the refresh token on the server (best effort) and forgets the session here. A plain sign-out lands
   * on the welcome page; one with a notice (why to sign in again) on sign in.
   */
  signOut(notice: string | null = null): void {
    const refreshToken = localStorage.getItem(REFRESH_TOKEN_KEY);
    if (refreshToken) {
      this.authApi.logout({ body: { refreshToken } }).subscribe({ error: () => undefined });
    }
    this.end(notice, notice ? '/sign-in' : '/');
  }

  /** The session is gone on the server side: forget it and ask to sign in again. */
  end(notice: string | null = null, landing = '/sign-in'): void {
    this.clear();
    this.notice.set(notice);
    void this.router.navigateByUrl(landing);
  }

  /** Keeps the shown name and status in step after the account changes. */
  updateUser(user: User): void {
    const current = untracked(this.currentUser);
    const next: User = {
      id: user.id,
      email: user.email,
      fullName: user.fullName,
      role: user.role,
      status: user.status,
    };
    if (current) {
      this.currentUser.set(next);
      localStorage.setItem(USER_KEY, JSON.stringify(next));
    }
  }

  private start(session: AuthSession): void {
    this.accessToken = session.accessToken;
    localStorage.setItem(REFRESH_TOKEN_KEY, session.refreshToken);
    localStorage.setItem(USER_KEY, JSON.stringify(session.user));
    this.currentUser.set(session.user);
    this.notice.set(null);
    this.scheduleRefresh(session.expiresIn);
  }

  private scheduleRefresh(expiresInSeconds: number): void {
    clearTimeout(this.refreshTimer);
    const delay = Math.max(expiresInSeconds * 1000 - REFRESH_AHEAD_MS, 5_000);
    this.refreshTimer = setTimeout(() => {
      this.refresh().subscribe({
        error: () => {
          if (!this.isSignedIn()) {
            this.end(SESSION_ENDED);
          }
        },
      });
    }, delay);
  }

  private clear(): void {
    clearTimeout(this.refreshTimer);
    this.accessToken = null;
    this.refreshInFlight = null;
    localStorage.removeItem(REFRESH_TOKEN_KEY);
    localStorage.removeItem(USER_KEY);
    this.currentUser.set(null);
  }
}
