import { MikroORM } from '@mikro-orm/postgresql';
import { mikroOrmOptions } from '../../src/database/mikro-orm.config';
import { createDatabase } from '../support/test-app';

/**
 * The entities describe the schema the migrations build, exactly: column types, nullability, defaults, foreign
 * keys, indexes and check and exclusion constraints. After migrating a fresh database the ORM must find nothing
 * to change; when an entity and a migration disagree this fails and lists the SQL that would reconcile them.
 * Only the modules' published views and SQL functions are outside the comparison (see mikro-orm.config.ts).
 */
describe('database schema', () => {
  let orm: MikroORM;

  beforeAll(async () => {
    orm = await MikroORM.init(mikroOrmOptions(await createDatabase()));
    await orm.migrator.up();
  });

  afterAll(() => orm?.close());

  it('is what the entities describe: after the migrations the ORM finds nothing to change', async () => {
    const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false });
    expect(diff.split('\n').filter((line) => line.trim() !== '')).toEqual([]);
  });
});
