import { MikroORM } from '@mikro-orm/postgresql';
import { PreparedStatement } from '../../src/database/bound-statement';
import { mikroOrmOptions } from '../../src/database/mikro-orm.config';
import { createDatabase } from '../support/test-app';

/**
 * The hot statements (booking, outbox, chat inserts, the per-request account check) run as named prepared
 * statements through MikroORM's own connections: PostgreSQL keeps them per session, and inside a transaction
 * they run in it.
 */
describe('PreparedStatement', () => {
  let orm: MikroORM;

  beforeAll(async () => {
    orm = await MikroORM.init({ ...mikroOrmOptions(await createDatabase()), pool: { min: 1, max: 1 } });
    await orm.em.getConnection().execute('create table prepared_probe (n int primary key, label text not null)');
  });

  afterAll(() => orm?.close());

  const insert = new PreparedStatement('insert into prepared_probe (n, label) values ($1, $2) returning n, label');
  const count = new PreparedStatement('select count(*)::int as n from prepared_probe where n >= $1');

  it('is prepared once on the server under its name and gives each run its own values', async () => {
    const em = orm.em.fork();
    expect(await insert.execute(em, [1, 'one'])).toEqual([{ n: 1, label: 'one' }]);
    expect(await insert.execute(em, [2, 'two'])).toEqual([{ n: 2, label: 'two' }]);
    // One pooled connection: the session that ran it holds it, prepared from the text given.
    const prepared = await em.getConnection().execute<{ name: string; statement: string }[]>(
      'select name, statement from pg_prepared_statements where name = ?',
      [insert.name],
    );
    expect(prepared).toEqual([{ name: insert.name, statement: insert.text }]);
  });

  it('runs inside the open transaction: rolled back with it, seen by it before', async () => {
    const em = orm.em.fork();
    await expect(
      em.transactional(async (tx) => {
        await insert.execute(tx, [3, 'three']);
        expect(await count.execute(tx, [3])).toEqual([{ n: 1 }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await count.execute(orm.em.fork(), [3])).toEqual([{ n: 0 }]);
  });

  it('names two texts differently and one text the same each time', () => {
    expect(new PreparedStatement(insert.text).name).toBe(insert.name);
    expect(count.name).not.toBe(insert.name);
    expect(insert.name).toMatch(/^carebook_[0-9a-f]{20}$/);
  });

  it('fails a run with a value of the wrong type as PostgreSQL does, and still runs afterwards', async () => {
    const em = orm.em.fork();
    await expect(insert.execute(em, ['not a number', 'x'])).rejects.toMatchObject({ code: '22P02' });
    expect(await insert.execute(em, [4, 'four'])).toEqual([{ n: 4, label: 'four' }]);
  });
});
