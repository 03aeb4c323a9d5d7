import { Injectable } from '@nestjs/common';
import { raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Gender } from '@carebook/shared';

export interface NewProfileRow {
  userId: string;
  dateOfBirth: string | null;
  gender: Gender | null;
}

/** The patients module's SQL; the only code that names `patient_profiles`. */
@Injectable()
export class PatientsRepository {
  constructor(private readonly em: EntityManager) {}

  /** One statement in the caller's transaction; an account that already has a profile keeps it. */
  async insertProfiles(rows: readonly NewProfileRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.em.execute(
      raw(
        `insert into patient_profiles (user_id, date_of_birth, gender)
         select "userId", "dateOfBirth", gender from jsonb_to_recordset(:rows::jsonb) as r("userId" uuid, "dateOfBirth" date, gender text)
         on conflict (user_id) do nothing`,
        { rows: JSON.stringify(rows) },
      ),
    );
  }
}
