import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import { formatTimeOfDay, luxonZone, type Interval, type WeeklyWindow } from '@carebook/shared';
import { Clock } from '../../common/clock';
import { ClinicService, type ClinicRules } from '../clinic/clinic.service';
import { DoctorsRepository, type DoctorFilter, type SummaryState } from './doctors.repository';
import type { DoctorSort } from '@carebook/shared';
import { dayOpenings, openingsRulesKey, type LocalDay } from './slot-rules';

/** Doctors computed per round trip when every doctor's days are recomputed. */
const BATCH = 500;
/** Summary rows written per statement. */
const INSERT_ROWS = 4_000;
const MINUTE_MS = 60_000;

/** The instants a search applies to the summary: slots start at or after `earliest` and before `horizon`. */
export interface BookingWindow {
  earliest: Date;
  horizon: Date;
  /** The clinic's time zone, in which days are days. */
  timezone: string;
}

/**
 * The availability summary (doctor_day_availability, doctor_next_free): per doctor and clinic-local day, the
 * slots the slot engine cuts from their hours (candidates) and those no appointment holds (free), so search
 * answers "free on this day" and "next available" from indexes instead of running the engine per doctor.
 *
 * Kept current by every change, each in its own transaction or in one that no reader sees half-done:
 * - appointments (booking, cancellation, rescheduling, expiry, any row written): the appointments module's
 *   triggers call `refresh_doctor_days` in the changing statement's transaction;
 * - a doctor's weekly hours, slot length or time off: `recomputeDoctor` in the change's transaction;
 * - the clinic's rules (hours, slot length, time zone, holidays, notice, horizon) and the passing days:
 *   `ensureCurrent` recomputes every doctor's days in one transaction when the rules differ from those the
 *   summary was built under, or adds the days the horizon has reached. ClinicService calls it after each
 *   change, the cron every minute, and a search first whenever this process has not seen it cover its rules.
 * Notice and horizon depend on `now`, so they are applied by the readers, not stored.
 */
@Injectable()
export class AvailabilitySummaryService {
  private readonly logger = new Logger(AvailabilitySummaryService.name);
  /** What this process last saw the summary cover. */
  private known: SummaryState | undefined;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(
    private readonly em: EntityManager,
    private readonly repository: DoctorsRepository,
    private readonly clinic: ClinicService,
    private readonly clock: Clock,
  ) {
    clinic.onRulesChanged(() => this.ensureCurrent());
  }

  /** The window searches apply under these rules now, once the summary covers it. */
  async window(rules: ClinicRules): Promise<BookingWindow> {
    const now = this.clock.now().getTime();
    const need = neededDays(rules, now);
    const known = this.known;
    if (!known || !covers(known, this.keyOf(rules), need, rules.minNoticeMinutes)) await this.ensureCurrent();
    return {
      earliest: new Date(now + rules.minNoticeMinutes * MINUTE_MS),
      horizon: DateTime.fromMillis(now, { zone: luxonZone(rules.timezone) }).plus({ days: rules.bookingHorizonDays }).toJSDate(),
      timezone: rules.timezone,
    };
  }

  /** Each doctor's first free slot in the window (absent: none). */
  nextFree(doctorIds: readonly string[], window: BookingWindow): Promise<Map<string, number>> {
    return this.repository.nextFreeOf(doctorIds, window.earliest, window.horizon);
  }

  /** One page of bookable doctors matching the filter (with `day`: free that clinic-local day), with their next free slot. */
  search(
    filter: DoctorFilter,
    options: { sort: DoctorSort; day?: string; window: BookingWindow; page: { offset: number; limit: number } },
  ): Promise<{ ids: string[]; next: Map<string, number>; total: number }> {
    const day = options.day ? DateTime.fromISO(options.day, { zone: luxonZone(options.window.timezone) }).startOf('day') : undefined;
    return this.repository.searchByAvailability(filter, {
      sort: options.sort,
      day: options.day,
      dayInWindow: day !== undefined && day.toMillis() >= options.window.earliest.getTime() && day.plus({ days: 1 }).toMillis() <= options.window.horizon.getTime(),
      earliest: options.window.earliest,
      horizon: options.window.horizon,
      page: options.page,
    });
  }

  /**
   * Recomputes one doctor's days from their hours, slot length and time off as this transaction sees them;
   * call inside the transaction that changed them, after flushing. Serialised with that doctor's bookings.
   */
  async recomputeDoctor(doctorId: string): Promise<void> {
    await this.repository.lockSummary({ doctorId });
    const state = await this.repository.summaryState();
    if (!state) return; // nothing built yet: the first ensureCurrent computes everyone
    const rules = await this.clinic.rules({ fresh: true });
    await this.repository.deleteSummaryDays({ doctorIds: [doctorId] });
    await this.computeFor([doctorId], rules, daysBetween(state.first_day, state.last_day, rules.timezone));
    await this.repository.saveNextFree(this.earliest(state.min_notice_minutes), [doctorId]);
  }

  /**
   * Makes the summary cover the days the clinic's current rules need (today to the horizon) under those rules:
   * every doctor's days again when the rules changed, otherwise only the days missing. One run at a time in this
   * process (a call while one runs waits for the next, which sees every change made before it).
   */
  ensureCurrent(): Promise<void> {
    if (this.queued) return this.queued;
    const previous = this.running ?? Promise.resolve();
    const run: Promise<void> = previous
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        this.running = run;
        return this.bringCurrent();
      })
      .finally(() => {
        if (this.running === run) this.running = undefined;
      });
    this.queued = run;
    return run;
  }

  /**
   * The cron's round: the days the horizon reached, the free-day counts folded, and next-free rows the passing time
   * has overtaken.
   */
  async maintain(): Promise<number> {
    await this.ensureCurrent();
    await this.repository.compactFreeDayCounts();
    const rules = await this.clinic.rules();
    let refreshed = 0;
    for (;;) {
      const done = await this.em.transactional(() =>
        this.repository.refreshOvertakenNextFree(this.earliest(rules.minNoticeMinutes), 2_000),
      );
      refreshed += done;
      if (done < 2_000) return refreshed;
    }
  }

  private async bringCurrent(): Promise<void> {
    const now = this.clock.now().getTime();
    const rules = await this.clinic.rules({ fresh: true });
    const key = this.keyOf(rules);
    const need = neededDays(rules, now);
    const current = await this.repository.summaryState();
    if (current && covers(current, key, need, rules.minNoticeMinutes)) {
      this.known = current;
      return;
    }
    const started = Date.now();
    let recomputedAll = false;
    this.known = await this.em.transactional(async () => {
      await this.repository.lockSummary({ all: true });
      const locked = await this.repository.summaryState();
      if (locked && covers(locked, key, need, rules.minNoticeMinutes)) return locked;
      const sameRules = locked?.rules_key === key;
      const next: SummaryState = {
        rules_key: key,
        first_day: need.first,
        last_day: sameRules && locked.last_day > need.last ? locked.last_day : need.last,
        min_notice_minutes: rules.minNoticeMinutes,
      };
      const days = daysBetween(next.first_day, next.last_day, rules.timezone);
      if (!sameRules) {
        recomputedAll = true;
        await this.repository.deleteSummaryDays({});
        await this.computeDays(rules, days);
      } else {
        await this.repository.deleteSummaryDays({ firstDay: next.first_day, lastDay: next.last_day, outside: true });
        await this.computeDays(rules, days.filter((d) => d.day < locked.first_day || d.day > locked.last_day));
      }
      await this.repository.saveSummaryState(next);
      await this.repository.saveNextFree(this.earliest(rules.minNoticeMinutes));
      // Rows loaded with triggers off (the benchmarks' bulk data) get their copies of names and status here.
      await this.repository.resyncDirectory();
      return next;
    });
    const seconds = (Date.now() - started) / 1000;
    if (recomputedAll || seconds > 1) {
      this.logger.log(`Availability summary ${recomputedAll ? 'recomputed' : 'extended'} for ${need.first}…${this.known.last_day} in ${seconds.toFixed(1)} s`);
    }
  }

  /** Every doctor with hours, on these days (inside the caller's transaction). */
  private async computeDays(rules: ClinicRules, days: LocalDay[]): Promise<void> {
    if (days.length === 0) return;
    let after: string | null = null;
    for (;;) {
      const ids = await this.repository.doctorsWithHours(after, BATCH);
      if (ids.length === 0) return;
      await this.computeFor(ids, rules, days);
      after = ids[ids.length - 1];
    }
  }

  private async computeFor(doctorIds: string[], rules: ClinicRules, days: LocalDay[]): Promise<void> {
    if (days.length === 0) return;
    const from = new Date(days[0].start);
    const to = new Date(days[days.length - 1].end);
    const [{ profiles, hours, timeOff }, held] = [
      await this.repository.schedulesInTx(doctorIds, from),
      await this.repository.heldInTx(doctorIds, from, to),
    ];
    const schedules = new Map(
      profiles.map((p) => [p.id, { weekly: [] as WeeklyWindow[], slotMinutes: p.slot_minutes, timeOff: [] as Interval[] }]),
    );
    for (const r of hours) {
      schedules.get(r.doctor_id)?.weekly.push({ weekday: r.weekday, start: formatTimeOfDay(r.start_minute), end: formatTimeOfDay(r.end_minute) });
    }
    for (const r of timeOff) schedules.get(r.doctor_id)?.timeOff.push({ start: r.s, end: r.e });
    const heldBy = new Map<string, Interval[]>();
    for (const r of held) {
      const list = heldBy.get(r.doctor_id) ?? [];
      list.push({ start: r.s, end: r.e });
      heldBy.set(r.doctor_id, list);
    }
    let rows = [];
    for (const [doctorId, schedule] of schedules) {
      for (const day of dayOpenings(schedule, rules, days, heldBy.get(doctorId) ?? [])) rows.push({ doctorId, ...day });
      if (rows.length >= INSERT_ROWS) {
        await this.repository.insertSummaryDays(rows);
        rows = [];
      }
    }
    await this.repository.insertSummaryDays(rows);
  }

  private earliest(noticeMinutes: number): Date {
    return new Date(this.clock.now().getTime() + noticeMinutes * MINUTE_MS);
  }

  /** What of the rules the stored days depend on (notice and horizon only decide which slots readers take). */
  private keyOf(rules: ClinicRules): string {
    return openingsRulesKey(rules);
  }
}

/** Today and the horizon's date, clinic-local. */
function neededDays(rules: ClinicRules, now: number): { first: string; last: string } {
  const local = DateTime.fromMillis(now, { zone: luxonZone(rules.timezone) });
  return { first: local.toISODate() ?? '', last: local.plus({ days: rules.bookingHorizonDays }).toISODate() ?? '' };
}

function covers(state: SummaryState, key: string, need: { first: string; last: string }, notice: number): boolean {
  return state.rules_key === key && state.first_day <= need.first && state.last_day >= need.last && state.min_notice_minutes === notice;
}

/** Clinic-local dates first…last with the instants each starts and ends. */
function daysBetween(first: string, last: string, timezone: string): LocalDay[] {
  const days: LocalDay[] = [];
  for (let day = DateTime.fromISO(first, { zone: luxonZone(timezone) }).startOf('day'); ; ) {
    const date = day.toISODate() ?? '';
    if (date > last || date === '') return days;
    const next = day.plus({ days: 1 });
    days.push({ day: date, start: day.toMillis(), end: next.toMillis() });
    day = next;
  }
}
