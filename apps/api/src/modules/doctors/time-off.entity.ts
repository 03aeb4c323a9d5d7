import { defineEntity, p } from '@mikro-orm/core';

/** A span when a doctor is away; it removes every slot it touches. */
const TimeOffSchema = defineEntity({
  name: 'TimeOff',
  tableName: 'doctor_time_off',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    doctorId: p.uuid(),
    startsAt: p.datetime(),
    endsAt: p.datetime(),
    reason: p.string().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export class TimeOff extends TimeOffSchema.class {}
TimeOffSchema.setClass(TimeOff);
export { TimeOffSchema };
