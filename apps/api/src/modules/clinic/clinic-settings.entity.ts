import { defineEntity, p } from '@mikro-orm/core';
import { HOUR_CYCLES, type WeeklyWindow } from '@carebook/shared';
import { UserSchema } from '../users/user.entity';

/** The clinic's rules: a single row (id 1), created with defaults on first read. */
const ClinicSettingsSchema = defineEntity({
  name: 'ClinicSettings',
  tableName: 'clinic_settings',
  properties: {
    id: p.smallint().primary().autoincrement(false).default(1),
    clinicName: p.text(),
    timezone: p.text(),
    /** BCP 47 tag every date and time is written in. */
    locale: p.text().default('en-GB'),
    hourCycle: p.enum(HOUR_CYCLES).default('h23'),
    workingHours: p.json<WeeklyWindow[]>(),
    slotMinutes: p.integer(),
    minNoticeMinutes: p.integer(),
    bookingHorizonDays: p.integer(),
    cancellationWindowHours: p.integer(),
    pendingExpiryHours: p.integer(),
    reminderOffsetsMinutes: p.array<number>((value) => Number(value)).columnType('int[]'),
    updatedAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()).onUpdate(() => new Date()),
    /** The admin who last changed them (an account id; the users module keeps the account). */
    updatedBy: () => p.manyToOne(UserSchema).mapToPk().fieldName('updated_by').nullable().deleteRule('set null'),
  },
  checks: [
    { name: 'clinic_settings_id_check', expression: 'id = 1' },
    { name: 'clinic_settings_slot_minutes_check', expression: 'slot_minutes >= 5 and slot_minutes <= 240' },
    { name: 'clinic_settings_min_notice_minutes_check', expression: 'min_notice_minutes >= 0 and min_notice_minutes <= 20160' },
    { name: 'clinic_settings_booking_horizon_days_check', expression: 'booking_horizon_days >= 1 and booking_horizon_days <= 730' },
    {
      name: 'clinic_settings_cancellation_window_hours_check',
      expression: 'cancellation_window_hours >= 0 and cancellation_window_hours <= 720',
    },
    { name: 'clinic_settings_hour_cycle_check', expression: "hour_cycle in ('h23', 'h12')" },
    { name: 'clinic_settings_pending_expiry_hours_check', expression: 'pending_expiry_hours >= 1 and pending_expiry_hours <= 720' },
  ],
});

export class ClinicSettings extends ClinicSettingsSchema.class {}
ClinicSettingsSchema.setClass(ClinicSettings);
export { ClinicSettingsSchema };
