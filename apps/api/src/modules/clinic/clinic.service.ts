import { HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import {
  DEFAULT_CLINIC_LOCALE,
  canonicalLocale,
  defaultHourCycle,
  isValidTimeZone,
  windowProblems,
  type ClinicLocale,
  type HolidayRule,
  type HourCycle,
  type WeeklyWindow,
} from '@carebook/shared';
import { DateTime } from 'luxon';
import type { AuthUser } from '../../common/auth-user';
import { Clock } from '../../common/clock';
import { fieldException } from '../../common/exceptions';
import { ValidationFailedException } from '../../common/validation';
import { AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import { SharedCache } from '../cluster/shared-caches';
import { UsersService } from '../users/users.service';
import { ClinicSettings } from './clinic-settings.entity';
import { ClinicRepository, type SettingsRow } from './clinic.repository';
import type {
  ClinicInfoDto,
  ClinicSettingsDto,
  ClinicSettingsInput,
  CreateHolidayRequest,
  HolidayDto,
  SettingsRevisionDto,
  UpcomingHolidayDto,
} from './dto/clinic.dto';
import { Holiday } from './holiday.entity';

const SETTINGS_ID = 1;
const SETTINGS_CHANGED = 'clinic.settings.updated';

const weekdays = (days: number[], start: string, end: string): WeeklyWindow[] =>
  days.map((weekday) => ({ weekday, start, end }));

/** A sensible first configuration: weekdays 08:00–18:00, Saturday mornings. */
function defaultSettings(timezone: string): SettingsRow {
  return {
    id: SETTINGS_ID,
    clinicName: 'Carebook Clinic',
    timezone,
    locale: DEFAULT_CLINIC_LOCALE,
    hourCycle: defaultHourCycle(DEFAULT_CLINIC_LOCALE),
    workingHours: [...weekdays([1, 2, 3, 4, 5], '08:00', '18:00'), ...weekdays([6], '09:00', '13:00')],
    slotMinutes: 30,
    minNoticeMinutes: 120,
    bookingHorizonDays: 90,
    cancellationWindowHours: 24,
    pendingExpiryHours: 48,
    reminderOffsetsMinutes: [1440, 60],
  };
}

type SettingsValues = ReturnType<typeof defaultSettings>;
const EDITABLE = [
  'clinicName',
  'timezone',
  'locale',
  'hourCycle',
  'workingHours',
  'slotMinutes',
  'minNoticeMinutes',
  'bookingHorizonDays',
  'cancellationWindowHours',
  'pendingExpiryHours',
  'reminderOffsetsMinutes',
] as const satisfies readonly (keyof SettingsValues)[];

const canonicalWindow = ({ weekday, start, end }: WeeklyWindow): WeeklyWindow => ({ weekday, start, end });
const byDayAndStart = (a: WeeklyWindow, b: WeeklyWindow) => a.weekday - b.weekday || a.start.localeCompare(b.start);

function toHolidayDto(holiday: Holiday): HolidayDto {
  return { id: holiday.id, date: holiday.date, name: holiday.name, recurring: holiday.recurring };
}

const UPCOMING_HOLIDAY_DAYS = 90;

/** Holidays falling within the next `UPCOMING_HOLIDAY_DAYS` from `today` (a clinic-local date), recurring ones on their next date. */
export function upcomingHolidays(holidays: { date: string; name: string; recurring: boolean }[], today: string): UpcomingHolidayDto[] {
  const start = DateTime.fromISO(today, { zone: 'utc' });
  const end = start.plus({ days: UPCOMING_HOLIDAY_DAYS }).toISODate() ?? today;
  const upcoming: UpcomingHolidayDto[] = [];
  for (const h of holidays) {
    let date = h.date;
    if (h.recurring) {
      const monthDay = h.date.slice(5);
      date = `${start.year}-${monthDay}`;
      if (date < today) date = `${start.year + 1}-${monthDay}`;
    }
    if (date >= today && date <= end) upcoming.push({ date, name: h.name });
  }
  return upcoming.sort((a, b) => a.date.localeCompare(b.date));
}

function toClinicInfo(s: ClinicSettings): Omit<ClinicInfoDto, 'upcomingHolidays'> {
  return {
    clinicName: s.clinicName,
    timezone: s.timezone,
    locale: s.locale,
    hourCycle: s.hourCycle,
    workingHours: s.workingHours.map(canonicalWindow),
    slotMinutes: s.slotMinutes,
    minNoticeMinutes: s.minNoticeMinutes,
    bookingHorizonDays: s.bookingHorizonDays,
    cancellationWindowHours: s.cancellationWindowHours,
  };
}

/** Everything the slot engine needs from the clinic, as plain values (safe to cache): the settings' rules and the holidays. */
export interface ClinicRules extends Omit<SettingsRow, 'id' | 'clinicName' | 'reminderOffsetsMinutes' | 'locale' | 'hourCycle'> {
  holidays: HolidayRule[];
}

/**
 * Slot searches read the rules on every request; a change through another instance shows as soon as its
 * invalidation arrives (REDIS_URL), and within this time at the latest.
 */
const RULES_TTL_MS = 5_000;

export interface ClinicIdentity {
  clinicName: string;
  timezone: string;
  reminderOffsetsMinutes: number[];
  /** How the clinic writes dates and times (zone, locale, hour cycle), for every notice and download. */
  format: ClinicLocale;
}

/** Owns the clinic's settings and holidays. */
@Injectable()
export class ClinicService {
  constructor(
    private readonly em: EntityManager,
    private readonly repository: ClinicRepository,
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private readonly rulesCache = new SharedCache<'rules', ClinicRules>('clinic.rules', RULES_TTL_MS);
  private readonly identityCache = new SharedCache<'identity', ClinicIdentity>('clinic.identity', RULES_TTL_MS);
  private readonly rulesListeners: (() => Promise<void>)[] = [];

  /**
   * Runs `listener` after every change to the rules this process commits (settings, holidays), before the
   * change's request is answered: modules that derive data from the rules (the doctors' availability summary)
   * bring it up to date. Other processes' changes reach them through their own checks.
   */
  onRulesChanged(listener: () => Promise<void>): void {
    this.rulesListeners.push(listener);
  }

  /** The settings row, created with defaults (timezone from CLINIC_TIMEZONE) the first time anyone asks. */
  async settings(): Promise<ClinicSettings> {
    const existing = await this.em.findOne(ClinicSettings, SETTINGS_ID);
    if (existing) return existing;
    const defaults = defaultSettings(this.config.clinicTimezone);
    await this.repository.insertSettingsIfMissing(defaults);
    return this.em.findOneOrFail(ClinicSettings, SETTINGS_ID);
  }

  /**
   * The rules slot searches apply, cached briefly in this process (and dropped at once when any
   * instance changes them). Pass `fresh` where a decision must not rest on a stale copy, such as booking.
   */
  async rules(options: { fresh?: boolean } = {}): Promise<ClinicRules> {
    const cached = options.fresh ? undefined : this.rulesCache.get('rules');
    if (cached) return cached;
    const [settings, holidays] = await Promise.all([
      this.settings(),
      this.em.find(Holiday, {}, { fields: ['date', 'recurring'] }),
    ]);
    const rules: ClinicRules = {
      timezone: settings.timezone,
      workingHours: settings.workingHours.map(canonicalWindow),
      slotMinutes: settings.slotMinutes,
      minNoticeMinutes: settings.minNoticeMinutes,
      bookingHorizonDays: settings.bookingHorizonDays,
      cancellationWindowHours: settings.cancellationWindowHours,
      pendingExpiryHours: settings.pendingExpiryHours,
      holidays: holidays.map(({ date, recurring }) => ({ date, recurring })),
    };
    this.rulesCache.set('rules', rules);
    return rules;
  }

  /**
   * The clinic's name, zone and reminder times, as every notification reads them: cached like the rules (5 s,
   * dropped at once by any instance's changes), so a booking's notices cost no query for them.
   */
  async identity(): Promise<ClinicIdentity> {
    const cached = this.identityCache.get('identity');
    if (cached) return cached;
    const { clinicName, timezone, locale, hourCycle, reminderOffsetsMinutes } = await this.settings();
    const identity = {
      clinicName,
      timezone,
      reminderOffsetsMinutes: [...reminderOffsetsMinutes],
      format: { timeZone: timezone, locale, hourCycle },
    };
    this.identityCache.set('identity', identity);
    return identity;
  }

  /** Today's clinic-local date (YYYY-MM-DD): what "today" means for a date of birth or a holiday. */
  async today(): Promise<string> {
    const { timezone } = await this.identity();
    const now = this.clock.now();
    return DateTime.fromJSDate(now, { zone: timezone }).toISODate() ?? now.toISOString().slice(0, 10);
  }

  async info(): Promise<ClinicInfoDto> {
    const settings = await this.settings();
    const holidays = await this.em.find(Holiday, {}, { fields: ['date', 'name', 'recurring'], orderBy: { date: 'asc' } });
    const today = DateTime.fromJSDate(this.clock.now(), { zone: settings.timezone }).toISODate() ?? '';
    return { ...toClinicInfo(settings), upcomingHolidays: upcomingHolidays(holidays, today) };
  }

  async getSettings(): Promise<ClinicSettingsDto> {
    return this.toSettingsDto(await this.settings());
  }

  async updateSettings(admin: AuthUser, input: ClinicSettingsInput): Promise<ClinicSettingsDto> {
    if (!isValidTimeZone(input.timezone)) {
      throw fieldException(HttpStatus.BAD_REQUEST, 'timezone', 'must be an IANA timezone such as Europe/London');
    }
    const settings = await this.settings();
    const locale = input.locale === undefined ? settings.locale : canonicalLocale(input.locale);
    if (locale === null) {
      throw fieldException(HttpStatus.BAD_REQUEST, 'locale', 'must be a BCP 47 language tag with date formats, such as en-GB');
    }
    // Without an hour cycle the clinic keeps its own, unless the locale changes: then the new locale's custom applies.
    const hourCycle: HourCycle = input.hourCycle ?? (locale === settings.locale ? settings.hourCycle : defaultHourCycle(locale));
    const problems = windowProblems(input.workingHours);
    if (problems.length > 0) {
      throw new ValidationFailedException(
        problems.map(({ index, message }) => ({ field: `workingHours.${index}`, message })),
      );
    }
    const next: Omit<SettingsValues, 'id'> = {
      ...input,
      locale,
      hourCycle,
      workingHours: input.workingHours.map(canonicalWindow).sort(byDayAndStart),
      reminderOffsetsMinutes: [...input.reminderOffsetsMinutes].sort((a, b) => b - a),
    };

    // jsonb hands objects back with its own key order, so compare canonical copies.
    const current: Omit<SettingsValues, 'id'> = { ...settings, workingHours: settings.workingHours.map(canonicalWindow) };
    const changes = EDITABLE.filter((field) => JSON.stringify(current[field]) !== JSON.stringify(next[field])).map(
      (field) => ({ field, from: current[field], to: next[field] }),
    );
    if (changes.length > 0) {
      this.em.assign(settings, { ...next, updatedBy: admin.id });
      this.audit.record({
        actorId: admin.id,
        action: SETTINGS_CHANGED,
        targetType: 'clinic_settings',
        details: { changes },
      });
      await this.em.flush();
      this.identityCache.clear();
      await this.rulesChanged();
    }
    return this.toSettingsDto(settings);
  }

  /** Recent settings changes, newest first, with who made them. */
  async settingsHistory(limit = 50): Promise<SettingsRevisionDto[]> {
    const entries = await this.audit.find({ action: SETTINGS_CHANGED, targetType: 'clinic_settings', limit });
    const names = await this.users.namesOf(entries.flatMap((e) => (e.actorId ? [e.actorId] : [])));
    return entries.map((entry) => ({
      at: entry.createdAt.toISOString(),
      by: entry.actorId ? (names.get(entry.actorId) ?? null) : null,
      changes: (entry.details?.['changes'] as SettingsRevisionDto['changes'] | undefined) ?? [],
    }));
  }

  async listHolidays(year?: number): Promise<HolidayDto[]> {
    const where = year
      ? { $or: [{ recurring: true }, { date: { $gte: `${year}-01-01`, $lte: `${year}-12-31` } }] }
      : {};
    const holidays = await this.em.find(Holiday, where, { orderBy: { date: 'asc' } });
    return holidays.map(toHolidayDto);
  }

  async createHoliday(admin: AuthUser, input: CreateHolidayRequest): Promise<HolidayDto> {
    const holiday = this.em.create(Holiday, {
      date: input.date,
      name: input.name,
      recurring: input.recurring ?? false,
      createdBy: admin.id,
    });
    this.audit.record({
      actorId: admin.id,
      action: 'clinic.holiday.created',
      targetType: 'holiday',
      targetId: holiday.id,
      details: { date: holiday.date, name: holiday.name, recurring: holiday.recurring },
    });
    try {
      await this.em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw fieldException(HttpStatus.CONFLICT, 'date', 'already has a holiday', `${input.date} is already a holiday`);
      }
      throw error;
    }
    await this.rulesChanged();
    return toHolidayDto(holiday);
  }

  async deleteHoliday(admin: AuthUser, id: string): Promise<void> {
    const holiday = await this.em.findOne(Holiday, id);
    if (!holiday) throw new NotFoundException('No such holiday');
    this.em.remove(holiday);
    this.audit.record({
      actorId: admin.id,
      action: 'clinic.holiday.deleted',
      targetType: 'holiday',
      targetId: holiday.id,
      details: { date: holiday.date, name: holiday.name },
    });
    await this.em.flush();
    await this.rulesChanged();
  }

  /** Adds holidays without an author or audit entry: start-up data such as the demo clinic's. */
  async addHolidays(holidays: readonly { date: string; name: string; recurring: boolean }[]): Promise<void> {
    await this.repository.insertHolidays(holidays, new Date());
    await this.rulesChanged();
  }

  /** After a committed change to the rules: this process's copy dropped, then the listeners told. */
  private async rulesChanged(): Promise<void> {
    this.rulesCache.clear();
    for (const listener of this.rulesListeners) await listener();
  }

  private async toSettingsDto(s: ClinicSettings): Promise<ClinicSettingsDto> {
    const names = await this.users.namesOf(s.updatedBy ? [s.updatedBy] : []);
    return {
      ...toClinicInfo(s),
      pendingExpiryHours: s.pendingExpiryHours,
      reminderOffsetsMinutes: s.reminderOffsetsMinutes,
      updatedAt: s.updatedAt.toISOString(),
      updatedBy: s.updatedBy ? (names.get(s.updatedBy) ?? null) : null,
    };
  }
}
