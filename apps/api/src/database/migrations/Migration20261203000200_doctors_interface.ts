import { Migration } from '@mikro-orm/migrations';

/**
 * The doctors module's published database interface, built on the users module's `user_accounts`:
 * - `doctor_cards`: the facts an appointment shows about its doctor (name, specialty, where, photo) and
 *   whether patients may book them now;
 * - `doctor_accepts_booking(...)`: whether a doctor takes a booking for this time, decided inside the
 *   booking's own statement so a stale cached schedule can never book a slot the doctor no longer offers.
 *   PL/pgSQL so its three look-ups are planned once per session, not on every call.
 */
export class Migration20261203000200_doctors_interface extends Migration {
  override up(): void {
    this.addSql(`create view doctor_cards as
      select d.user_id as doctor_id, u.full_name, s.name as specialty, d.location, d.photo_url,
        (u.role = 'doctor' and u.status = 'active') as bookable
      from doctor_profiles d
      join user_accounts u on u.id = d.user_id
      join specialties s on s.id = d.specialty_id;`);

    // weekday is the clinic-local ISO weekday of the slot; start_minute and end_minute its clinic-local
    // minutes from midnight. The slot may span two adjacent windows: the doctor must work when it starts
    // and when it ends, and have no time off overlapping it.
    this.addSql(`create function doctor_accepts_booking(
        doctor_id uuid, weekday smallint, start_minute int, end_minute int, starts_at timestamptz, ends_at timestamptz)
      returns boolean language plpgsql stable as $fn$
      begin
        return exists (select 1 from user_accounts u
            where u.id = doctor_accepts_booking.doctor_id and u.role = 'doctor' and u.status = 'active')
          and exists (select 1 from doctor_weekly_hours w
            where w.doctor_id = doctor_accepts_booking.doctor_id and w.weekday = doctor_accepts_booking.weekday
              and w.start_minute <= doctor_accepts_booking.start_minute and w.end_minute > doctor_accepts_booking.start_minute)
          and exists (select 1 from doctor_weekly_hours w
            where w.doctor_id = doctor_accepts_booking.doctor_id and w.weekday = doctor_accepts_booking.weekday
              and w.start_minute < doctor_accepts_booking.end_minute and w.end_minute >= doctor_accepts_booking.end_minute)
          and not exists (select 1 from doctor_time_off t
            where t.doctor_id = doctor_accepts_booking.doctor_id
              and t.starts_at < doctor_accepts_booking.ends_at and t.ends_at > doctor_accepts_booking.starts_at);
      end $fn$;`);
  }

  override down(): void {
    this.addSql(`drop function if exists doctor_accepts_booking(uuid, smallint, int, int, timestamptz, timestamptz);`);
    this.addSql(`drop view if exists doctor_cards;`);
  }
}
