import { Injectable } from '@nestjs/common';
import { raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { ConsultationType, DoctorSort } from '@carebook/shared';
import { escapeLike, uuidArray } from '../../common/sql';
import { executeNamedOnPool, PreparedStatement } from '../../database/bound-statement';

/**
 * The doctors module's SQL. It names only this module's tables (specialties, doctor_profiles,
 * doctor_weekly_hours, doctor_time_off, and the availability summary's doctor_availability_state,
 * doctor_day_availability and doctor_next_free) and other modules' published views: accounts through
 * `user_accounts` (users module), held times through `slot_holds` and completed visits through
 * `doctor_completed_visits` (appointments module).
 */

export interface DoctorRow {
  id: string;
  full_name: string;
  specialty: string;
  experience_years: number | null;
  location: string | null;
  photo_url: string | null;
  bio: string | null;
  languages: string[];
  consultation_types: ConsultationType[];
  contact_phone: string | null;
  contact_email: string | null;
}

export interface DoctorFilter {
  q?: string;
  specialty?: string;
  location?: string;
  language?: string;
  consultationType?: ConsultationType;
}

interface ScheduleRows {
  profiles: { id: string; slot_minutes: number | null; auto_approve: boolean; bookable: boolean }[];
  hours: { doctor_id: string; weekday: number; start_minute: number; end_minute: number }[];
  /** Epoch milliseconds. */
  timeOff: { doctor_id: string; s: number; e: number }[];
}

const DOCTOR_COLUMNS = `u.id, u.full_name, s.name as specialty, d.experience_years, d.location, d.photo_url, d.bio,
  d.languages, d.consultation_types, d.contact_phone, d.contact_email`;
/** Approved and active: patients may find and book them. */
const BOOKABLE = `u.role = 'doctor' and u.status = 'active'`;
const DOCTORS_FROM = `user_accounts u join doctor_profiles d on d.user_id = u.id join specialties s on s.id = d.specialty_id`;
/** Bookable and with weekly hours: someone patients can actually get a time with. */
const HAS_HOURS = `exists (select 1 from doctor_weekly_hours w where w.doctor_id = u.id)`;

// The reads behind every profile page and slot list, prepared: with literal values PostgreSQL planned each one on
// every call, and at 10,000 doctors and 1,000,000 appointments planning took 0.18–0.32 ms of CPU per statement
// against 0.03–0.1 ms of running it. A prepared statement is planned once per connection only when its generic
// plan (parameters unknown) costs no more than the plans made for the values given. `= any($1)` of a uuid[]
// parameter is costed for ten ids, against the one a profile page asks for, so PostgreSQL kept planning per call:
// reads of one doctor have a `= $1` statement of their own, whose generic plan is the one-row plan. The generic
// plans use the same indexes as the planned ones (prepared-statement.int-spec.ts plans them on empty tables).

/** The same read of one doctor (`$1`: the id) and of several (`$1`: a uuid[] literal), further values after it. */
export interface ByDoctor {
  one: PreparedStatement;
  many: PreparedStatement;
}

function byDoctor(text: (doctor: (column: string) => string) => string): ByDoctor {
  return {
    one: new PreparedStatement(text((column) => `${column} = $1::uuid`)),
    many: new PreparedStatement(text((column) => `${column} = any($1::uuid[])`)),
  };
}

function runByDoctor<T>(em: EntityManager, statement: ByDoctor, ids: readonly string[], values: readonly unknown[] = []): Promise<T[]> {
  return ids.length === 1
    ? statement.one.executeOnPool<T>(em, [ids[0], ...values])
    : statement.many.executeOnPool<T>(em, [uuidArray(ids), ...values]);
}

/** Public facts of bookable doctors. */
export const BOOKABLE_DOCTORS = byDoctor((doctor) => `select ${DOCTOR_COLUMNS} from ${DOCTORS_FROM} where ${BOOKABLE} and ${doctor('u.id')}`);

/** Slot settings, weekly hours and time off ending after $2, each list as JSON. */
export const SCHEDULES = byDoctor(
  (doctor) => `select
   (select coalesce(json_agg(x), '[]') from (
      select d.user_id as id, d.slot_minutes, d.auto_approve,
        -- the account by its key for each profile: a join planned on empty tables hashed all of users
        coalesce((select ${BOOKABLE} from user_accounts u where u.id = d.user_id), false) as bookable
      from doctor_profiles d where ${doctor('d.user_id')}) x) as profiles,
   (select coalesce(json_agg(x), '[]') from (
      select doctor_id, weekday, start_minute, end_minute from doctor_weekly_hours where ${doctor('doctor_id')}) x) as hours,
   (select coalesce(json_agg(x), '[]') from (
      select doctor_id, extract(epoch from starts_at)::float8 * 1000 as s, extract(epoch from ends_at)::float8 * 1000 as e
      from doctor_time_off where ${doctor('doctor_id')} and ends_at > $2::timestamptz) x) as time_off`,
);

/**
 * Held times between $2 and $3 of the doctors in $1 (a uuid[] literal: the slot lists' reads are batched across
 * requests). Passed as text and cast, the ids are an expression the generic plan does not cost as ten, and
 * PostgreSQL keeps that plan.
 */
export const HELD_BETWEEN = new PreparedStatement(`select doctor_id, extract(epoch from starts_at)::float8 * 1000 as s, extract(epoch from ends_at)::float8 * 1000 as e
   from slot_holds
   where doctor_id = any($1::text::uuid[]) and starts_at < $3::timestamptz and starts_at > $2::timestamptz - interval '1 day'
     and ends_at > $2::timestamptz`);

/** The advisory lock class of the availability summary (as in refresh_doctor_days): object 0 the whole of it. */
const SUMMARY_LOCK = 1667391862;

/** What the availability summary covers: every doctor's days first_day…last_day, under these rules. */
export interface SummaryState {
  rules_key: string;
  first_day: string;
  last_day: string;
  min_notice_minutes: number;
}

/** One doctor's clinic-local day for the summary; instants in epoch milliseconds. */
export interface SummaryDayRow {
  doctorId: string;
  day: string;
  start: number;
  end: number;
  slotMinutes: number;
  candidates: number[];
  free: number[];
}

/** Epoch-millisecond lists as one PostgreSQL text[] of int8[] literals in seconds: `{"{1,2}","{}"}`. */
const secondsLists = (lists: readonly number[][]) => `{${lists.map((l) => `"{${l.map((ms) => Math.round(ms / 1000)).join(',')}}"`).join(',')}}`;
const seconds = (list: readonly number[]) => `{${list.map((ms) => Math.round(ms / 1000)).join(',')}}`;

/** A profile `p`'s summary days with a free slot, as doctor_next_free.free_days holds them. */
const FREE_DAYS = `array(select a.day from doctor_day_availability a where a.doctor_id = p.user_id and a.first_free is not null order by a.day)`;

/** Free at some slot of clinic-local :day that starts in [:earliest, :horizon) (only today's row needs its slots read). */
const freeOnDay = (doctorId: string) => `exists (select 1 from doctor_day_availability a where a.doctor_id = ${doctorId} and a.day = :day::date
  and a.first_free < :horizon and a.last_free >= :earliest
  and (a.first_free >= :earliest or exists (select 1 from unnest(a.free_starts) x where x >= :earliest and x < :horizon)))`;

/**
 * Bookable doctors of a specialty (or all of them), and with `day` only those free that day, as
 * doctor_next_free's rows `n` (every profile has one), using its copies of the account's name and bookability and
 * of the specialty (kept by triggers), so that a page in next-free order walks doctor_next_free_order_idx, or with
 * a specialty doctor_next_free_specialty_idx. Filters on other tables (text, location, language, consultation
 * type) take searchByAvailability's single query instead.
 */
function directoryMatches(
  specialty: string | undefined,
  day: { day: string; inWindow: boolean } | undefined,
): { from: string; where: string[]; params: Record<string, unknown>; total?: string } {
  const where = ['n.bookable'];
  const params: Record<string, unknown> = {};
  // Specialty names are unique ignoring case: at most one id, compared with the index's leading column.
  const specialtyId = `(select id from specialties where lower(name) = lower(:specialty))`;
  if (specialty) {
    where.push(`n.specialty_id = ${specialtyId}`);
    params['specialty'] = specialty;
  }
  if (day) {
    // A day wholly inside the window: any free slot of it counts, and the row's own list of free days says so.
    where.push(day.inWindow ? ':day::date = any(n.free_days)' : freeOnDay('n.doctor_id'));
    params['day'] = day.day;
  }
  // Then the total is kept per (specialty, day) beside those lists (doctor_free_day_counts), instead of a scan.
  const total = day?.inWindow
    ? `select coalesce(sum(c.doctors), 0)::int as total from doctor_free_day_counts c
       where c.day = :day::date${specialty ? ` and c.specialty_id = ${specialtyId}` : ''}`
    : undefined;
  return { from: 'doctor_next_free n', where, params, total };
}

/** The first free slot a summary row offers at or after :earliest, checked against its doctor_next_free row. */
const NEXT_FREE = `case when n.computed_for <= :earliest and (n.next_free is null or n.next_free >= :earliest) then n.next_free
  when n.doctor_id is not null then doctor_first_free(n.doctor_id, :earliest) end`;

/** The conditions (and their parameters) of a doctor filter, bookable doctors only. */
function filterConditions(filter: DoctorFilter): { where: string[]; params: Record<string, unknown> } {
  const where = [BOOKABLE];
  const params: Record<string, unknown> = {};
  if (filter.q) {
    where.push(`(u.full_name ilike :q or s.name ilike :q)`);
    params['q'] = `%${escapeLike(filter.q)}%`;
  }
  if (filter.specialty) {
    where.push(`lower(s.name) = lower(:specialty)`);
    params['specialty'] = filter.specialty;
  }
  if (filter.location) {
    where.push(`d.location ilike :location`);
    params['location'] = `%${escapeLike(filter.location)}%`;
  }
  if (filter.language) {
    where.push(`exists (select 1 from unnest(d.languages) l where lower(l) = lower(:language))`);
    params['language'] = filter.language;
  }
  if (filter.consultationType) {
    where.push(`:consultationType = any(d.consultation_types)`);
    params['consultationType'] = filter.consultationType;
  }
  return { where, params };
}

@Injectable()
export class DoctorsRepository {
  constructor(private readonly em: EntityManager) {}

  private run<T extends object[]>(sql: string, params: Record<string, unknown> = {}): Promise<T> {
    return this.em.getConnection().execute<T>(raw(sql, params));
  }

  /**
   * A search's read, prepared (see executeNamedOnPool): at 10,000 doctors PostgreSQL spent 0.24–0.7 ms planning
   * each search statement against 0.05–0.75 ms running it.
   */
  private search$<T extends object[]>(sql: string, params: Record<string, unknown>): Promise<T> {
    return executeNamedOnPool<T[number]>(this.em, sql, params) as Promise<T>;
  }

  /**
   * Every specialty with its number of doctors patients can book: approved, active and with weekly hours (a
   * specialty without any is still listed, for doctors choosing theirs).
   */
  specialtiesWithCounts(): Promise<{ id: string; name: string; doctor_count: number }[]> {
    return this.run(
      `select s.id, s.name, count(u.id)::int as doctor_count from specialties s
       left join doctor_profiles d on d.specialty_id = s.id
       left join user_accounts u on u.id = d.user_id and ${BOOKABLE} and ${HAS_HOURS}
       group by s.id, s.name order by s.name`,
    );
  }

  /**
   * The bookable doctors with weekly hours, most completed visits first, then soonest free slot in
   * [earliest, horizon) (none last), then name: at most `limit`, each with its count and next free slot.
   */
  topDoctors(earliest: Date, horizon: Date, limit: number): Promise<{ id: string; completed: number; at: number | null }[]> {
    return this.run(
      `with m as (
         select u.id, u.full_name, coalesce(c.completed, 0) as completed, ${NEXT_FREE} as raw_next
         from ${DOCTORS_FROM}
         left join doctor_completed_visits c on c.doctor_id = u.id
         left join doctor_next_free n on n.doctor_id = u.id
         where ${BOOKABLE} and ${HAS_HOURS}
       ), o as (select id, full_name, completed, case when raw_next < :horizon then raw_next end as next_at from m)
       select id, completed, extract(epoch from next_at)::float8 * 1000 as at from o
       order by completed desc, next_at nulls last, full_name, id limit :limit`,
      { earliest, horizon, limit },
    );
  }

  /** Adds the specialties that are missing (by name, ignoring case). */
  async ensureSpecialties(names: readonly string[]): Promise<void> {
    await this.run(`insert into specialties (name) select jsonb_array_elements_text(:names::jsonb) on conflict do nothing`, {
      names: JSON.stringify(names),
    });
  }

  /** Public facts of the bookable doctors among these ids. */
  bookable(ids: readonly string[]): Promise<DoctorRow[]> {
    return runByDoctor<DoctorRow>(this.em, BOOKABLE_DOCTORS, ids);
  }

  /** Ids of bookable doctors matching the filter, in the requested order, each row with the total. */
  async search(
    filter: DoctorFilter,
    order: { sort: Exclude<DoctorSort, 'nextAvailable'>; page?: { offset: number; limit: number } },
  ): Promise<{ ids: string[]; total: number }> {
    const { where, params } = filterConditions(filter);
    const orderBy =
      order.sort === 'experience' ? 'd.experience_years desc nulls last, u.full_name, u.id' : 'u.full_name, u.id';
    let paging = '';
    if (order.page) {
      paging = 'limit :limit offset :offset';
      params['limit'] = order.page.limit;
      params['offset'] = order.page.offset;
    }
    const conditions = where.join(' and ');
    const rows = await this.search$<{ id: string; total: string }[]>(
      `select u.id, count(*) over () as total from ${DOCTORS_FROM} where ${conditions} order by ${orderBy} ${paging}`,
      params,
    );
    if (rows.length === 0 && order.page && order.page.offset > 0) {
      // Past the last page: still report how many there are.
      const [{ total }] = await this.search$<{ total: string }[]>(
        `select count(*) as total from ${DOCTORS_FROM} where ${conditions}`,
        params,
      );
      return { ids: [], total: Number(total) };
    }
    return { ids: rows.map((r) => r.id), total: rows.length > 0 ? Number(rows[0].total) : 0 };
  }

  /** Distinct practice locations of bookable doctors. */
  async locations(): Promise<string[]> {
    const rows = await this.run<{ location: string }[]>(
      `select distinct d.location from user_accounts u join doctor_profiles d on d.user_id = u.id
       where ${BOOKABLE} and d.location is not null order by d.location`,
    );
    return rows.map((r) => r.location);
  }

  /**
   * Bookability, slot settings, weekly hours and time off not ended by `now`, of these doctors: one statement
   * (each list as JSON), as a booking's slot check reads it on every cache miss. Time off in epoch milliseconds:
   * numbers in JSON, no Date parsing per row.
   */
  async schedules(ids: readonly string[], now: Date): Promise<ScheduleRows> {
    const [row] = await runByDoctor<{ profiles: ScheduleRows['profiles']; hours: ScheduleRows['hours']; time_off: ScheduleRows['timeOff'] }>(
      this.em,
      SCHEDULES,
      ids,
      [now],
    );
    return { profiles: row.profiles, hours: row.hours, timeOff: row.time_off };
  }

  /**
   * Times held (pending or confirmed appointments, the appointments module's `slot_holds` view) by these
   * doctors that overlap [from, to), in epoch milliseconds. The view's predicate is that of the partial index
   * appointments_doctor_holds_idx (doctor_id, starts_at) include (ends_at), which serves this read; the lower
   * bound on starts_at assumes no appointment lasts longer than a day.
   */
  async heldBetween(ids: readonly string[], from: Date, to: Date): Promise<{ doctor_id: string; s: number; e: number }[]> {
    if (ids.length === 0) return [];
    return HELD_BETWEEN.executeOnPool(this.em, [uuidArray(ids), from, to]);
  }

  /** Runs in the caller's transaction, if any (the pool's `run` does not). */
  private runInTx<T extends object[]>(sql: string, params: Record<string, unknown> = {}): Promise<T> {
    return this.em.execute<T>(raw(sql, params));
  }

  // ---------------------------------------------------------------------------------------------------
  // The availability summary

  async summaryState(): Promise<SummaryState | undefined> {
    const [row] = await this.runInTx<SummaryState[]>(
      `select rules_key, to_char(first_day, 'YYYY-MM-DD') as first_day, to_char(last_day, 'YYYY-MM-DD') as last_day, min_notice_minutes
       from doctor_availability_state where id = 1`,
    );
    return row;
  }

  async saveSummaryState(state: SummaryState): Promise<void> {
    await this.runInTx(
      `insert into doctor_availability_state (id, rules_key, first_day, last_day, min_notice_minutes, updated_at)
       values (1, :rulesKey, :firstDay, :lastDay, :notice, now())
       on conflict (id) do update set rules_key = excluded.rules_key, first_day = excluded.first_day, last_day = excluded.last_day,
         min_notice_minutes = excluded.min_notice_minutes, updated_at = now()`,
      { rulesKey: state.rules_key, firstDay: state.first_day, lastDay: state.last_day, notice: state.min_notice_minutes },
    );
  }

  /** For the rest of the transaction: every doctor's rows (exclusive) or one doctor's (shared on the whole, exclusive on theirs). */
  async lockSummary(scope: { all: true } | { doctorId: string }): Promise<void> {
    if ('all' in scope) {
      await this.runInTx(`select pg_advisory_xact_lock(${SUMMARY_LOCK}, 0)`);
      return;
    }
    await this.runInTx(
      `select pg_advisory_xact_lock_shared(${SUMMARY_LOCK}, 0), pg_advisory_xact_lock(${SUMMARY_LOCK}, hashtext(:id::uuid::text))`,
      { id: scope.doctorId },
    );
  }

  /** Ids of doctors with weekly hours (the only ones with summary rows), after `afterId`, in id order. */
  async doctorsWithHours(afterId: string | null, limit: number): Promise<string[]> {
    const rows = await this.runInTx<{ doctor_id: string }[]>(
      `select distinct doctor_id from doctor_weekly_hours where (:afterId::uuid is null or doctor_id > :afterId::uuid)
       order by doctor_id limit :limit`,
      { afterId, limit },
    );
    return rows.map((r) => r.doctor_id);
  }

  /** Schedules as `schedules` reads them, but inside the caller's transaction (its own uncommitted changes included). */
  async schedulesInTx(ids: readonly string[], now: Date): Promise<ScheduleRows> {
    const params = { ids: uuidArray(ids), now };
    const profiles = await this.runInTx<ScheduleRows['profiles']>(
      `select d.user_id as id, d.slot_minutes, d.auto_approve, (${BOOKABLE}) as bookable
       from doctor_profiles d join user_accounts u on u.id = d.user_id where d.user_id = any(:ids::uuid[])`,
      params,
    );
    const hours = await this.runInTx<ScheduleRows['hours']>(
      `select doctor_id, weekday, start_minute, end_minute from doctor_weekly_hours where doctor_id = any(:ids::uuid[])`,
      params,
    );
    const timeOff = await this.runInTx<ScheduleRows['timeOff']>(
      `select doctor_id, extract(epoch from starts_at)::float8 * 1000 as s, extract(epoch from ends_at)::float8 * 1000 as e
       from doctor_time_off where doctor_id = any(:ids::uuid[]) and ends_at > :now`,
      params,
    );
    return { profiles, hours, timeOff };
  }

  /** Held times as `heldBetween` reads them, inside the caller's transaction. */
  heldInTx(ids: readonly string[], from: Date, to: Date): Promise<{ doctor_id: string; s: number; e: number }[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.runInTx(
      `select doctor_id, extract(epoch from starts_at)::float8 * 1000 as s, extract(epoch from ends_at)::float8 * 1000 as e
       from slot_holds
       where doctor_id = any(:ids::uuid[]) and starts_at < :to and starts_at > :from::timestamptz - interval '1 day'
         and ends_at > :from`,
      { ids: uuidArray(ids), from, to },
    );
  }

  /** Drops summary days: of these doctors (all doctors when absent) between the dates, or outside them with `outside`. */
  async deleteSummaryDays(scope: { doctorIds?: readonly string[]; firstDay?: string; lastDay?: string; outside?: boolean }): Promise<void> {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (scope.doctorIds) {
      where.push('doctor_id = any(:ids::uuid[])');
      params['ids'] = uuidArray(scope.doctorIds);
    }
    if (scope.outside) {
      where.push('(day < :firstDay::date or day > :lastDay::date)');
      Object.assign(params, { firstDay: scope.firstDay, lastDay: scope.lastDay });
    } else if (scope.firstDay && scope.lastDay) {
      where.push('day between :firstDay::date and :lastDay::date');
      Object.assign(params, { firstDay: scope.firstDay, lastDay: scope.lastDay });
    }
    await this.runInTx(`delete from doctor_day_availability ${where.length ? `where ${where.join(' and ')}` : ''}`, params);
  }

  async insertSummaryDays(rows: readonly SummaryDayRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.runInTx(
      `insert into doctor_day_availability (doctor_id, day, day_start, day_end, slot_minutes, candidate_starts, free_starts, first_free, last_free)
       select r.d, r.day, to_timestamp(r.s), to_timestamp(r.e), r.m, c.a, f.a, f.a[1], f.a[cardinality(f.a)]
       from unnest(:d::uuid[], :day::date[], :s::int8[], :e::int8[], :m::int[], :c::text[], :f::text[]) r(d, day, s, e, m, c, f)
       cross join lateral (select array(select to_timestamp(x) from unnest(r.c::int8[]) x order by x) as a) c
       cross join lateral (select array(select to_timestamp(x) from unnest(r.f::int8[]) x order by x) as a) f`,
      {
        d: uuidArray(rows.map((r) => r.doctorId)),
        day: `{${rows.map((r) => r.day).join(',')}}`,
        s: seconds(rows.map((r) => r.start)),
        e: seconds(rows.map((r) => r.end)),
        m: `{${rows.map((r) => r.slotMinutes).join(',')}}`,
        c: secondsLists(rows.map((r) => r.candidates)),
        f: secondsLists(rows.map((r) => r.free)),
      },
    );
  }

  /**
   * Each doctor's (every doctor's when absent) first free slot at or after `earliest`, and the days with a free
   * slot, from the summary days.
   */
  async saveNextFree(earliest: Date, doctorIds?: readonly string[]): Promise<void> {
    await this.runInTx(
      `insert into doctor_next_free (doctor_id, computed_for, next_free, full_name, bookable, specialty_id, free_days)
       select p.user_id, :earliest::timestamptz, doctor_first_free(p.user_id, :earliest::timestamptz), u.full_name, (${BOOKABLE}), p.specialty_id,
         ${FREE_DAYS}
       from doctor_profiles p join user_accounts u on u.id = p.user_id
       ${doctorIds ? 'where p.user_id = any(:ids::uuid[])' : ''}
       on conflict (doctor_id) do update set computed_for = excluded.computed_for, next_free = excluded.next_free, free_days = excluded.free_days`,
      { earliest, ids: doctorIds ? uuidArray(doctorIds) : null },
    );
  }

  /**
   * Brings the copies search orders and counts by (each doctor's name, bookability and specialty, the number of bookable
   * doctors, the free-day counts) back to the accounts and rows, for rows written with triggers off (bulk loads);
   * the triggers keep them otherwise. Inside the caller's transaction, which holds the whole summary's lock.
   */
  async resyncDirectory(): Promise<void> {
    await this.runInTx(
      `update doctor_next_free n set full_name = u.full_name, bookable = (${BOOKABLE}), specialty_id = d.specialty_id
       from user_accounts u join doctor_profiles d on d.user_id = u.id
       where u.id = n.doctor_id and (n.full_name <> u.full_name or n.bookable <> (${BOOKABLE}) or n.specialty_id <> d.specialty_id)`,
    );
    await this.runInTx(
      `insert into doctor_bookable_count (id, doctors) select 1, count(*) from doctor_next_free where bookable
       on conflict (id) do update set doctors = excluded.doctors`,
    );
    await this.runInTx(`select rebuild_doctor_free_day_counts()`);
  }

  /**
   * Brings forward the next-free rows the passing time has overtaken (their slot now starts before `earliest`).
   * A row a booking's trigger rewrote meanwhile is left alone: its own value is newer than anything read here.
   */
  async refreshOvertakenNextFree(earliest: Date, limit: number): Promise<number> {
    const rows = await this.runInTx<{ doctor_id: string }[]>(
      `with overtaken as (
         select doctor_id, computed_for from doctor_next_free
         where computed_for > :earliest or next_free < :earliest limit :limit
       )
       update doctor_next_free n set computed_for = :earliest, next_free = doctor_first_free(n.doctor_id, :earliest)
       from overtaken o where n.doctor_id = o.doctor_id and n.computed_for = o.computed_for
       returning n.doctor_id`,
      { earliest, limit },
    );
    return rows.length;
  }

  /** Each doctor's first free slot starting in [earliest, horizon), in epoch milliseconds; absent: none. */
  async nextFreeOf(ids: readonly string[], earliest: Date, horizon: Date): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.run<{ doctor_id: string; at: number | null }[]>(
      `select doctor_id, extract(epoch from at)::float8 * 1000 as at from (
         select n.doctor_id, ${NEXT_FREE} as at from doctor_next_free n where n.doctor_id = any(:ids::uuid[])
       ) x where at < :horizon`,
      { ids: uuidArray(ids), earliest, horizon },
    );
    return new Map(rows.flatMap((r) => (r.at === null ? [] : [[r.doctor_id, r.at] as const])));
  }

  /**
   * Bookable doctors matching the filter, with their next free slot in [earliest, horizon), and with `day` only
   * those free that clinic-local day: one page in the requested order (soonest first, none last, then name),
   * with the total.
   */
  async searchByAvailability(
    filter: DoctorFilter,
    options: {
      sort: DoctorSort;
      earliest: Date;
      horizon: Date;
      day?: string;
      /** Whether all of `day` lies in [earliest, horizon). */
      dayInWindow?: boolean;
      page: { offset: number; limit: number };
    },
  ): Promise<{ ids: string[]; next: Map<string, number>; total: number }> {
    const window = { earliest: options.earliest, horizon: options.horizon };
    // Conditions on other tables (name or specialty text, location, language, consultation type) cost a join per
    // row and may match late in next-free order: such searches read their matches once, counting and sorting them
    // in one query, as before.
    const joined = Boolean(filter.q || filter.location || filter.language || filter.consultationType);
    if (options.sort === 'nextAvailable' && !joined) {
      const matches = directoryMatches(filter.specialty, options.day ? { day: options.day, inWindow: options.dayInWindow ?? false } : undefined);
      Object.assign(matches.params, window);
      return this.pageByNextFree(matches, options.page, !options.day && !filter.specialty);
    }
    const { where, params } = filterConditions(filter);
    Object.assign(params, window, { limit: options.page.limit, offset: options.page.offset });
    if (options.day) {
      where.push(freeOnDay('u.id'));
      params['day'] = options.day;
    }
    const orderBy =
      options.sort === 'experience'
        ? 'experience_years desc nulls last, full_name, id'
        : options.sort === 'name'
          ? 'full_name, id'
          : 'next_at nulls last, full_name, id';
    const rows = await this.search$<{ id: string; at: number | null; total: string }[]>(
      `with m as (
         select u.id, u.full_name, d.experience_years, ${NEXT_FREE} as raw_next
         from ${DOCTORS_FROM} left join doctor_next_free n on n.doctor_id = u.id
         where ${where.join(' and ')}
       ), o as (select id, full_name, experience_years, case when raw_next < :horizon then raw_next end as next_at from m)
       select id, extract(epoch from next_at)::float8 * 1000 as at, count(*) over () as total from o
       order by ${orderBy} limit :limit offset :offset`,
      params,
    );
    if (rows.length === 0 && options.page.offset > 0) {
      return { ids: [], next: new Map(), total: await this.countMatching(where, params) };
    }
    return {
      ids: rows.map((r) => r.id),
      next: new Map(rows.flatMap((r) => (r.at === null ? [] : [[r.id, r.at] as const]))),
      total: rows.length > 0 ? Number(rows[0].total) : 0,
    };
  }

  /**
   * One page in "next available" order (soonest first, then name, then id; nothing free in the window last, by
   * name), read without touching every match. The stored next-free rows valid at :earliest come in that order
   * from doctor_next_free_order_idx, so the walk stops after offset + limit of them; the rows the passing time
   * (or a clock behind the database's) has overtaken are recomputed and merged in — a few, between the cron's
   * rounds. Only a page reaching past the last doctor with a free slot reads the rest by name.
   */
  private async pageByNextFree(
    matches: { from: string; where: string[]; params: Record<string, unknown>; total?: string },
    page: { offset: number; limit: number },
    everyone: boolean,
  ): Promise<{ ids: string[]; next: Map<string, number>; total: number }> {
    const { from, params } = matches;
    const conditions = matches.where.join(' and ');
    const want = page.offset + page.limit;
    const [free, total] = await Promise.all([
      this.search$<{ id: string; at: number }[]>(
        `with fresh as (
           select n.doctor_id, n.next_free as at, n.full_name from ${from}
           where n.computed_for <= :earliest and n.next_free >= :earliest and n.next_free < :horizon and ${conditions}
           order by n.next_free, n.full_name, n.doctor_id limit :want
         ), overtaken as (
           select n.doctor_id, doctor_first_free(n.doctor_id, :earliest) as at, n.full_name from ${from}
           where (n.next_free < :earliest or n.computed_for > :earliest) and ${conditions}
         )
         select doctor_id as id, extract(epoch from at)::float8 * 1000 as at from (
           select * from fresh union all select * from overtaken where at < :horizon
         ) x order by at, full_name, doctor_id limit :want`,
        { ...params, want },
      ),
      everyone
        ? this.bookableCount()
        : this.search$<{ total: string }[]>(matches.total ?? `select count(*) as total from ${from} where ${conditions}`, params).then(([r]) => Number(r.total)),
    ]);
    const ids = free.slice(page.offset).map((r) => r.id);
    const next = new Map(free.slice(page.offset).map((r) => [r.id, r.at] as const));
    if (free.length < want && total > free.length) {
      // The page reaches the doctors with nothing free in the window (none when filtering by a day): by name.
      const first = Math.max(page.offset, free.length);
      const rest = await this.search$<{ id: string }[]>(
        `select n.doctor_id as id from ${from}
         where ${conditions} and not coalesce(${NEXT_FREE} < :horizon, false)
         order by n.full_name, n.doctor_id limit :limit offset :offset`,
        { ...params, limit: want - first, offset: first - free.length },
      );
      ids.push(...rest.map((r) => r.id));
    }
    return { ids, next, total };
  }

  /** How many bookable doctors match the conditions. */
  private async countMatching(where: string[], params: Record<string, unknown>): Promise<number> {
    const [{ total }] = await this.search$<{ total: string }[]>(
      `select count(*) as total from ${DOCTORS_FROM} where ${where.join(' and ')}`,
      params,
    );
    return Number(total);
  }

  /**
   * Folds the free-day counts' changes into one row per (specialty, day) and drops the days the summary no longer
   * covers (compact_doctor_free_day_counts): the cron's, so an `availableOn` total sums a few rows.
   */
  async compactFreeDayCounts(): Promise<void> {
    await this.run(`select compact_doctor_free_day_counts()`);
  }

  /** How many doctors patients can book: a maintained count (doctor_bookable_count), not a scan. */
  async bookableCount(): Promise<number> {
    const [row] = await this.run<{ doctors: number }[]>(`select doctors from doctor_bookable_count where id = 1`);
    return row?.doctors ?? 0;
  }
}
