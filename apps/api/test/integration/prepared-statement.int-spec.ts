import { MikroORM } from '@mikro-orm/postgresql';
import { executeNamedOnPool, PreparedStatement } from '../../src/database/bound-statement';
import { BOOKING_STATEMENT } from '../../src/modules/appointments/appointments.repository';
import { BOOKABLE_DOCTORS, HELD_BETWEEN, SCHEDULES } from '../../src/modules/doctors/doctors.repository';
import { INSERT_BATCH, INSERT_ONE } from '../../src/modules/chat/chat.repository';
import { outboxStatementText, RECIPIENTS, UNREAD_COUNTS } from '../../src/modules/notifications/notifications.repository';
import { AUTH_STATE } from '../../src/modules/users/users.repository';
import { mikroOrmOptions } from '../../src/database/mikro-orm.config';
import { createDatabase } from '../support/test-app';

/**
 * The hot statements (booking, outbox, chat inserts, the per-request account check, the profile and slot reads) run as named prepared
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

  it('runs a statement written with :name parameters prepared, each name bound once, casts left alone', async () => {
    const em = orm.em.fork();
    await insert.execute(em, [10, 'ten']);
    await insert.execute(em, [11, 'eleven']);
    const sql = `select n, label from prepared_probe where n >= :from::int and n < :from::int + :span and label <> :from::text order by n`;
    expect(await executeNamedOnPool(em, sql, { from: 10, span: 2, unused: 'ignored' })).toEqual([
      { n: 10, label: 'ten' },
      { n: 11, label: 'eleven' },
    ]);
    // Prepared under its name, with $1, $2 for the two names.
    const prepared = await em.getConnection().execute<{ statement: string }[]>(
      `select statement from pg_prepared_statements where statement like '%prepared_probe where n >= $1::int%'`,
    );
    expect(prepared.map((row) => row.statement)).toEqual([sql.replace(/:from(?!:)/g, '$1').replace(/:from::/g, '$1::').replace(':span', '$2')]);
    await expect(executeNamedOnPool(em, sql, { from: 10 })).rejects.toThrow('No value for :span');
  });

  it('fails a run with a value of the wrong type as PostgreSQL does, and still runs afterwards', async () => {
    const em = orm.em.fork();
    await expect(insert.execute(em, ['not a number', 'x'])).rejects.toMatchObject({ code: '22P02' });
    expect(await insert.execute(em, [4, 'four'])).toEqual([{ n: 4, label: 'four' }]);
  });
});

/**
 * A prepared statement keeps the generic plan PostgreSQL made for it on its connection until the tables' statistics
 * change, and a clinic's pooled connections prepare the hot statements while its tables are still empty. A plan
 * made then must still suit the tables once they hold millions of rows: each row the statement touches is found
 * through an index, never by reading the whole table. (The chat batch insert once checked clientIds with a hash
 * anti-join over all of `messages`, planned on the empty table: at 1,000 messages/s PostgreSQL's CPU doubled
 * within seconds, until autovacuum's first analyze.)
 */
describe('hot statements planned on empty tables', () => {
  let orm: MikroORM;
  const GROWING = ['users', 'appointments', 'appointment_events', 'notifications', 'deliveries', 'conversations', 'messages'];

  beforeAll(async () => {
    orm = await MikroORM.init({ ...mikroOrmOptions(await createDatabase()), pool: { min: 1, max: 1 } });
    await orm.migrator.up();
  });

  afterAll(() => orm?.close());

  /** The generic plan of `text` (every parameter unknown), as EXPLAIN prints it. */
  async function genericPlan(text: string): Promise<string> {
    const parameters = Math.max(0, ...[...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
    return orm.em.fork().transactional(async (em) => {
      await em.execute('set local plan_cache_mode = force_generic_plan');
      await em.execute(`prepare planned as ${text}`);
      const rows = await em.execute<{ 'QUERY PLAN': string }[]>(`explain execute planned(${Array(parameters).fill('null').join(', ')})`);
      await em.execute('deallocate planned');
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });
  }

  it.each([
    ['the chat batch insert', INSERT_BATCH.text],
    ['the single chat insert', INSERT_ONE.text],
    ['the booking', BOOKING_STATEMENT.text],
    ['the outbox', outboxStatementText()],
    ['the recipients of a notice', RECIPIENTS.text],
    ['the unread counts announced after a commit', UNREAD_COUNTS.text],
    ['the per-request account check', AUTH_STATE.text],
    ['a doctor profile', BOOKABLE_DOCTORS.one.text],
    ['doctor profiles', BOOKABLE_DOCTORS.many.text],
    ['a doctor’s schedule', SCHEDULES.one.text],
    ['doctors’ schedules', SCHEDULES.many.text],
    ['held times of the slot lists', HELD_BETWEEN.text],
  ])('%s reads no growing table whole', async (_name, text) => {
    const plan = await genericPlan(text);
    const scanned = GROWING.filter((table) => new RegExp(`Seq Scan on ${table}\\b`).test(plan));
    expect({ scanned, plan }).toEqual({ scanned: [], plan });
  });
});
