import { isUUID } from 'class-validator';

/**
 * The account a signature-checked access token speaks for, or undefined when the token is not one this API
 * issues: its subject must be an account id (a UUID) and it must expire. A validly signed token without
 * `exp` would otherwise work for ever, and a subject that is not a UUID would reach PostgreSQL.
 */
export function accessTokenSubject(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const { sub, exp } = payload as { sub?: unknown; exp?: unknown };
  if (typeof sub !== 'string' || !isUUID(sub) || typeof exp !== 'number' || !Number.isFinite(exp)) return undefined;
  return sub;
}
