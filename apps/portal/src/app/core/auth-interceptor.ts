import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { AuthApi } from '@carebook/api-client';
import { catchError, switchMap, throwError } from 'rxjs';
import { SESSION_ENDED, Session } from './session';

/** Endpoints whose 401 means "bad credentials or token", never "refresh and try again". */
const NO_RETRY_PATHS: readonly string[] = [
  AuthApi.LoginPath,
  AuthApi.RegisterPath,
  AuthApi.RefreshTokensPath,
  AuthApi.LogoutPath,
];

function withToken(request: HttpRequest<unknown>, token: string | null): HttpRequest<unknown> {
  return token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;
}

function pathOf(url: string): string {
  return url.split('?')[0];
}

/**
 * Adds the access token to API requests. When an API request is refused with 401, refreshes the session
 * once and retries; if that fails too, the session is over.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const path = pathOf(request.url);
  if (!path.startsWith('/api/')) {
    return next(request);
  }
  const session = inject(Session);
  const sent = next(withToken(request, session.token()));
  if (NO_RETRY_PATHS.includes(path)) {
    return sent;
  }
  return sent.pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401) {
        return throwError(() => error);
      }
      if (!session.canRefresh()) {
        session.end(SESSION_ENDED);
        return throwError(() => error);
      }
      return session.refresh().pipe(
        catchError(() => {
          // A refused refresh clears the session; an unreachable server leaves it for a later try.
          if (!session.canRefresh()) {
            session.end(SESSION_ENDED);
          }
          return throwError(() => error);
        }),
        switchMap((token) =>
          next(withToken(request, token)).pipe(
            catchError((retryError: unknown) => {
              if (retryError instanceof HttpErrorResponse && retryError.status === 401) {
                session.end(SESSION_ENDED);
              }
              return throwError(() => retryError);
            }),
          ),
        ),
      );
    }),
  );
};
