import { HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import {
  formatTimeOfDay,
  luxonZone,
  parseTimeOfDay,
  SCHEDULING_LIMITS,
  WEEKDAY_NAMES,
  windowProblems,
  windowsOutside,
  type Interval,
  type WeeklyWindow,
} from '@carebook/shared';
import type { AuthUser } from '../../common/auth-user';
import { Clock } from '../../common/clock';
import { fieldException, ruleException } from '../../common/exceptions';
import { ValidationFailedException } from '../../common/validation';
import { SharedCache } from '../cluster/shared-caches';
import { Realtime } from '../realtime/realtime.service';
import { ClinicService } from '../clinic/clinic.service';
import { AvailabilitySummaryService } from './availability-summary.service';
import { openingsOf, openingsRulesKey, type Openings } from './slot-rules';
import type { ClinicRules } from '../clinic/clinic.service';
import { DoctorProfile } from './doctor-profile.entity';
import { DoctorsRepository } from './doctors.repository';
import { DoctorsService } from './doctors.service';
import type { AvailabilityDto, CreateTimeOffRequest, TimeOffDto, UpdateAvailabilityRequest } from './dto/doctor.dto';
import { TimeOff } from './time-off.entity';
import { WeeklyHours } from './weekly-hours.entity';

const DAY_MS = 86_400_000;
/**
 * How long this process trusts its copy of a doctor's schedule when another process's invalidation does not
 * reach it (no REDIS_URL with several instances, or Redis unreachable). Only what patients see can lag this
 * long: booking re-checks hours, time off and bookability in its insert.
 */
const SCHEDULE_TTL_MS = 30_000;
/** Cached openings cover today and this many days after it: a slot search of the default 28 days from today fits. */
const OPENINGS_DAYS = 35;

/** What the slot engine needs to know about one doctor, apart from held appointments. */
export interface DoctorSchedule {
  /** Approved and active: patients may see and book them. */
  bookable: boolean;
  weekly: WeeklyWindow[];
  slotMinutes: number | null;
  /** New bookings are confirmed at once instead of waiting for approval. */
  autoApprove: boolean;
  /** Time off that has not ended yet. */
  timeOff: Interval[];
}

const toWindow = (row: Pick<WeeklyHours, 'weekday' | 'startMinute' | 'endMinute'>): WeeklyWindow => ({
  weekday: row.weekday,
  start: formatTimeOfDay(row.startMinute),
  end: formatTimeOfDay(row.endMinute),
});

const describe = (w: WeeklyWindow) => `${WEEKDAY_NAMES[w.weekday - 1]} ${w.start}–${w.end}`;

function toTimeOffDto(t: TimeOff): TimeOffDto {
  return { id: t.id, startsAt: t.startsAt.toISOString(), endsAt: t.endsAt.toISOString(), reason: t.reason ?? null };
}

/** Owns doctors' weekly hours and time off. */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly em: EntityManager,
    private readonly repository: DoctorsRepository,
    private readonly doctors: DoctorsService,
    private readonly clinic: ClinicService,
    private readonly clock: Clock,
    private readonly realtime: Realtime,
    private readonly summary: AvailabilitySummaryService,
  ) {
    clinic.onRulesChanged(() => Promise.resolve(this.invalidateAll()));
  }

  private readonly scheduleCache = new SharedCache<string, DoctorSchedule>('doctors.schedule', SCHEDULE_TTL_MS);
  /**
   * Each doctor's slot candidates for the coming weeks (held appointments not applied: searches read those
   * fresh). Valid while the schedule they were cut from is the cached one and the clinic's rules are the same.
   */
  private readonly openingsCache = new SharedCache<string, Openings & { schedule: DoctorSchedule }>('doctors.openings', SCHEDULE_TTL_MS, 20_000);

  async availability(me: AuthUser): Promise<AvailabilityDto> {
    const profile = await this.doctors.ownProfile(me);
    const [rows, settings] = await Promise.all([
      this.em.find(WeeklyHours, { doctorId: me.id }, { orderBy: { weekday: 'asc', startMinute: 'asc' } }),
      this.clinic.settings(),
    ]);
    return {
      slotMinutes: profile.slotMinutes ?? null,
      effectiveSlotMinutes: profile.slotMinutes ?? settings.slotMinutes,
      autoApprove: profile.autoApprove,
      weekly: rows.map(toWindow),
    };
  }

  /** Replaces the weekly hours; they must not overlap each other and must lie within the clinic's hours. */
  async setAvailability(me: AuthUser, input: UpdateAvailabilityRequest): Promise<AvailabilityDto> {
    const problems = windowProblems(input.weekly);
    if (problems.length > 0) {
      throw new ValidationFailedException(problems.map(({ index, message }) => ({ field: `weekly.${index}`, message })));
    }
    const settings = await this.clinic.settings();
    const outside = windowsOutside(input.weekly, settings.workingHours);
    if (outside.length > 0) {
      throw ruleException(
        outside.map((index) => {
          const window = input.weekly[index];
          const open = settings.workingHours.filter((w) => w.weekday === window.weekday);
          const hours = open.length > 0 ? open.map((w) => `${w.start}–${w.end}`).join(', ') : 'closed';
          return {
            field: `weekly.${index}`,
            message: `${describe(window)} is outside the clinic’s working hours (${WEEKDAY_NAMES[window.weekday - 1]}: ${hours})`,
          };
        }),
      );
    }

    await this.doctors.ownProfile(me);
    await this.em.transactional(async (em) => {
      // Locking the profile row serialises one doctor's saves: the last one wins whole, none trips the overlap
      // constraint on another's half-replaced windows.
      const profile = await em.findOneOrFail(DoctorProfile, { user: me.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      await em.nativeDelete(WeeklyHours, { doctorId: me.id });
      for (const window of input.weekly) {
        em.create(WeeklyHours, {
          doctorId: me.id,
          weekday: window.weekday,
          startMinute: parseTimeOfDay(window.start) ?? 0,
          endMinute: parseTimeOfDay(window.end) ?? 0,
        });
      }
      profile.slotMinutes = input.slotMinutes;
      profile.autoApprove = input.autoApprove;
      await em.flush();
      await this.summary.recomputeDoctor(me.id);
    });
    this.changed(me.id);
    return this.availability(me);
  }

  /** Stages weekly hours for a doctor whose profile exists, unchecked: start-up data (the demo clinic). */
  addWeeklyHours(doctorId: string, windows: readonly WeeklyWindow[]): void {
    for (const window of windows) {
      this.em.create(WeeklyHours, {
        doctorId,
        weekday: window.weekday,
        startMinute: parseTimeOfDay(window.start) ?? 0,
        endMinute: parseTimeOfDay(window.end) ?? 0,
      });
    }
  }

  /** Current and upcoming time off, soonest first. */
  async listTimeOff(me: AuthUser): Promise<TimeOffDto[]> {
    const rows = await this.em.find(
      TimeOff,
      { doctorId: me.id, endsAt: { $gt: this.clock.now() } },
      { orderBy: { startsAt: 'asc' } },
    );
    return rows.map(toTimeOffDto);
  }

  async addTimeOff(me: AuthUser, input: CreateTimeOffRequest): Promise<TimeOffDto> {
    await this.doctors.ownProfile(me);
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    if (endsAt <= startsAt) throw fieldException(HttpStatus.BAD_REQUEST, 'endsAt', 'must be after startsAt');
    if (endsAt <= this.clock.now()) throw fieldException(HttpStatus.BAD_REQUEST, 'endsAt', 'must be in the future');
    if (endsAt.getTime() - startsAt.getTime() > SCHEDULING_LIMITS.timeOff.maxDays * DAY_MS) {
      throw fieldException(HttpStatus.BAD_REQUEST, 'endsAt', `must be within ${SCHEDULING_LIMITS.timeOff.maxDays} days of startsAt`);
    }
    const timeOff = await this.em.transactional(async (em) => {
      const created = em.create(TimeOff, { doctorId: me.id, startsAt, endsAt, reason: input.reason || null });
      await em.flush();
      await this.summary.recomputeDoctor(me.id);
      return created;
    });
    this.changed(me.id);
    return toTimeOffDto(timeOff);
  }

  async removeTimeOff(me: AuthUser, id: string): Promise<void> {
    // Someone else's time off is answered exactly like a missing one.
    const deleted = await this.em.transactional(async (em) => {
      const count = await em.nativeDelete(TimeOff, { id, doctorId: me.id });
      if (count > 0) await this.summary.recomputeDoctor(me.id);
      return count;
    });
    if (deleted === 0) throw new NotFoundException('No such time off');
    this.changed(me.id);
  }

  /**
   * Each doctor's bookability, weekly hours, slot length and time off. Read on every slot search and
   * changed rarely, so kept briefly in this process: the process that changes them drops its copy at
   * once (invalidate) and, with REDIS_URL, every other instance's copy within milliseconds (SharedCaches);
   * SCHEDULE_TTL_MS bounds the lag when that message is lost. Misses cost one query per table.
   */
  async schedulesOf(doctorIds: readonly string[]): Promise<Map<string, DoctorSchedule>> {
    const schedules = new Map<string, DoctorSchedule>();
    const missing: string[] = [];
    for (const id of doctorIds) {
      const cached = this.scheduleCache.get(id);
      if (cached) schedules.set(id, cached);
      else missing.push(id);
    }
    if (missing.length === 0) return schedules;
    const { profiles, hours, timeOff } = await this.repository.schedules(missing, this.clock.now());
    const loaded = new Map<string, DoctorSchedule>(
      profiles.map((p) => [p.id, { bookable: p.bookable, weekly: [], slotMinutes: p.slot_minutes, autoApprove: p.auto_approve, timeOff: [] }]),
    );
    for (const r of hours) {
      loaded.get(r.doctor_id)?.weekly.push(toWindow({ weekday: r.weekday, startMinute: r.start_minute, endMinute: r.end_minute }));
    }
    for (const r of timeOff) loaded.get(r.doctor_id)?.timeOff.push({ start: r.s, end: r.e });
    for (const [id, schedule] of loaded) {
      this.scheduleCache.set(id, schedule);
      schedules.set(id, schedule);
    }
    return schedules;
  }

  /**
   * The doctor's slot candidates over a span covering [from, to), cut by the slot engine once and cached, or
   * undefined when the span reaches past the cached weeks (the caller runs the engine itself).
   */
  openings(doctorId: string, schedule: DoctorSchedule, rules: ClinicRules, range: { from: number; to: number }, now: number): Openings | undefined {
    const cached = this.openingsCache.get(doctorId);
    if (cached && cached.schedule === schedule && cached.rulesKey === openingsRulesKey(rules) && cached.from <= range.from && cached.to >= range.to) {
      return cached;
    }
    const today = DateTime.fromMillis(now, { zone: luxonZone(rules.timezone) }).startOf('day');
    const from = today.toMillis();
    const to = today.plus({ days: OPENINGS_DAYS }).toMillis();
    if (range.from < from || range.to > to) return undefined;
    const openings = { ...openingsOf(schedule, rules, from, to), schedule };
    this.openingsCache.set(doctorId, openings);
    return openings;
  }

  /** After a change to the clinic's rules: no doctor's openings still hold. */
  invalidateAll(): void {
    this.openingsCache.clear();
  }

  /**
   * Drops every view of a doctor cached here and in the other instances (schedule, public profile, search matches) after
   * a change to their hours, time off or account status, or when the database refused a slot the cache offered.
   */
  invalidate(doctorId: string): void {
    this.scheduleCache.delete(doctorId);
    this.openingsCache.delete(doctorId);
    this.doctors.invalidate(doctorId);
  }

  /** After this doctor's hours or time off changed (and committed): fresh caches here, new times for open pickers. */
  private changed(doctorId: string): void {
    this.invalidate(doctorId);
    this.realtime.slotsChanged(doctorId);
  }
}
