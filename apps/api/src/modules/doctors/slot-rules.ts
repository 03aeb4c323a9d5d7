import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { computeSlots, luxonZone, type Interval, type SlotRules } from '@carebook/shared';
import type { ClinicRules } from '../clinic/clinic.service';
import type { DoctorSchedule } from './availability.service';

/** How the doctors module feeds the slot engine: one doctor's engine rules, and their slots per clinic-local day. */

/** A booking horizon no search reaches: the summary's per-day openings leave notice and horizon to their readers. */
const UNBOUNDED_HORIZON_DAYS = 1_000_000;

/** A clinic-local date and the instants it starts and ends (23 or 25 hours apart on a clock change). */
export interface LocalDay {
  day: string;
  start: number;
  end: number;
}

/** One doctor's slots on one clinic-local day, before notice and horizon: what the availability summary stores. */
export interface DayOpenings extends LocalDay {
  slotMinutes: number;
  /** Slot starts the hours offer outside time off and holidays. */
  candidates: number[];
  /** Those of them no held appointment overlaps. */
  free: number[];
}


export const effectiveSlotMinutes = (schedule: Pick<DoctorSchedule, 'slotMinutes'> | undefined, rules: ClinicRules): number =>
  schedule?.slotMinutes ?? rules.slotMinutes;

/** The engine's rules for one doctor under the clinic's rules. */
export function slotRulesOf(rules: ClinicRules, schedule: Pick<DoctorSchedule, 'weekly' | 'slotMinutes'> | undefined): SlotRules {
  return {
    timezone: rules.timezone,
    clinicHours: rules.workingHours,
    doctorHours: schedule?.weekly ?? [],
    slotMinutes: effectiveSlotMinutes(schedule, rules),
    minNoticeMinutes: rules.minNoticeMinutes,
    bookingHorizonDays: rules.bookingHorizonDays,
    holidays: rules.holidays,
  };
}

/**
 * One doctor's slots per clinic-local day as the engine cuts them, with notice and horizon left out (the
 * availability summary's readers apply them with their own `now`): each day's candidates (doctor and clinic
 * hours, holidays and time off applied) and free slots (held appointments too). Days without candidates are
 * left out; `days` ascending.
 */
export function dayOpenings(
  schedule: Pick<DoctorSchedule, 'weekly' | 'slotMinutes' | 'timeOff'>,
  rules: ClinicRules,
  days: readonly LocalDay[],
  held: readonly Interval[],
): DayOpenings[] {
  if (days.length === 0 || schedule.weekly.length === 0) return [];
  const slotRules: SlotRules = { ...slotRulesOf(rules, schedule), minNoticeMinutes: 0, bookingHorizonDays: UNBOUNDED_HORIZON_DAYS };
  const range = { from: days[0].start, to: days[days.length - 1].end, now: days[0].start };
  const candidates = computeSlots(slotRules, { ...range, busy: schedule.timeOff });
  if (candidates.length === 0) return [];
  const free = computeSlots(slotRules, { ...range, busy: held.length === 0 ? schedule.timeOff : [...schedule.timeOff, ...held] });
  const result: DayOpenings[] = [];
  let c = 0;
  let f = 0;
  for (const day of days) {
    const entry: DayOpenings = { ...day, slotMinutes: slotRules.slotMinutes, candidates: [], free: [] };
    // (the days need not be adjacent: slots in a gap between them belong to none)
    while (c < candidates.length && candidates[c].start < day.start) c++;
    while (f < free.length && free[f].start < day.start) f++;
    while (c < candidates.length && candidates[c].start < day.end) entry.candidates.push(candidates[c++].start);
    while (f < free.length && free[f].start < day.end) entry.free.push(free[f++].start);
    if (entry.candidates.length > 0) result.push(entry);
  }
  return result;
}


const rulesKeys = new WeakMap<ClinicRules, string>();

/** What of the clinic's rules a doctor's slots before notice and horizon depend on, as a short string. */
export function openingsRulesKey(rules: ClinicRules): string {
  let key = rulesKeys.get(rules);
  if (!key) {
    const holidays = rules.holidays.map((h) => `${h.recurring ? 'R' : ''}${h.date}`).sort();
    key = createHash('sha256').update(JSON.stringify([rules.timezone, rules.workingHours, rules.slotMinutes, holidays])).digest('base64url');
    rulesKeys.set(rules, key);
  }
  return key;
}

/** A doctor's slot candidates over a span (hours, clinic hours, holidays and time off applied; not held times, notice or horizon). */
export interface Openings {
  rulesKey: string;
  from: number;
  to: number;
  slotMs: number;
  starts: Float64Array;
}

export function openingsOf(schedule: Pick<DoctorSchedule, 'weekly' | 'slotMinutes' | 'timeOff'>, rules: ClinicRules, from: number, to: number): Openings {
  const slotRules: SlotRules = { ...slotRulesOf(rules, schedule), minNoticeMinutes: 0, bookingHorizonDays: UNBOUNDED_HORIZON_DAYS };
  const slots = schedule.weekly.length === 0 ? [] : computeSlots(slotRules, { from, to, now: from, busy: schedule.timeOff });
  return { rulesKey: openingsRulesKey(rules), from, to, slotMs: slotRules.slotMinutes * 60_000, starts: Float64Array.from(slots, (s) => s.start) };
}

/**
 * The free slots in [from, to) at `now`, from cached openings and fresh held times: exactly what the engine
 * answers with the held times as busy (it only drops candidates: those overlapping busy time, starting before
 * now + notice or at or after the horizon).
 */
export function freeFromOpenings(openings: Openings, rules: ClinicRules, query: { from: number; to: number; now: number }, held: readonly Interval[]): Interval[] {
  const earliest = Math.max(query.from, query.now + rules.minNoticeMinutes * 60_000);
  const horizon = DateTime.fromMillis(query.now, { zone: luxonZone(rules.timezone) }).plus({ days: rules.bookingHorizonDays }).toMillis();
  const latest = Math.min(query.to, horizon);
  const busy = [...held].sort((a, b) => a.start - b.start);
  const result: Interval[] = [];
  const { starts, slotMs } = openings;
  let b = 0;
  // A held time can reach back at most a day (as heldBetween assumes), so keep the furthest end seen so far.
  let reach = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    if (start < earliest) continue;
    if (start >= latest) break;
    const end = start + slotMs;
    while (b < busy.length && busy[b].start < end) reach = Math.max(reach, busy[b++].end);
    if (reach > start) continue;
    result.push({ start, end });
  }
  return result;
}
