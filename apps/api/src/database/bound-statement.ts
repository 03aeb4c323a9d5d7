import type { EntityManager } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';

/** What Kysely (MikroORM's client, and its transactions) runs: a statement already compiled. */
interface StatementExecutor {
  executeQuery(query: { sql: string; parameters: readonly unknown[]; query: { kind: 'RawNode' }; queryId: { queryId: string } }): Promise<{ rows: unknown[] }>;
}

/** node-postgres's query config for a named (prepared) statement. */
interface NamedQuery {
  name: string;
  text: string;
}

async function run<T>(em: EntityManager, sql: string | NamedQuery, values: readonly unknown[], pool = false): Promise<T[]> {
  const transaction = pool ? undefined : em.getTransactionContext<StatementExecutor>();
  const executor = (transaction ?? em.getConnection().getClient()) as unknown as StatementExecutor;
  // Kysely hands `sql` to node-postgres's `client.query(sql, values)` untouched, and node-postgres takes a query
  // config ({ name, text }) there as well as a string.
  const result = await executor.executeQuery({ sql: sql as string, parameters: values, query: { kind: 'RawNode' }, queryId: { queryId: 'bound-statement' } });
  return result.rows as T[];
}

/**
 * Runs one statement with its values as bind parameters ($1, $2, …), in the EntityManager's open transaction
 * when there is one. For statements whose values are large, such as a batch of rows sent as JSON:
 * `em.execute(raw(sql, params))` writes every value into the SQL text, escaping it character by character (for
 * an import batch, megabytes of short-lived strings per statement); bind parameters reach the driver as they are.
 */
export function executeBound<T>(em: EntityManager, sql: string, values: readonly unknown[]): Promise<T[]> {
  return run<T>(em, sql, values);
}

/**
 * A statement run often with different values ($1, $2, …): PostgreSQL parses it once per connection and, after a
 * few runs, plans it once too (a named prepared statement; its generic plan is used when it costs no more than
 * planning each time would give). For the statements on the hot paths, whose planning costs as much as running
 * them: a chat batch's insert planned in 1.1 ms and ran in 0.6 ms. The name is derived from the text, so two
 * texts never share one. A connection pooler in front of PostgreSQL must keep prepared statements per session
 * (PgBouncer: session mode, or `max_prepared_statements` in transaction mode).
 */
export class PreparedStatement {
  readonly name: string;

  constructor(readonly text: string) {
    this.name = `carebook_${createHash('sha256').update(text).digest('hex').slice(0, 20)}`;
  }

  /** Runs it with these values, in the EntityManager's open transaction when there is one. */
  execute<T>(em: EntityManager, values: readonly unknown[]): Promise<T[]> {
    return run<T>(em, { name: this.name, text: this.text }, values);
  }

  /** Runs it on a pooled connection, outside any transaction the caller has open (a read that must not wait for it). */
  executeOnPool<T>(em: EntityManager, values: readonly unknown[]): Promise<T[]> {
    return run<T>(em, { name: this.name, text: this.text }, values, true);
  }
}

/** Statements written with `:name` parameters, by their text: each as a prepared statement and its names in `$n` order. */
const NAMED = new Map<string, { statement: PreparedStatement; names: string[] }>();
/** Beyond this many texts a statement runs unprepared (texts built from filters come in a few dozen shapes). */
const NAMED_LIMIT = 500;

/**
 * Runs a statement written with `:name` parameters (as MikroORM's `raw` takes them; `::type` casts are left alone)
 * as a named prepared statement on a pooled connection, outside any open transaction: each name becomes `$n`, and
 * its value is bound, not written into the text. For reads run often whose planning costs more than running them.
 * The text must hold no `:word` inside a string literal.
 */
export async function executeNamedOnPool<T>(em: EntityManager, sql: string, params: Record<string, unknown>): Promise<T[]> {
  let entry = NAMED.get(sql);
  if (!entry) {
    const names: string[] = [];
    const text = sql.replace(/(?<![:\w]):([A-Za-z_]\w*)/g, (_match, name: string) => {
      if (!names.includes(name)) names.push(name);
      return `$${names.indexOf(name) + 1}`;
    });
    entry = { statement: new PreparedStatement(text), names };
    if (NAMED.size < NAMED_LIMIT) NAMED.set(sql, entry);
  }
  const values = entry.names.map((name) => {
    if (!(name in params)) throw new Error(`No value for :${name}`);
    return params[name];
  });
  return entry.statement.executeOnPool<T>(em, values);
}
