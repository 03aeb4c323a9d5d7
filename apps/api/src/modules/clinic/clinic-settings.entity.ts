import { defineEntity, p } from '@mikro-orm/core';
import type { WeeklyWindow } from '@carebook/shared';

/** The clinic's rules: a single row (id 1), created with defaults on first read. */
const ClinicSettingsSchema = defineEntity({
  name: 'ClinicSettings',
  tableName: 'clinic_settings',
  properties: {
    id: p.smallint().primary(),
    clinicName: p.string(),
    timezone: p.string(),
    workingHours: p.json<WeeklyWindow[]>(),
    slotMinutes: p.integer(),
    minNoticeMinutes: p.integer(),
    bookingHorizonDays: p.integer(),
    cancellationWindowHours: p.integer(),
    pendingExpiryHours: p.integer(),
    reminderOffsetsMinutes: p.array<number>((value) => Number(value)).columnType('int[]'),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    updatedBy: p.uuid().nullable(),
  },
});

export class ClinicSettings extends ClinicSettingsSchema.class {}
ClinicSettingsSchema.setClass(ClinicSettings);
export { ClinicSettingsSchema };
