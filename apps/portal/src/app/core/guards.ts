import { inject } from '@angular/core';
import { CanActivateChildFn, CanActivateFn, CanMatchFn, Router } from '@angular/router';
import { Role } from '@carebook/shared';
import { Session, homeOf } from './session';

/** Lets signed-in people through; sends everyone else to sign in, to come back here afterwards. */
export const signedIn: CanActivateFn & CanActivateChildFn = (_route, state) => {
  const session = inject(Session);
  const returnUrl = state?.url && state.url !== '/' ? { returnUrl: state.url } : undefined;
  return session.isSignedIn() ? true : inject(Router).createUrlTree(['/sign-in'], { queryParams: returnUrl });
};

/** Pages for people not signed in (sign in, register): signed-in people go to their home instead. */
export const guest: CanActivateFn & CanMatchFn = () => {
  const role = inject(Session).role();
  return role ? inject(Router).parseUrl(homeOf(role)) : true;
};

/** Only the given roles; others go to their own home, or to sign in. */
export function role(...allowed: Role[]): CanActivateFn & CanMatchFn {
  return () => {
    const current = inject(Session).role();
    const router = inject(Router);
    if (!current) {
      return router.createUrlTree(['/sign-in']);
    }
    return allowed.includes(current) ? true : router.parseUrl(homeOf(current));
  };
}
