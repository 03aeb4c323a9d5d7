import { defineEntity, p } from '@mikro-orm/core';
import {
  APPOINTMENT_EVENTS,
  APPOINTMENT_STATUSES,
  GENDERS,
  ROLES,
  SLOT_HOLDING_STATUSES,
  type AppointmentStatus,
} from '@carebook/shared';
import { sqlList } from '../../common/sql';
import { UserSchema } from '../users/user.entity';
import { uuidPrimaryKey } from '../../common/entity-columns';

const HOLDING = sqlList(SLOT_HOLDING_STATUSES);
const PENDING = sqlList(['pending'] satisfies AppointmentStatus[]);
const COMPLETED = sqlList(['completed'] satisfies AppointmentStatus[]);

/**
 * A booked (or once-booked) visit, exactly as the migrations define it. Pending and confirmed appointments
 * hold their slot: the exclusion constraints refuse two such appointments of one doctor, or of one patient,
 * that overlap. Booking, the lifecycle and the lists are SQL in the repository; the demo seeder writes
 * through this definition.
 */
const AppointmentSchema = defineEntity({
  name: 'Appointment',
  tableName: 'appointments',
  properties: {
    id: uuidPrimaryKey(),
    doctorId: () =>
      p.manyToOne(UserSchema).mapToPk().fieldName('doctor_id').foreignKeyName('appointments_doctor_id_fkey').updateRule('no action').deleteRule('no action'),
    patientId: () =>
      p.manyToOne(UserSchema).mapToPk().fieldName('patient_id').foreignKeyName('appointments_patient_id_fkey').updateRule('no action').deleteRule('no action'),
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
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [
    { name: 'appointments_doctor_idx', properties: ['doctorId', 'startsAt'] },
    { name: 'appointments_starts_at_idx', properties: ['startsAt'] },
    {
      name: 'appointments_doctor_holds_idx',
      expression: `create index appointments_doctor_holds_idx on appointments (doctor_id, starts_at) include (ends_at) where status in (${HOLDING})`,
    },
    { name: 'appointments_patient_idx', expression: 'create index appointments_patient_idx on appointments (patient_id, starts_at desc)' },
    {
      name: 'appointments_pending_idx',
      expression: `create index appointments_pending_idx on appointments (created_at) include (starts_at) where status = ${PENDING}`,
    },
    /** Counts completed visits per doctor (the published view `doctor_completed_visits`) from these rows alone. */
    {
      name: 'appointments_completed_idx',
      expression: `create index appointments_completed_idx on appointments (doctor_id) where status = ${COMPLETED}`,
    },
    {
      name: 'appointments_reason_trgm',
      expression: 'create index appointments_reason_trgm on appointments using gin (reason gin_trgm_ops, patient_full_name gin_trgm_ops)',
    },
  ],
  uniques: [
    {
      name: 'appointments_doctor_slot_key',
      expression: `create unique index appointments_doctor_slot_key on appointments (doctor_id, starts_at) where status in (${HOLDING})`,
    },
    {
      name: 'appointments_patient_slot_key',
      expression: `create unique index appointments_patient_slot_key on appointments (patient_id, starts_at) where status in (${HOLDING})`,
    },
  ],
  checks: [
    { name: 'appointments_order', expression: 'ends_at > starts_at' },
    { name: 'appointments_patient_age_check', expression: 'patient_age >= 0 and patient_age <= 130' },
    {
      name: 'appointments_doctor_no_overlap',
      expression: `exclude using gist (doctor_id with =, tstzrange(starts_at, ends_at) with &&) where (status in (${HOLDING}))`,
    },
    {
      name: 'appointments_patient_no_overlap',
      expression: `exclude using gist (patient_id with =, tstzrange(starts_at, ends_at) with &&) where (status in (${HOLDING}))`,
    },
  ],
});

export class Appointment extends AppointmentSchema.class {}
AppointmentSchema.setClass(Appointment);
export { AppointmentSchema };

/** One entry of an appointment's history; written in the same statement as the change it records. */
const AppointmentHistorySchema = defineEntity({
  name: 'AppointmentHistory',
  tableName: 'appointment_events',
  properties: {
    id: p.bigint('number').primary().autoincrement().generated('identity'),
    appointmentId: () =>
      p
        .manyToOne(AppointmentSchema)
        .mapToPk()
        .fieldName('appointment_id')
        .foreignKeyName('appointment_events_appointment_id_fkey')
        .updateRule('no action')
        .deleteRule('cascade'),
    event: p.enum(APPOINTMENT_EVENTS),
    fromStatus: p.text().$type<AppointmentStatus>().nullable(),
    toStatus: p.text().$type<AppointmentStatus>(),
    actorId: () =>
      p
        .manyToOne(UserSchema)
        .mapToPk()
        .nullable()
        .fieldName('actor_id')
        .foreignKeyName('appointment_events_actor_id_fkey')
        .updateRule('no action')
        .deleteRule('set null'),
    actorRole: p.enum(ROLES).nullable(),
    reason: p.text().nullable(),
    startsAt: p.datetime(),
    previousStartsAt: p.datetime().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [{ name: 'appointment_events_appointment_idx', properties: ['appointmentId', 'id'] }],
});

export class AppointmentHistory extends AppointmentHistorySchema.class {}
AppointmentHistorySchema.setClass(AppointmentHistory);
export { AppointmentHistorySchema };

/** A file attached to an appointment; its bytes live in the FileStore under storageKey. */
const AppointmentFileSchema = defineEntity({
  name: 'AppointmentFile',
  tableName: 'appointment_files',
  properties: {
    id: uuidPrimaryKey(),
    appointmentId: () =>
      p
        .manyToOne(AppointmentSchema)
        .mapToPk()
        .fieldName('appointment_id')
        .foreignKeyName('appointment_files_appointment_id_fkey')
        .updateRule('no action')
        .deleteRule('cascade'),
    uploadedBy: () =>
      p
        .manyToOne(UserSchema)
        .mapToPk()
        .fieldName('uploaded_by')
        .foreignKeyName('appointment_files_uploaded_by_fkey')
        .updateRule('no action')
        .deleteRule('no action'),
    fileName: p.text(),
    contentType: p.text(),
    sizeBytes: p.integer(),
    storageKey: p.text(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [{ name: 'appointment_files_appointment_idx', properties: ['appointmentId', 'createdAt'] }],
  uniques: [{ name: 'appointment_files_storage_key_key', properties: ['storageKey'] }],
  checks: [{ name: 'appointment_files_size_bytes_check', expression: 'size_bytes > 0' }],
});

export class AppointmentFile extends AppointmentFileSchema.class {}
AppointmentFileSchema.setClass(AppointmentFile);
export { AppointmentFileSchema };
