import { UnderscoreNamingStrategy } from '@mikro-orm/core';

/**
 * The ORM's names with PostgreSQL's own name for foreign keys (`<table>_<column>_fkey`). The migrations are
 * hand-written SQL that lets PostgreSQL name foreign keys; naming them the same way lets the ORM's schema diff
 * (the schema integration test) compare like with like. Check constraints, primary keys and unique indexes
 * already share PostgreSQL's names (`<table>_<column>_check`, `<table>_pkey`) or are named in the entities.
 */
export class CarebookNamingStrategy extends UnderscoreNamingStrategy {
  override indexName(tableName: string, columns: string[], type: Parameters<UnderscoreNamingStrategy['indexName']>[2]): string {
    if (type === 'foreign') {
      const table = tableName.includes('.') ? tableName.substring(tableName.indexOf('.') + 1) : tableName;
      return `${table}_${columns.join('_')}_fkey`;
    }
    return super.indexName(tableName, columns, type);
  }
}
