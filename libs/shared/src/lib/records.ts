/**
 * An admin's break-glass read of a medical record states why, in words someone reviewing the audit log can act
 * on: "x" or "test" is refused. Both apps judge the reason trimmed.
 */
export const BREAK_GLASS_REASON_MIN_LENGTH = 10;
export const BREAK_GLASS_REASON_MAX_LENGTH = 500;
