import { HttpException, HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { DateTime } from 'luxon';
import { computeSlots, firstSlot, isHoliday, luxonZone, SCHEDULING_LIMITS, type Interval, type SlotRules } from '@carebook/shared';
import type { AuthUser } from '../../common/auth-user';
import { Clock } from '../../common/clock';
import { fieldException, ruleException } from '../../common/exceptions';
import { ClinicService, type ClinicRules } from '../clinic/clinic.service';
import { AvailabilityService, type DoctorSchedule } from './availability.service';
import { DoctorsRepository } from './doctors.repository';
import { DoctorsService } from './doctors.service';
import type { SlotDto, SlotsQuery } from './dto/search.dto';
import { effectiveSlotMinutes, freeFromOpenings, slotRulesOf } from './slot-rules';

const DAY_MS = 86_400_000;
/**
 * "Next available" looks this far ahead for everyone first, then further only for those still without a
 * slot, and finally to the horizon: most doctors are free within days, so most held appointments are never read.
 */
const LOOK_AHEAD_DAYS = [2, 14];
/** The first free slot of each doctor, and (when a day was asked about) who is free that day. */
interface DoctorsAvailability {
  next: Map<string, number>;
  openOnDay?: Set<string>;
}

/** The schedules of some of the doctors. */
function pick(schedules: Map<string, DoctorSchedule>, ids: readonly string[]): Map<string, DoctorSchedule> {
  return new Map(
    ids.flatMap((id) => {
      const schedule = schedules.get(id);
      return schedule ? [[id, schedule] as const] : [];
    }),
  );
}

/** A slot a patient may take now, as the booking rules define it. */
interface OfferedSlot {
  startsAt: Date;
  endsAt: Date;
  /** The doctor confirms bookings at once instead of reviewing them. */
  autoApprove: boolean;
  /** Where the slot falls in the clinic's week (ISO weekday, minutes since local midnight), for the insert's guards. */
  local: { weekday: number; startMinute: number; endMinute: number };
}

/** "90 minutes", "2 hours", "1 day" */
function noticeWords(minutes: number): string {
  if (minutes % 1440 === 0) return minutes === 1440 ? '1 day' : `${minutes / 1440} days`;
  if (minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
  return `${minutes} minutes`;
}

/**
 * Instants as ISO strings, remembered: a 28-day search answers hundreds of slots, and every doctor's slots fall on
 * the same few thousand instants of the clinic's grid (90 days of 15-minute steps is 8,640), so formatting is
 * a lookup (~30 ns) rather than `toISOString` (~400 ns). Emptied when it holds more than that would explain.
 */
const ISO_CACHE_LIMIT = 20_000;
const isoStrings = new Map<number, string>();
const formatter = new Date(0);
const iso = (ms: number) => {
  let text = isoStrings.get(ms);
  if (text === undefined) {
    if (isoStrings.size >= ISO_CACHE_LIMIT) isoStrings.clear();
    formatter.setTime(ms);
    text = formatter.toISOString();
    isoStrings.set(ms, text);
  }
  return text;
};
/** Clinic-local dates as instants (SlotsService.localDay), by zone and date; a few years of dates at most. */
const LOCAL_DAYS_LIMIT = 2_000;
const localDays = new Map<string, { readonly from: number; readonly to: number }>();

const toSlotDto = (slot: Interval): SlotDto => ({ startsAt: iso(slot.start), endsAt: iso(slot.end) });

/**
 * Answers "when can this doctor be booked?" by feeding the slot engine the clinic's rules, the doctor's
 * hours, time off and the appointments that hold slots. All instants are UTC; the engine interprets
 * windows in the clinic's timezone.
 */
@Injectable()
export class SlotsService {
  constructor(
    private readonly clinic: ClinicService,
    private readonly doctors: DoctorsService,
    private readonly availability: AvailabilityService,
    private readonly repository: DoctorsRepository,
    private readonly clock: Clock,
  ) {}

  /** Free slots of a bookable doctor. */
  async slotsOf(doctorId: string, query: SlotsQuery): Promise<SlotDto[]> {
    const rules = await this.clinic.rules();
    const range = this.range(query, rules.timezone);
    const schedule = (await this.availability.schedulesOf([doctorId])).get(doctorId);
    if (!schedule?.bookable) throw new NotFoundException('No such doctor');
    return this.slotsInRange(doctorId, schedule, rules, range);
  }

  /** The signed-in doctor's slots as patients will see them once the doctor is bookable. */
  async mySlots(me: AuthUser, query: SlotsQuery): Promise<SlotDto[]> {
    await this.doctors.ownProfile(me);
    const rules = await this.clinic.rules();
    const range = this.range(query, rules.timezone);
    const schedule = (await this.availability.schedulesOf([me.id])).get(me.id);
    return schedule ? this.slotsInRange(me.id, schedule, rules, range) : [];
  }

  /**
   * The slot starting at this instant if the doctor offers it under the clinic's rules, ignoring other
   * appointments: whether it is still free is the database's exclusion constraints' call at insert time,
   * which no check made beforehand could settle. Otherwise 422 saying which rule it breaks.
   */
  async requireOffered(doctorId: string, startsAt: string): Promise<OfferedSlot> {
    const [rules, schedules] = await Promise.all([this.clinic.rules(), this.availability.schedulesOf([doctorId])]);
    const schedule = schedules.get(doctorId);
    if (!schedule?.bookable) throw ruleException([{ field: 'doctorId', message: 'is not a doctor who takes bookings' }]);
    const start = Date.parse(startsAt);
    const now = this.clock.now().getTime();
    const refuse = (message: string) => ruleException([{ field: 'startsAt', message }]);
    if (start <= now) throw refuse('must be in the future');
    if (start < now + rules.minNoticeMinutes * 60_000) {
      throw refuse(`must be at least ${noticeWords(rules.minNoticeMinutes)} from now`);
    }
    const local = DateTime.fromMillis(start, { zone: luxonZone(rules.timezone) });
    const horizon = DateTime.fromMillis(now, { zone: luxonZone(rules.timezone) }).plus({ days: rules.bookingHorizonDays });
    if (local > horizon) throw refuse(`must be within the next ${rules.bookingHorizonDays} days`);
    if (isHoliday(rules.holidays, local.toISODate() ?? '')) {
      throw refuse('falls on a day the clinic is closed');
    }
    const slotRules = this.slotRules(rules, schedule);
    const slotMs = slotRules.slotMinutes * 60_000;
    if (schedule.timeOff.some((off) => off.start < start + slotMs && off.end > start)) {
      throw refuse('falls in the doctor’s time off');
    }
    const slot = computeSlots(slotRules, { from: start, to: start + slotMs + 3_600_000, now, busy: schedule.timeOff }).find(
      (candidate) => candidate.start === start,
    );
    if (!slot) throw refuse('is not one of the doctor’s slots; pick a time from the list');
    const localEnd = DateTime.fromMillis(slot.end, { zone: luxonZone(rules.timezone) });
    const startMinute = local.hour * 60 + local.minute;
    return {
      startsAt: new Date(slot.start),
      endsAt: new Date(slot.end),
      autoApprove: schedule.autoApprove,
      local: {
        weekday: local.weekday,
        startMinute,
        // A slot ending at midnight ends at minute 1440 of its day.
        endMinute: localEnd.hasSame(local, 'day') ? localEnd.hour * 60 + localEnd.minute : 1440,
      },
    };
  }

  /**
   * The answer when the database refused a slot this process thought was offered: its cached schedule
   * was stale. Drops it and checks again with fresh data, so the 422 names the rule that now applies.
   */
  async staleSlot(doctorId: string, startsAt: string): Promise<HttpException> {
    this.availability.invalidate(doctorId);
    try {
      await this.requireOffered(doctorId, startsAt);
    } catch (error) {
      if (error instanceof HttpException) return error;
      throw error;
    }
    return ruleException([{ field: 'startsAt', message: 'is no longer one of the doctor’s slots; pick another time' }]);
  }

  /**
   * The first free slot of each doctor within the booking horizon (absent: none) and, given a clinic-local
   * date, which of them are free that day. When the day is near, the first read of held appointments is
   * stretched to cover it, so one query answers both questions.
   */
  async availabilityOf(doctorIds: readonly string[], rules: ClinicRules, day?: string): Promise<DoctorsAvailability> {
    const now = this.clock.now().getTime();
    const schedules = await this.availability.schedulesOf(doctorIds);
    const next = new Map<string, number>();
    const horizon = DateTime.fromMillis(now, { zone: luxonZone(rules.timezone) }).plus({ days: rules.bookingHorizonDays }).toMillis();
    const dayRange = day ? this.localDay(day, rules.timezone) : undefined;

    const steps = [...LOOK_AHEAD_DAYS.map((days) => Math.min(now + days * DAY_MS, horizon)), horizon];
    const coversDayAtFirst = dayRange !== undefined && dayRange.to > now && dayRange.to <= steps[1];
    if (coversDayAtFirst) steps[0] = Math.max(steps[0], Math.min(dayRange.to, horizon));

    const candidates = doctorIds.filter((id) => (schedules.get(id)?.weekly.length ?? 0) > 0);
    let openOnDay: Set<string> | undefined;
    let pending = candidates;
    let from = now;
    for (const [step, to] of steps.entries()) {
      if (pending.length === 0 || to <= from) break;
      const busy = await this.busyBetween(pick(schedules, pending), from, to);
      if (step === 0 && coversDayAtFirst) {
        openOnDay = this.freeIn(candidates, schedules, rules, { from: dayRange.from, to: dayRange.to, now }, busy);
      }
      const stillPending: string[] = [];
      for (const id of pending) {
        const slot = firstSlot(this.slotRules(rules, schedules.get(id)), { from, to, now, busy: busy(id) });
        if (slot) next.set(id, slot.start);
        else stillPending.push(id);
      }
      pending = stillPending;
      from = to;
    }
    if (dayRange && !openOnDay) {
      // A day in the past or far ahead: read what is held on it separately.
      const busy = await this.busyBetween(pick(schedules, candidates), dayRange.from, dayRange.to);
      openOnDay = this.freeIn(candidates, schedules, rules, { ...dayRange, now }, busy);
    }
    return { next, openOnDay };
  }

  effectiveSlotMinutes(schedule: Pick<DoctorSchedule, 'slotMinutes'> | undefined, rules: ClinicRules): number {
    return effectiveSlotMinutes(schedule, rules);
  }

  private freeIn(
    ids: readonly string[],
    schedules: Map<string, DoctorSchedule>,
    rules: ClinicRules,
    window: { from: number; to: number; now: number },
    busy: (doctorId: string) => Interval[],
  ): Set<string> {
    return new Set(ids.filter((id) => firstSlot(this.slotRules(rules, schedules.get(id)), { ...window, busy: busy(id) })));
  }

  private async slotsInRange(
    doctorId: string,
    schedule: DoctorSchedule,
    rules: ClinicRules,
    range: { from: number; to: number },
  ): Promise<SlotDto[]> {
    if (schedule.weekly.length === 0) return [];
    const now = this.clock.now().getTime();
    const openings = this.availability.openings(doctorId, schedule, rules, range, now);
    if (openings) {
      // Cached candidates, held appointments read fresh.
      const held = (await this.repository.heldBetween([doctorId], new Date(range.from), new Date(range.to))).map((r) => ({ start: r.s, end: r.e }));
      return freeFromOpenings(openings, rules, { ...range, now }, held).map(toSlotDto);
    }
    const busy = await this.busyBetween(new Map([[doctorId, schedule]]), range.from, range.to);
    return computeSlots(this.slotRules(rules, schedule), { ...range, now, busy: busy(doctorId) }).map(toSlotDto);
  }

  /** Time off (from the schedules) and held appointments (one query) of each doctor, for the engine. */
  private async busyBetween(schedules: Map<string, DoctorSchedule>, from: number, to: number) {
    const held = new Map<string, Interval[]>();
    for (const r of await this.repository.heldBetween([...schedules.keys()], new Date(from), new Date(to))) {
      const list = held.get(r.doctor_id) ?? [];
      list.push({ start: r.s, end: r.e });
      held.set(r.doctor_id, list);
    }
    return (doctorId: string): Interval[] => {
      const timeOff = schedules.get(doctorId)?.timeOff ?? [];
      const appointments = held.get(doctorId) ?? [];
      return timeOff.length === 0 ? appointments : [...timeOff, ...appointments];
    };
  }

  private slotRules(rules: ClinicRules, schedule: Pick<DoctorSchedule, 'weekly' | 'slotMinutes'> | undefined): SlotRules {
    return slotRulesOf(rules, schedule);
  }

  /**
   * A clinic-local date as the instants it starts and ends (23 or 25 hours apart on a clock change). Remembered per
   * zone and date (they never change, and every search asks about the same few dates), since working them out
   * through Luxon costs ~35 µs.
   */
  private localDay(date: string, timezone: string): Readonly<{ from: number; to: number }> {
    const key = `${timezone} ${date}`;
    const known = localDays.get(key);
    if (known) return known;
    const day = DateTime.fromISO(date, { zone: luxonZone(timezone) }).startOf('day');
    const range = { from: day.toMillis(), to: day.plus({ days: 1 }).toMillis() };
    if (Number.isFinite(range.from) && Number.isFinite(range.to)) {
      if (localDays.size >= LOCAL_DAYS_LIMIT) localDays.clear();
      localDays.set(key, range);
    }
    return range;
  }

  /** Resolves from/to (dates are clinic-local days) and refuses backwards or over-wide ranges. */
  private range(query: SlotsQuery, timezone: string): { from: number; to: number } {
    const parse = (value: string, endOfDay: boolean) => {
      if (value.length === 10) {
        const day = this.localDay(value, timezone);
        return endOfDay ? day.to : day.from;
      }
      return DateTime.fromISO(value, { setZone: true }).toMillis();
    };
    const from = query.from ? parse(query.from, false) : this.clock.now().getTime();
    const to = query.to ? parse(query.to, true) : from + 7 * DAY_MS;
    if (!Number.isFinite(from)) throw fieldException(HttpStatus.BAD_REQUEST, 'from', 'is not a real date');
    if (!Number.isFinite(to)) throw fieldException(HttpStatus.BAD_REQUEST, 'to', 'is not a real date');
    if (to <= from) throw fieldException(HttpStatus.BAD_REQUEST, 'to', 'must be after from');
    if (to - from > SCHEDULING_LIMITS.maxSlotRangeDays * DAY_MS + 2 * 3_600_000) {
      // (the slack lets a range of whole local days span a DST change)
      throw fieldException(HttpStatus.BAD_REQUEST, 'to', `must be at most ${SCHEDULING_LIMITS.maxSlotRangeDays} days after from`);
    }
    return { from, to };
  }
}
