import { inject } from '@angular/core';
import { CanActivateFn, CanMatchFn, Router } from '@angular/router';
import { Role } from '@carebook/shared';
import { Session, homeOf } from './session';

/** Lets signed-in people through; sends everyone else to sign in. */
export const signedIn: CanActivateFn & CanMatchFn = () => {
  const session = inject(Session);
  return session.isSignedIn() ? true : inject(Router).createUrlTree(['/sign-in']);
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

/** The root path: the signed-in role's home, or sign in. */
export const toHome: CanActivateFn = () => {
  const current = inject(Session).role();
  return inject(Router).parseUrl(current ? homeOf(current) : '/sign-in');
};
