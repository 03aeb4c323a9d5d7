import { HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { DateTime } from 'luxon';
import { computeSlots, firstSlot, SCHEDULING_LIMITS, type Interval, type SlotRules } from '@carebook/shared';
import type { AuthUser } from '../../common/auth-user';
import { Clock } from '../../common/clock';
import { fieldException } from '../../common/exceptions';
import { AppointmentsService } from '../appointments/appointments.service';
import { ClinicService, type ClinicRules } from '../clinic/clinic.service';
import { AvailabilityService, type DoctorSchedule } from '../doctors/availability.service';
import { DoctorsService } from '../doctors/doctors.service';
import type { SlotDto, SlotsQuery } from './dto/scheduling.dto';

const DAY_MS = 86_400_000;
/** "Next available" first looks this far ahead for everyone, then to the horizon for those still without a slot. */
const FIRST_LOOK_DAYS = 7;

const toSlotDto = (slot: Interval): SlotDto => ({
  startsAt: new Date(slot.start).toISOString(),
  endsAt: new Date(slot.end).toISOString(),
});

function mergeBusy(...maps: Map<string, Interval[]>[]): (doctorId: string) => Interval[] {
  return (doctorId) => maps.flatMap((map) => map.get(doctorId) ?? []);
}

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
    const range = this.range(query, rules.settings.timezone);
    if (!(await this.doctors.bookable([doctorId])).has(doctorId)) throw new NotFoundException('No such doctor');
    return this.slotsInRange(doctorId, rules, range);
  }

  /** The signed-in doctor's slots as patients will see them once the doctor is bookable. */
  async mySlots(me: AuthUser, query: SlotsQuery): Promise<SlotDto[]> {
    await this.doctors.ownProfile(me);
    const rules = await this.clinic.rules();
    return this.slotsInRange(me.id, rules, this.range(query, rules.settings.timezone));
  }

  /** The first free slot of each doctor within the booking horizon (absent: none). */
  async nextAvailable(doctorIds: readonly string[], rules: ClinicRules): Promise<Map<string, number>> {
    const now = this.clock.now().getTime();
    const schedules = await this.availability.schedulesOf(doctorIds);
    const result = new Map<string, number>();
    const horizon = DateTime.fromMillis(now, { zone: rules.settings.timezone })
      .plus({ days: rules.settings.bookingHorizonDays })
      .toMillis();

    let pending = doctorIds.filter((id) => (schedules.get(id)?.weekly.length ?? 0) > 0);
    let from = now;
    for (const to of [Math.min(now + FIRST_LOOK_DAYS * DAY_MS, horizon), horizon]) {
      if (pending.length === 0 || to <= from) break;
      const busy = await this.busyBetween(pending, from, to);
      const stillPending: string[] = [];
      for (const id of pending) {
        const slot = firstSlot(this.slotRules(rules, schedules.get(id)), { from, to, now, busy: busy(id) });
        if (slot) result.set(id, slot.start);
        else stillPending.push(id);
      }
      pending = stillPending;
      from = to;
    }
    return result;
  }

  /** Which of these doctors have a free slot on a clinic-local date. */
  async availableOn(doctorIds: readonly string[], date: string, rules: ClinicRules): Promise<Set<string>> {
    const day = DateTime.fromISO(date, { zone: rules.settings.timezone });
    const from = day.startOf('day').toMillis();
    const to = day.plus({ days: 1 }).startOf('day').toMillis();
    const now = this.clock.now().getTime();
    const schedules = await this.availability.schedulesOf(doctorIds);
    const candidates = doctorIds.filter((id) => (schedules.get(id)?.weekly.length ?? 0) > 0);
    const busy = await this.busyBetween(candidates, from, to);
    return new Set(
      candidates.filter((id) => firstSlot(this.slotRules(rules, schedules.get(id)), { from, to, now, busy: busy(id) })),
    );
  }

  effectiveSlotMinutes(schedule: DoctorSchedule | undefined, rules: ClinicRules): number {
    return schedule?.slotMinutes ?? rules.settings.slotMinutes;
  }

  private async slotsInRange(doctorId: string, rules: ClinicRules, range: { from: number; to: number }) {
    const schedule = (await this.availability.schedulesOf([doctorId])).get(doctorId);
    if (!schedule || schedule.weekly.length === 0) return [];
    const busy = await this.busyBetween([doctorId], range.from, range.to);
    const now = this.clock.now().getTime();
    return computeSlots(this.slotRules(rules, schedule), { ...range, now, busy: busy(doctorId) }).map(toSlotDto);
  }

  private async busyBetween(doctorIds: readonly string[], from: number, to: number) {
    const [timeOff, held] = await Promise.all([
      this.availability.timeOffBetween(doctorIds, new Date(from), new Date(to)),
      this.appointments.heldBetween(doctorIds, new Date(from), new Date(to)),
    ]);
    return mergeBusy(timeOff, held);
  }

  private slotRules({ settings, holidays }: ClinicRules, schedule: DoctorSchedule | undefined): SlotRules {
    return {
      timezone: settings.timezone,
      clinicHours: settings.workingHours,
      doctorHours: schedule?.weekly ?? [],
      slotMinutes: schedule?.slotMinutes ?? settings.slotMinutes,
      minNoticeMinutes: settings.minNoticeMinutes,
      bookingHorizonDays: settings.bookingHorizonDays,
      holidays,
    };
  }

  /** Resolves from/to (dates are clinic-local days) and refuses backwards or over-wide ranges. */
  private range(query: SlotsQuery, timezone: string): { from: number; to: number } {
    const parse = (value: string, endOfDay: boolean) => {
      if (value.length === 10) {
        const day = DateTime.fromISO(value, { zone: timezone }).startOf('day');
        return (endOfDay ? day.plus({ days: 1 }) : day).toMillis();
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
