import { defineEntity, p } from '@mikro-orm/core';
import { DoctorProfileSchema } from './doctor-profile.entity';
import { uuidPrimaryKey } from '../../common/entity-columns';

/** One window of a doctor's weekly availability, in clinic-local minutes since midnight (end may be 1440). */
const WeeklyHoursSchema = defineEntity({
  name: 'WeeklyHours',
  tableName: 'doctor_weekly_hours',
  properties: {
    id: uuidPrimaryKey(),
    doctorId: () => p.manyToOne(DoctorProfileSchema).mapToPk().fieldName('doctor_id').deleteRule('cascade'),
    weekday: p.smallint(),
    startMinute: p.smallint(),
    endMinute: p.smallint(),
  },
  checks: [
    { name: 'doctor_weekly_hours_weekday_check', expression: 'weekday >= 1 and weekday <= 7' },
    { name: 'doctor_weekly_hours_start_minute_check', expression: 'start_minute >= 0 and start_minute <= 1439' },
    { name: 'doctor_weekly_hours_end_minute_check', expression: 'end_minute >= 1 and end_minute <= 1440' },
    { name: 'doctor_weekly_hours_order', expression: 'end_minute > start_minute' },
    // An exclusion constraint: MikroORM keeps these with the checks, the expression being the whole body.
    {
      name: 'doctor_weekly_hours_no_overlap',
      expression: 'exclude using gist (doctor_id with =, weekday with =, int4range(start_minute::integer, end_minute::integer) with &&)',
    },
  ],
});

export class WeeklyHours extends WeeklyHoursSchema.class {}
WeeklyHoursSchema.setClass(WeeklyHours);
export { WeeklyHoursSchema };
