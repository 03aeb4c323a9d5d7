import { Injectable } from '@nestjs/common';
import { raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Gender } from '@carebook/shared';
import { executeBound } from '../../database/bound-statement';

export interface NewProfileRow {
  userId: string;
  dateOfBirth: string | null;
  gender: Gender | null;
}

export interface PatientListRow {
  id: string;
  full_name: string;
  email: string;
  phone: string | null;
  date_of_birth: string | null;
  gender: Gender | null;
  total: string;
}

/** The patients module's SQL; the only code that names `patient_profiles`. */
@Injectable()
export class PatientsRepository {
  constructor(private readonly em: EntityManager) {}

  /** One statement in the caller's transaction; an account that already has a profile keeps it. */
  async insertProfiles(rows: readonly NewProfileRow[]): Promise<void> {
    if (rows.length === 0) return;
    await executeBound(
      this.em,
      `insert into patient_profiles (user_id, date_of_birth, gender)
       select "userId", "dateOfBirth", gender from jsonb_to_recordset($1::jsonb) as r("userId" uuid, "dateOfBirth" date, gender text)
       on conflict (user_id) do nothing`,
      [JSON.stringify(rows)],
    );
  }

  /**
   * Is this patient in this doctor's care? The one place that decides it, through the appointments module's view
   * `care_relationships`: a pending, confirmed, completed or no-show appointment, or an instant consultation the
   * doctor was assigned (Migration20261205200300_care_consultations). Other sources of care extend that view.
   */
  async hasCareRelationship(doctorId: string, patientId: string): Promise<boolean> {
    const rows = await this.em.execute<{ one: number }[]>(
      raw('select 1 as one from care_relationships where doctor_id = :doctorId and patient_id = :patientId limit 1', { doctorId, patientId }),
    );
    return rows.length > 0;
  }

  /** A doctor's patients (care relationships), by name, with words of the name or email. */
  async listForDoctor(doctorId: string, filter: { words: string[]; limit: number; offset: number }): Promise<PatientListRow[]> {
    return this.em.execute<PatientListRow[]>(
      raw(
        `select u.id, u.full_name, u.email, u.phone, to_char(pp.date_of_birth, 'YYYY-MM-DD') as date_of_birth, pp.gender,
                count(*) over () as total
         from care_relationships c
         join user_accounts u on u.id = c.patient_id
         left join patient_profiles pp on pp.user_id = u.id
         where c.doctor_id = :doctorId
           and (select bool_and(u.full_name ilike w or u.email ilike w) from jsonb_array_elements_text(:words::jsonb) w) is not false
         order by u.full_name, u.id
         limit :limit offset :offset`,
        { doctorId, words: JSON.stringify(filter.words), limit: filter.limit, offset: filter.offset },
      ),
    );
  }
}
