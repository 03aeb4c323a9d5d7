/** PostgreSQL's SQLSTATE and constraint name of a failed statement, however the driver layers wrapped it. */
export function postgresError(error: unknown): { code?: string; constraint?: string } {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const candidate = current as { code?: unknown; constraint?: unknown; cause?: unknown; sqlState?: unknown };
    const code = typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code) ? candidate.code : undefined;
    if (code) return { code, constraint: typeof candidate.constraint === 'string' ? candidate.constraint : undefined };
    current = candidate.cause;
  }
  return {};
}

/** unique_violation on this constraint. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const found = postgresError(error);
  return found.code === '23505' && found.constraint === constraint;
}
