import type { EntityManager } from '@mikro-orm/postgresql';

/** What Kysely (MikroORM's client, and its transactions) runs: a statement already compiled. */
interface StatementExecutor {
  executeQuery(query: { sql: string; parameters: readonly unknown[]; query: { kind: 'RawNode' }; queryId: { queryId: string } }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs one statement with its values as bind parameters ($1, $2, …), in the EntityManager's open transaction
 * when there is one. For statements whose values are large, such as a batch of rows sent as JSON:
 * `em.execute(raw(sql, params))` writes every value into the SQL text, escaping it character by character (for
 * an import batch, megabytes of short-lived strings per statement); bind parameters reach the driver as they are.
 */
export async function executeBound<T>(em: EntityManager, sql: string, values: readonly unknown[]): Promise<T[]> {
  const executor = (em.getTransactionContext<StatementExecutor>() ?? em.getConnection().getClient()) as unknown as StatementExecutor;
  const result = await executor.executeQuery({ sql, parameters: values, query: { kind: 'RawNode' }, queryId: { queryId: 'bound-statement' } });
  return result.rows as T[];
}
