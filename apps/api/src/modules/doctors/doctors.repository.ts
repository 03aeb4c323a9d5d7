import { Injectable } from '@nestjs/common';
import { raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { ConsultationType, DoctorSort } from '@carebook/shared';
import { escapeLike, uuidArray } from '../../common/sql';

/**
 * The doctors module's SQL. It names only this module's tables (specialties, doctor_profiles,
 * doctor_weekly_hours, doctor_time_off) and other modules' published views: accounts through
 * `user_accounts` (users module), held times through `slot_holds` (appointments module).
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

@Injectable()
export class DoctorsRepository {
  constructor(private readonly em: EntityManager) {}

  private run<T extends object[]>(sql: string, params: Record<string, unknown> = {}): Promise<T> {
    return this.em.getConnection().execute<T>(raw(sql, params));
  }

  /** Every specialty with its number of bookable doctors (a specialty without any is still listed). */
  specialtiesWithCounts(): Promise<{ id: string; name: string; doctor_count: number }[]> {
    return this.run(
      `select s.id, s.name, count(u.id)::int as doctor_count from specialties s
       left join doctor_profiles d on d.specialty_id = s.id
       left join user_accounts u on u.id = d.user_id and ${BOOKABLE}
       group by s.id, s.name order by s.name`,
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
    return this.run(`select ${DOCTOR_COLUMNS} from ${DOCTORS_FROM} where ${BOOKABLE} and u.id = any(:ids::uuid[])`, {
      ids: uuidArray(ids),
    });
  }

  /** Ids of bookable doctors matching the filter, in the requested order, each row with the total. */
  async search(
    filter: DoctorFilter,
    order: { sort: Exclude<DoctorSort, 'nextAvailable'>; page?: { offset: number; limit: number } },
  ): Promise<{ ids: string[]; total: number }> {
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
    const orderBy =
      order.sort === 'experience' ? 'd.experience_years desc nulls last, u.full_name, u.id' : 'u.full_name, u.id';
    let paging = '';
    if (order.page) {
      paging = 'limit :limit offset :offset';
      params['limit'] = order.page.limit;
      params['offset'] = order.page.offset;
    }
    const conditions = where.join(' and ');
    const rows = await this.run<{ id: string; total: string }[]>(
      `select u.id, count(*) over () as total from ${DOCTORS_FROM} where ${conditions} order by ${orderBy} ${paging}`,
      params,
    );
    if (rows.length === 0 && order.page && order.page.offset > 0) {
      // Past the last page: still report how many there are.
      const [{ total }] = await this.run<{ total: string }[]>(
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

  /** Bookability, slot settings, weekly hours and time off not ended by `now`, of these doctors. */
  async schedules(ids: readonly string[], now: Date): Promise<ScheduleRows> {
    const params = { ids: uuidArray(ids), now };
    const [profiles, hours, timeOff] = await Promise.all([
      this.run<ScheduleRows['profiles']>(
        `select d.user_id as id, d.slot_minutes, d.auto_approve, (${BOOKABLE}) as bookable
         from doctor_profiles d join user_accounts u on u.id = d.user_id where d.user_id = any(:ids::uuid[])`,
        params,
      ),
      this.run<ScheduleRows['hours']>(
        `select doctor_id, weekday, start_minute, end_minute from doctor_weekly_hours where doctor_id = any(:ids::uuid[])`,
        params,
      ),
      // Epoch milliseconds as float8 arrive as numbers: no Date parsing per row.
      this.run<ScheduleRows['timeOff']>(
        `select doctor_id, extract(epoch from starts_at)::float8 * 1000 as s, extract(epoch from ends_at)::float8 * 1000 as e
         from doctor_time_off where doctor_id = any(:ids::uuid[]) and ends_at > :now`,
        params,
      ),
    ]);
    return { profiles, hours, timeOff };
  }

  /**
   * Times held (pending or confirmed appointments, the appointments module's `slot_holds` view) by these
   * doctors that overlap [from, to), in epoch milliseconds. The view's predicate is that of the partial index
   * appointments_doctor_holds_idx (doctor_id, starts_at) include (ends_at), which serves this read; the lower
   * bound on starts_at assumes no appointment lasts longer than a day.
   */
  async heldBetween(ids: readonly string[], from: Date, to: Date): Promise<{ doctor_id: string; s: number; e: number }[]> {
    if (ids.length === 0) return [];
    return this.run(
      `select doctor_id, extract(epoch from starts_at)::float8 * 1000 as s, extract(epoch from ends_at)::float8 * 1000 as e
       from slot_holds
       where doctor_id = any(:ids::uuid[]) and starts_at < :to and starts_at > :from::timestamptz - interval '1 day'
         and ends_at > :from`,
      { ids: uuidArray(ids), from, to },
    );
  }
}
