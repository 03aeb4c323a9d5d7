import { dictionary } from '@zxcvbn-ts/language-common';
import { passwordLengthProblem, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@carebook/shared';

/** ~49k most common passwords (zxcvbn-ts's list, from real breaches), lower-cased for lookup. */
const COMMON = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

/**
 * Returns why a password is refused, or null when it is acceptable. Follows NIST SP 800-63B:
 * length first, then no common/breached passwords — including the usual "common word plus a
 * few digits or symbols" disguise — no trivially repetitive strings, and nothing built on the
 * person's own email or name. No composition rules.
 */
export function passwordProblem(password: string, context: { email?: string; fullName?: string } = {}): string | null {
  const lengthProblem = passwordLengthProblem(password);
  if (lengthProblem === 'too-short') return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (lengthProblem === 'too-long') return `must be at most ${PASSWORD_MAX_LENGTH} characters`;

  const lower = password.toLowerCase();
  const base = lower.replace(/[\d\W_]+$/u, '').replace(/^[\d\W_]+/u, '');
  if (COMMON.has(lower) || (base.length >= 4 && COMMON.has(base))) {
    return 'is too common: it appears on lists of breached passwords';
  }
  if (new Set(lower).size < 5) return 'is too repetitive: use more different characters';

  const personal = [
    context.email?.split('@')[0],
    ...(context.fullName?.split(/\s+/) ?? []),
  ].filter((part): part is string => Boolean(part && part.length >= 4));
  if (personal.some((part) => lower.includes(part.toLowerCase()))) {
    return 'must not contain your name or email';
  }
  return null;
}
