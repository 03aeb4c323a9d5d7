import { defineEntity, p } from '@mikro-orm/core';
import { UserSchema } from '../users/user.entity';

/** A clinic-local date on which nobody is bookable; `recurring` repeats it on that day every year. */
const HolidaySchema = defineEntity({
  name: 'Holiday',
  tableName: 'holidays',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    /** YYYY-MM-DD, kept as a string so no time zone ever shifts it. */
    date: p.date().unique(),
    name: p.text(),
    recurring: p.boolean().default(false),
    /** The admin who added it (an account id; the users module keeps the account). */
    createdBy: () => p.manyToOne(UserSchema).mapToPk().fieldName('created_by').nullable().deleteRule('set null'),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});

export class Holiday extends HolidaySchema.class {}
HolidaySchema.setClass(Holiday);
export { HolidaySchema };
