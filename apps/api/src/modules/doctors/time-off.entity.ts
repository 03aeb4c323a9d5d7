import { defineEntity, p } from '@mikro-orm/core';
import { DoctorProfileSchema } from './doctor-profile.entity';
import { createdAtColumn, uuidPrimaryKey } from '../../common/entity-columns';

/** A span when a doctor is away; it removes every slot it touches. */
const TimeOffSchema = defineEntity({
  name: 'TimeOff',
  tableName: 'doctor_time_off',
  properties: {
    id: uuidPrimaryKey(),
    doctorId: () => p.manyToOne(DoctorProfileSchema).mapToPk().fieldName('doctor_id').deleteRule('cascade'),
    startsAt: p.datetime(),
    endsAt: p.datetime(),
    reason: p.text().nullable(),
    createdAt: createdAtColumn(),
  },
  indexes: [{ name: 'doctor_time_off_doctor_idx', properties: ['doctorId', 'endsAt'] }],
  checks: [{ name: 'doctor_time_off_order', expression: 'ends_at > starts_at' }],
});

export class TimeOff extends TimeOffSchema.class {}
TimeOffSchema.setClass(TimeOff);
export { TimeOffSchema };
