import type { Role } from '@carebook/shared';
import { homeOf } from './session';

/**
 * A `returnUrl` from the query string if it is a path inside the portal: sign-in must never send anyone
 * to another site (`//evil.example`, `https://…`, `javascript:`) or back to the sign-in pages themselves.
 */
export function safeReturnUrl(value: unknown): string | null {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) {
    return null;
  }
  if (/^\/(sign-in|register)(?:[/?#]|$)/.test(value)) {
    return null;
  }
  return value;
}

/** Where to go once signed in: back to the page that asked for it, else the role's home. */
export function afterSignIn(role: Role, returnUrl: unknown): string {
  return safeReturnUrl(returnUrl) ?? homeOf(role);
}
