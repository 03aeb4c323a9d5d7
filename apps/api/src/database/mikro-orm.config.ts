import { defineConfig } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { UserSchema } from '../modules/users/user.entity';
import { SpecialtySchema } from '../modules/doctors/specialty.entity';
import { DoctorProfileSchema } from '../modules/doctors/doctor-profile.entity';
import { PatientProfileSchema } from '../modules/patients/patient-profile.entity';
import { RefreshTokenSchema } from '../modules/auth/refresh-token.entity';
import { LoginFailureSchema } from '../modules/auth/login-failure.entity';
import { AuditEntrySchema } from '../modules/audit/audit-entry.entity';
import { ClinicSettingsSchema } from '../modules/clinic/clinic-settings.entity';
import { HolidaySchema } from '../modules/clinic/holiday.entity';
import { WeeklyHoursSchema } from '../modules/doctors/weekly-hours.entity';
import { TimeOffSchema } from '../modules/doctors/time-off.entity';
import { AvailabilityStateSchema, BookableCountSchema, DayAvailabilitySchema, FreeDayCountSchema, NextFreeSchema } from '../modules/doctors/day-availability.entity';
import { AppointmentFileSchema, AppointmentHistorySchema, AppointmentSchema } from '../modules/appointments/appointment.entity';
import { VisitNoteSchema } from '../modules/appointments/visit-note.entity';
import { AppointmentReminderSchema, DeliverySchema, NotificationPreferenceSchema, NotificationSchema } from '../modules/notifications/notification.entity';
import { PasswordTokenSchema } from '../modules/auth/password-token.entity';
import { PatientImportSchema } from '../modules/imports/patient-import.entity';
import { ConsultationDoctorSchema, ConsultationSchema, ConversationNoticeSchema, ConversationSchema, MessageSchema } from '../modules/chat/chat.entity';
import { migrationsList } from './migrations';
import { CarebookNamingStrategy } from './naming-strategy';

export const entities = [
  UserSchema,
  SpecialtySchema,
  DoctorProfileSchema,
  PatientProfileSchema,
  RefreshTokenSchema,
  LoginFailureSchema,
  AuditEntrySchema,
  ClinicSettingsSchema,
  HolidaySchema,
  WeeklyHoursSchema,
  TimeOffSchema,
  AvailabilityStateSchema,
  DayAvailabilitySchema,
  NextFreeSchema,
  BookableCountSchema,
  FreeDayCountSchema,
  AppointmentSchema,
  AppointmentHistorySchema,
  AppointmentFileSchema,
  PasswordTokenSchema,
  NotificationSchema,
  DeliverySchema,
  NotificationPreferenceSchema,
  AppointmentReminderSchema,
  PatientImportSchema,
  ConversationSchema,
  MessageSchema,
  ConversationNoticeSchema,
  ConsultationDoctorSchema,
  ConsultationSchema,
  VisitNoteSchema,
];

/** One definition for the app, the CLI and the tests; only the URL differs. */
export function mikroOrmOptions(clientUrl: string, debug = false) {
  return defineConfig({
    clientUrl,
    // libpq's `?host=` (a Unix-socket directory, as the embedded server's URL carries): the ORM reads host and port
    // from the URL's authority only, so it is passed on here.
    host: hostParameter(clientUrl),
    entities,
    extensions: [Migrator],
    namingStrategy: CarebookNamingStrategy,
    migrations: {
      migrationsList,
      path: 'apps/api/src/database/migrations',
      pathTs: 'apps/api/src/database/migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
    schemaGenerator: {
      // The schema comes from the migrations, never from schema sync; the ORM's diff (the schema integration
      // test) must still see every table, column, index and constraint. Only three kinds of object are left
      // out of it: the views and SQL functions modules publish as their database interfaces, which no entity
      // maps (views by name, so a new one must be listed here or the test names it), and the triggers: those that
      // keep the audit log and visit notes append-only (their own tests prove them) and the appointments module's,
      // which keep the doctors' availability summary current.
      skipViews: ['user_accounts', 'doctor_cards', 'slot_holds', 'care_relationships', 'doctor_completed_visits'],
      ignoreRoutines: true,
      ignoreTriggers: true,
    },
    pool: { min: 1, max: 10 },
    debug,
    // Entities are serialized through explicit mappers; never expose them directly.
    forceUtcTimezone: true,
  });
}

/** The `host` query parameter of a PostgreSQL URL, which libpq and pg let override the authority's host. */
export function hostParameter(clientUrl: string): string | undefined {
  try {
    return new URL(clientUrl).searchParams.get('host') || undefined;
  } catch {
    return undefined;
  }
}
