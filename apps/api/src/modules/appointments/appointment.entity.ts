import { defineEntity, p } from '@mikro-orm/core';
import { APPOINTMENT_EVENTS, APPOINTMENT_STATUSES, GENDERS, ROLES } from '@carebook/shared';

/**
 * A booked (or once-booked) visit. Pending and confirmed appointments hold their slot: the database's
 * exclusion constraints refuse two such appointments of one doctor, or of one patient, that overlap.
 * The hot paths (booking, transitions, lists) use SQL directly; these definitions keep the schema in one
 * place for the ORM and its tooling.
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
    /** The details the patient gave with this booking (a snapshot: later account edits don't change it). */
    patientFullName: p.text(),
    patientAge: p.smallint().nullable(),
    patientGender: p.enum(GENDERS).nullable(),
    patientPhone: p.text().nullable(),
    patientEmail: p.text(),
    statusReason: p.text().nullable(),
    /** Times rescheduled: the calendar event's SEQUENCE. */
    sequence: p.integer().default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export class Appointment extends AppointmentSchema.class {}
AppointmentSchema.setClass(Appointment);
export { AppointmentSchema };

/** One entry of an appointment's history; written in the same statement as the change it records. */
const AppointmentHistorySchema = defineEntity({
  name: 'AppointmentHistory',
  tableName: 'appointment_events',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    appointmentId: p.uuid(),
    event: p.enum(APPOINTMENT_EVENTS),
    fromStatus: p.enum(APPOINTMENT_STATUSES).nullable(),
    toStatus: p.enum(APPOINTMENT_STATUSES),
    actorId: p.uuid().nullable(),
    actorRole: p.enum(ROLES).nullable(),
    reason: p.text().nullable(),
    startsAt: p.datetime(),
    previousStartsAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export class AppointmentHistory extends AppointmentHistorySchema.class {}
AppointmentHistorySchema.setClass(AppointmentHistory);
export { AppointmentHistorySchema };

/** A file attached to an appointment; its bytes live in the FileStore under storageKey. */
const AppointmentFileSchema = defineEntity({
  name: 'AppointmentFile',
  tableName: 'appointment_files',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    appointmentId: p.uuid(),
    uploadedBy: p.uuid(),
    fileName: p.text(),
    contentType: p.text(),
    sizeBytes: p.integer(),
    storageKey: p.text().unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export class AppointmentFile extends AppointmentFileSchema.class {}
AppointmentFileSchema.setClass(AppointmentFile);
export { AppointmentFileSchema };
