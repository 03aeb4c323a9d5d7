import type { User } from './user.entity';

/**
 * Why this account may not use the portal, or null when it may (active, or a doctor awaiting approval).
 * The one rule for sign-in, every API request and live connections.
 */
export function accountRefusal(user: Pick<User, 'status' | 'statusReason'>): string | null {
  const reason = user.statusReason ? ` Reason: ${user.statusReason}` : '';
  if (user.status === 'suspended') return `This account has been suspended.${reason}`;
  if (user.status === 'rejected') return `This doctor application was not approved.${reason}`;
  return null;
}
