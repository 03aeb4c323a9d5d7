/** Escapes LIKE/ILIKE wildcards so user text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A list of constant strings as SQL literals, `'pending', 'confirmed'`, for `in (...)` clauses built once from
 * the shared constants (SLOT_HOLDING_STATUSES and the like) — never from client input, which goes in parameters.
 * A literal list lets PostgreSQL match the partial indexes whose predicates name the same values.
 */
export function sqlList(values: readonly string[]): string {
  return values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
}
