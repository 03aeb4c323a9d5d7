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

/**
 * Ids as one PostgreSQL array literal, `{a,b}`, for a named parameter cast with `::uuid[]` (`= any(:ids::uuid[])`):
 * one parameter however many ids, so the statement's text stays the same and its plan can be reused.
 */
export function uuidArray(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}
