import { Injectable } from '@nestjs/common';
import { raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { HourCycle, WeeklyWindow } from '@carebook/shared';
import { Holiday } from './holiday.entity';

/** The clinic_settings row (there is one): the clinic's name and its rules. */
export interface SettingsRow {
  id: number;
  clinicName: string;
  timezone: string;
  locale: string;
  hourCycle: HourCycle;
  workingHours: WeeklyWindow[];
  slotMinutes: number;
  minNoticeMinutes: number;
  bookingHorizonDays: number;
  cancellationWindowHours: number;
  pendingExpiryHours: number;
  reminderOffsetsMinutes: number[];
}

/** The clinic module's SQL: its settings row and holidays. */
@Injectable()
export class ClinicRepository {
  constructor(private readonly em: EntityManager) {}

  /** Writes the settings row unless one exists: several instances may start on an empty database at once. */
  async insertSettingsIfMissing(values: SettingsRow): Promise<void> {
    await this.em.getConnection().execute(
      raw(
        `insert into clinic_settings (id, clinic_name, timezone, locale, hour_cycle, working_hours, slot_minutes, min_notice_minutes,
           booking_horizon_days, cancellation_window_hours, pending_expiry_hours, reminder_offsets_minutes)
         values (:id, :clinicName, :timezone, :locale, :hourCycle, :workingHours::jsonb, :slotMinutes, :minNoticeMinutes, :bookingHorizonDays,
           :cancellationWindowHours, :pendingExpiryHours, :reminderOffsetsMinutes::int[])
         on conflict (id) do nothing`,
        {
          ...values,
          workingHours: JSON.stringify(values.workingHours),
          reminderOffsetsMinutes: `{${values.reminderOffsetsMinutes.join(',')}}`,
        },
      ),
    );
  }

  /** Adds these holidays (start-up data). */
  async insertHolidays(holidays: readonly { date: string; name: string; recurring: boolean }[], now: Date): Promise<void> {
    if (holidays.length === 0) return;
    await this.em.insertMany(
      Holiday,
      holidays.map((h) => ({ ...h, createdBy: null, createdAt: now })),
    );
  }
}
