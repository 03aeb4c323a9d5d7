import { defineEntity, p } from '@mikro-orm/core';
import { APPOINTMENT_STATUSES } from '@carebook/shared';

/**
 * A booked (or once-booked) visit. Pending and confirmed appointments hold their slot: the database's
 * exclusion constraints refuse two such appointments of one doctor, or of one patient, that overlap.
 */
const AppointmentSchema = defineEntity({
  name: 'Appointment',
  tableName: 'appointments',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    doctorId: p.uuid(),
    patientId: p.uuid(),
    startsAt: p.datetime(),
    endsAt: p.datetime(),
    status: p.enum(APPOINTMENT_STATUSES),
    reason: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export class Appointment extends AppointmentSchema.class {}
AppointmentSchema.setClass(Appointment);
export { AppointmentSchema };
