import { Migration } from '@mikro-orm/migrations';

/**
 * Patient records (the patients module): the rest of the profile, and the medical history as one RecordCipher
 * value (AES-256-GCM, see common/crypto) — the database never holds it in clear.
 */
export class Migration20261205200000_patient_records extends Migration {
  override up(): void {
    this.addSql(`alter table patient_profiles
      add column address text null,
      add column emergency_contact jsonb null,
      add column medical_history text null;`);
  }

  override down(): void {
    this.addSql(`alter table patient_profiles drop column address, drop column emergency_contact, drop column medical_history;`);
  }
}
