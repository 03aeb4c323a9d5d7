import { Migration } from '@mikro-orm/migrations';

/**
 * The doctors module's `doctor_cards` view gains the doctor's years of experience, which appointment cards show
 * beside the name, photo and specialty. A new column goes last, so `create or replace` keeps the view's readers.
 */
export class Migration20261206100000_doctor_cards_experience extends Migration {
  override up(): void {
    this.addSql(`create or replace view doctor_cards as
      select d.user_id as doctor_id, u.full_name, s.name as specialty, d.location, d.photo_url,
        (u.role = 'doctor' and u.status = 'active') as bookable, d.experience_years
      from doctor_profiles d
      join user_accounts u on u.id = d.user_id
      join specialties s on s.id = d.specialty_id;`);
  }

  override down(): void {
    this.addSql(`drop view if exists doctor_cards;`);
    this.addSql(`create view doctor_cards as
      select d.user_id as doctor_id, u.full_name, s.name as specialty, d.location, d.photo_url,
        (u.role = 'doctor' and u.status = 'active') as bookable
      from doctor_profiles d
      join user_accounts u on u.id = d.user_id
      join specialties s on s.id = d.specialty_id;`);
  }
}
