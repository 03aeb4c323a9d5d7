import { MikroORM } from '@mikro-orm/postgresql';
import { hostParameter, mikroOrmOptions } from '../../src/database/mikro-orm.config';
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

describe('connection to the embedded server', () => {
  it('goes through its Unix socket, as the URL it hands out says (`?host=` with the socket directory)', async () => {
    const url = await createDatabase();
    expect(hostParameter(url)).toMatch(/^\//);
    const orm = await MikroORM.init(mikroOrmOptions(url));
    try {
      // A client on a Unix socket has no server address; one through TCP would see 127.0.0.1.
      const [row] = await orm.em.getConnection().execute<{ addr: string | null }[]>('select inet_server_addr() as addr');
      expect(row.addr).toBeNull();
    } finally {
      await orm.close();
    }
  });

  it('reads libpq\'s host parameter from any PostgreSQL URL, and nothing from one without it', () => {
    expect(hostParameter('postgresql://u:p@localhost/db?host=%2Fvar%2Frun%2Fpostgresql')).toBe('/var/run/postgresql');
    expect(hostParameter('postgresql://u:p@db.internal:5432/db')).toBeUndefined();
  });
});
