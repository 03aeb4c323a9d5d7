import { HttpStatus, Injectable, NotFoundException } from "@nestjs/common";
import { DateTime } from "luxon";
import {
  computeSlots,
  firstSlot,
  SCHEDULING_LIMITS,
  type Interval,
  type SlotRules,
} from "@carebook/shared";
import type { AuthUser } from "../../common/auth-user";
import { Clock } from "../../common/clock";
import { fieldException } from "../../common/exceptions";
import { AppointmentsService } from "../appointments/appointments.service";
import { ClinicService, type ClinicRules } from "../clinic/clinic.service";
import {
  AvailabilityService,
  type DoctorSchedule,
} from "../doctors/availability.service";
import { DoctorsService } from "../doctors/doctors.service";
import type { SlotDto, SlotsQuery } from "./dto/scheduling.dto";

const DAY_MS = 86_400_000;
/**
 * "Next available" looks this far ahead for everyone first, then further only for those still without a
 * slot, and finally to the horizon: most doctors are free within days, so most held appointments are never read.
 */
const LOOK_AHEAD_DAYS = [2, 14];

/** The schedules of some of the doctors. */
function pick(
  schedules: Map<string, DoctorSchedule>,
  ids: readonly string[],
): Map<string, DoctorSchedule> {
  return new Map(
    ids.flatMap((id) => {
      const schedule = schedules.get(id);
      return schedule ? [[id, schedule] as const] : [];
    }),
  );
}

/** One Date reused for formatting: a 28-day search answers hundreds of slots. */
const formatter = new Date(0);
const iso = (ms: number) => {
  formatter.setTime(ms);
  return formatter.toISOString();
};
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
    private readonly appointments: AppointmentsService,
    private readonly clock: Clock,
  ) {}

  /** Free slots of a bookable doctor. */
  async slotsOf(doctorId: string, query: SlotsQuery): Promise<SlotDto[]> {
    const rules = await this.clinic.rules();
    const range = this.range(query, rules.timezone);
    const schedule = (await this.availability.schedulesOf([doctorId])).get(
      doctorId,
    );
    if (!schedule?.bookable) throw new NotFoundException("No such doctor");
    return this.slotsInRange(doctorId, schedule, rules, range);
  }

  /** The signed-in doctor's slots as patients will see them once the doctor is bookable. */
  async mySlots(me: AuthUser, query: SlotsQuery): Promise<SlotDto[]> {
    await this.doctors.ownProfile(me);
    const rules = await this.clinic.rules();
    const schedule = (await this.availability.schedulesOf([me.id])).get(me.id);
    return schedule
      ? this.slotsInRange(
          me.id,
          schedule,
          rules,
          this.range(query, rules.timezone),
        )
      : [];
  }

  /** The first free slot of each doctor within the booking horizon (absent: none). */
  async nextAvailable(
    doctorIds: readonly string[],
    rules: ClinicRules,
  ): Promise<Map<string, number>> {
    const now = this.clock.now().getTime();
    const schedules = await this.availability.schedulesOf(doctorIds);
    const result = new Map<string, number>();
    const horizon = DateTime.fromMillis(now, { zone: rules.timezone })
      .plus({ days: rules.bookingHorizonDays })
      .toMillis();

    let pending = doctorIds.filter(
      (id) => (schedules.get(id)?.weekly.length ?? 0) > 0,
    );
    let from = now;
    for (const to of [
      ...LOOK_AHEAD_DAYS.map((days) => Math.min(now + days * DAY_MS, horizon)),
      horizon,
    ]) {
      if (pending.length === 0 || to <= from) break;
      const busy = await this.busyBetween(pick(schedules, pending), from, to);
      const stillPending: string[] = [];
      for (const id of pending) {
        const slot = firstSlot(this.slotRules(rules, schedules.get(id)), {
          from,
          to,
          now,
          busy: busy(id),
        });
        if (slot) result.set(id, slot.start);
        else stillPending.push(id);
      }
      pending = stillPending;
      from = to;
    }
    return result;
  }

  /** Which of these doctors have a free slot on a clinic-local date. */
  async availableOn(
    doctorIds: readonly string[],
    date: string,
    rules: ClinicRules,
  ): Promise<Set<string>> {
    const day = DateTime.fromISO(date, { zone: rules.timezone });
    const from = day.startOf("day").toMillis();
    const to = day.plus({ days: 1 }).startOf("day").toMillis();
    const now = this.clock.now().getTime();
    const schedules = await this.availability.schedulesOf(doctorIds);
    const candidates = doctorIds.filter(
      (id) => (schedules.get(id)?.weekly.length ?? 0) > 0,
    );
    const busy = await this.busyBetween(pick(schedules, candidates), from, to);
    return new Set(
      candidates.filter((id) =>
        firstSlot(this.slotRules(rules, schedules.get(id)), {
          from,
          to,
          now,
          busy: busy(id),
        }),
      ),
    );
  }

  effectiveSlotMinutes(
    schedule: DoctorSchedule | undefined,
    rules: ClinicRules,
  ): number {
    return schedule?.slotMinutes ?? rules.slotMinutes;
  }

  private async slotsInRange(
    doctorId: string,
    schedule: DoctorSchedule,
    rules: ClinicRules,
    range: { from: number; to: number },
  ): Promise<SlotDto[]> {
    if (schedule.weekly.length === 0) return [];
    const busy = await this.busyBetween(
      new Map([[doctorId, schedule]]),
      range.from,
      range.to,
    );
    const now = this.clock.now().getTime();
    return computeSlots(this.slotRules(rules, schedule), {
      ...range,
      now,
      busy: busy(doctorId),
    }).map(toSlotDto);
  }

  /** Time off (from the schedules) and held appointments (one query) of each doctor, for the engine. */
  private async busyBetween(
    schedules: Map<string, DoctorSchedule>,
    from: number,
    to: number,
  ) {
    const held = await this.appointments.heldBetween(
      [...schedules.keys()],
      new Date(from),
      new Date(to),
    );
    return (doctorId: string): Interval[] => {
      const timeOff = schedules.get(doctorId)?.timeOff ?? [];
      const appointments = held.get(doctorId) ?? [];
      return timeOff.length === 0
        ? appointments
        : [...timeOff, ...appointments];
    };
  }

  private slotRules(
    rules: ClinicRules,
    schedule: DoctorSchedule | undefined,
  ): SlotRules {
    return {
      timezone: rules.timezone,
      clinicHours: rules.workingHours,
      doctorHours: schedule?.weekly ?? [],
      slotMinutes: schedule?.slotMinutes ?? rules.slotMinutes,
      minNoticeMinutes: rules.minNoticeMinutes,
      bookingHorizonDays: rules.bookingHorizonDays,
      holidays: rules.holidays,
    };
  }

  /** Resolves from/to (dates are clinic-local days) and refuses backwards or over-wide ranges. */
  private range(
    query: SlotsQuery,
    timezone: string,
  ): { from: number; to: number } {
    const parse = (value: string, endOfDay: boolean) => {
      if (value.length === 10) {
        const day = DateTime.fromISO(value, { zone: timezone }).startOf("day");
        return (endOfDay ? day.plus({ days: 1 }) : day).toMillis();
      }
      return DateTime.fromISO(value, { setZone: true }).toMillis();
    };
    const from = query.from
      ? parse(query.from, false)
      : this.clock.now().getTime();
    const to = query.to ? parse(query.to, true) : from + 7 * DAY_MS;
    if (!Number.isFinite(from))
      throw fieldException(
        HttpStatus.BAD_REQUEST,
        "from",
        "is not a real date",
      );
    if (!Number.isFinite(to))
      throw fieldException(HttpStatus.BAD_REQUEST, "to", "is not a real date");
    if (to <= from)
      throw fieldException(HttpStatus.BAD_REQUEST, "to", "must be after from");
    if (
      to - from >
      SCHEDULING_LIMITS.maxSlotRangeDays * DAY_MS + 2 * 3_600_000
    ) {
      // (the slack lets a range of whole local days span a DST change)
      throw fieldException(
        HttpStatus.BAD_REQUEST,
        "to",
        `must be at most ${SCHEDULING_LIMITS.maxSlotRangeDays} days after from`,
      );
    }
    return { from, to };
  }
}
