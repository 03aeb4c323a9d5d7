import { Migration } from '@mikro-orm/migrations';

/**
 * An instant consultation is care too: `care_relationships` (who is whose patient, read by the patients module
 * for record access and a doctor's patient list) gains every consultation a doctor was assigned, alongside the
 * pending, confirmed, completed and no-show appointments.
 */
export class Migration20261205200300_care_consultations extends Migration {
  override up(): void {
    this.addSql(`create or replace view care_relationships as
      select doctor_id, patient_id from appointments
      where status in ('pending', 'confirmed', 'completed', 'no_show')
      union
      select doctor_id, patient_id from consultations
      where doctor_id is not null and assigned_at is not null;`);
  }

  override down(): void {
    this.addSql(`create or replace view care_relationships as
      select distinct doctor_id, patient_id from appointments
      where status in ('pending', 'confirmed', 'completed', 'no_show');`);
  }
}
