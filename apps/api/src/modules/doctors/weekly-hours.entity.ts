import { defineEntity, p } from '@mikro-orm/core';

/** One window of a doctor's weekly availability, in clinic-local minutes since midnight (end may be 1440). */
const WeeklyHoursSchema = defineEntity({
  name: 'WeeklyHours',
  tableName: 'doctor_weekly_hours',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    doctorId: p.uuid(),
    weekday: p.smallint(),
    startMinute: p.smallint(),
    endMinute: p.smallint(),
  },
});

export class WeeklyHours extends WeeklyHoursSchema.class {}
WeeklyHoursSchema.setClass(WeeklyHours);
export { WeeklyHoursSchema };
