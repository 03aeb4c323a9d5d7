import { HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  formatTimeOfDay,
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
import { ClinicService } from '../clinic/clinic.service';
import { DoctorProfile } from './doctor-profile.entity';
import { DoctorsService } from './doctors.service';
import type { AvailabilityDto, CreateTimeOffRequest, TimeOffDto, UpdateAvailabilityRequest } from './dto/doctor.dto';
import { TimeOff } from './time-off.entity';
import { WeeklyHours } from './weekly-hours.entity';

const DAY_MS = 86_400_000;

/** A doctor's weekly windows and own slot length, as the slot engine reads them. */
export interface DoctorSchedule {
  weekly: WeeklyWindow[];
  slotMinutes: number | null;
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
    private readonly doctors: DoctorsService,
    private readonly clinic: ClinicService,
    private readonly clock: Clock,
  ) {}

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
      const profile = await em.findOneOrFail(DoctorProfile, { user: me.id });
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
    });
    return this.availability(me);
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
    const timeOff = this.em.create(TimeOff, { doctorId: me.id, startsAt, endsAt, reason: input.reason || null });
    await this.em.flush();
    return toTimeOffDto(timeOff);
  }

  async removeTimeOff(me: AuthUser, id: string): Promise<void> {
    // Someone else's time off is answered exactly like a missing one.
    const deleted = await this.em.nativeDelete(TimeOff, { id, doctorId: me.id });
    if (deleted === 0) throw new NotFoundException('No such time off');
  }

  /** Weekly hours and slot length of each doctor (one query per table). */
  async schedulesOf(doctorIds: readonly string[]): Promise<Map<string, DoctorSchedule>> {
    const schedules = new Map<string, DoctorSchedule>();
    if (doctorIds.length === 0) return schedules;
    const ids = `{${doctorIds.join(',')}}`;
    const conn = this.em.getConnection();
    const [profiles, rows] = await Promise.all([
      conn.execute<{ id: string; slot_minutes: number | null }[]>(
        `select user_id as id, slot_minutes from doctor_profiles where user_id = any(?::uuid[])`,
        [ids],
      ),
      conn.execute<{ doctor_id: string; weekday: number; start_minute: number; end_minute: number }[]>(
        `select doctor_id, weekday, start_minute, end_minute from doctor_weekly_hours where doctor_id = any(?::uuid[])`,
        [ids],
      ),
    ]);
    for (const p of profiles) schedules.set(p.id, { weekly: [], slotMinutes: p.slot_minutes });
    for (const r of rows) {
      schedules.get(r.doctor_id)?.weekly.push(toWindow({ weekday: r.weekday, startMinute: r.start_minute, endMinute: r.end_minute }));
    }
    return schedules;
  }

  /** Time off of each doctor overlapping [from, to), as instants. */
  async timeOffBetween(doctorIds: readonly string[], from: Date, to: Date): Promise<Map<string, Interval[]>> {
    const result = new Map<string, Interval[]>();
    if (doctorIds.length === 0) return result;
    const rows = await this.em.getConnection().execute<{ doctor_id: string; starts_at: Date; ends_at: Date }[]>(
      `select doctor_id, starts_at, ends_at from doctor_time_off
       where doctor_id = any(?::uuid[]) and ends_at > ? and starts_at < ?`,
      [`{${doctorIds.join(',')}}`, from, to],
    );
    for (const r of rows) {
      const list = result.get(r.doctor_id) ?? [];
      list.push({ start: new Date(r.starts_at).getTime(), end: new Date(r.ends_at).getTime() });
      result.set(r.doctor_id, list);
    }
    return result;
  }
}
