import { isUUID } from 'class-validator';

/** What an access token claims beyond its signature: whose it is and which of their token versions. */
export interface AccessTokenClaims {
  sub: string;
  ver: number;
}

/**
 * The claims of a signature-checked access token, or undefined when the token is not one this API issues: its
 * subject must be an account id (a UUID), it must expire, and it must carry the account's token version. A
 * validly signed token without `exp` would otherwise work for ever, and a subject that is not a UUID would reach
 * PostgreSQL.
 */
export function accessTokenClaims(payload: unknown): AccessTokenClaims | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const { sub, exp, ver } = payload as { sub?: unknown; exp?: unknown; ver?: unknown };
  if (typeof sub !== 'string' || !isUUID(sub)) return undefined;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return undefined;
  if (typeof ver !== 'number' || !Number.isInteger(ver)) return undefined;
  return { sub, ver };
}
