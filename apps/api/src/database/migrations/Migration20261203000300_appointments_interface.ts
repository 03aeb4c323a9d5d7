import { Migration } from '@mikro-orm/migrations';

/**
 * The appointments module's published database interface: `slot_holds`, the times pending and confirmed
 * appointments hold. The slot engine (doctors module) reads it to know which slots are taken; its predicate
 * is the one of the partial index appointments_doctor_holds_idx, so reads through the view use that index.
 */
export class Migration20261203000300_appointments_interface extends Migration {
  override up(): void {
    this.addSql(`create view slot_holds as
      select id as appointment_id, doctor_id, patient_id, starts_at, ends_at
      from appointments where status in ('pending', 'confirmed');`);
  }

  override down(): void {
    this.addSql(`drop view if exists slot_holds;`);
  }
}
