import { defineEntity, p } from '@mikro-orm/core';

/** A clinic-local date on which nobody is bookable; `recurring` repeats it on that day every year. */
const HolidaySchema = defineEntity({
  name: 'Holiday',
  tableName: 'holidays',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    /** YYYY-MM-DD, kept as a string so no time zone ever shifts it. */
    date: p.date(),
    name: p.string(),
    recurring: p.boolean(),
    createdBy: p.uuid().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export class Holiday extends HolidaySchema.class {}
HolidaySchema.setClass(Holiday);
export { HolidaySchema };
