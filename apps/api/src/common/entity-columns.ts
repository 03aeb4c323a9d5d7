import { p } from '@mikro-orm/core';

/** A uuid primary key that the database fills in. */
export const uuidPrimaryKey = () => p.uuid().primary().defaultRaw('gen_random_uuid()');

/** When the row was written: set by the database, and by the ORM when it creates the row. */
export const createdAtColumn = () => p.datetime().defaultRaw('now()').onCreate(() => new Date());
