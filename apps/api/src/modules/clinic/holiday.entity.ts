import { defineEntity, p } from '@mikro-orm/core';
import { UserSchema } from '../users/user.entity';
import { createdAtColumn, uuidPrimaryKey } from '../../common/entity-columns';

/** A clinic-local date on which nobody is bookable; `recurring` repeats it on that day every year. */
const HolidaySchema = defineEntity({
  name: 'Holiday',
  tableName: 'holidays',
  properties: {
    id: uuidPrimaryKey(),
    /** YYYY-MM-DD, kept as a string so no time zone ever shifts it. */
    date: p.date().unique(),
    name: p.text(),
    recurring: p.boolean().default(false),
    /** The admin who added it (an account id; the users module keeps the account). */
    createdBy: () => p.manyToOne(UserSchema).mapToPk().fieldName('created_by').nullable().deleteRule('set null'),
    createdAt: createdAtColumn(),
  },
});

export class Holiday extends HolidaySchema.class {}
HolidaySchema.setClass(Holiday);
export { HolidaySchema };
