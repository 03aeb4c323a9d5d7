import { Migration } from '@mikro-orm/migrations';

/**
 * Keeps the doctors module's availability summary current with every statement that changes which times
 * appointments hold — booking, cancelling, declining, rescheduling, expiry, and rows written by hand — in that
 * statement's own transaction, through the doctors module's published `refresh_doctor_days`. Statement-level
 * triggers with transition tables: one call per statement, however many rows it changed.
 */
export class Migration20261205300100_appointments_availability_triggers extends Migration {
  override up(): void {
    this.addSql(`create function appointments_holds_changed() returns trigger language plpgsql as $fn$
      begin
        if tg_op = 'INSERT' then
          perform refresh_doctor_days(array_agg(doctor_id), array_agg(starts_at), array_agg(ends_at))
          from new_rows where status in ('pending', 'confirmed') having count(*) > 0;
        elsif tg_op = 'DELETE' then
          perform refresh_doctor_days(array_agg(doctor_id), array_agg(starts_at), array_agg(ends_at))
          from old_rows where status in ('pending', 'confirmed') having count(*) > 0;
        else
          perform refresh_doctor_days(array_agg(c.doctor_id), array_agg(c.starts_at), array_agg(c.ends_at))
          from (
            select o.doctor_id, o.starts_at, o.ends_at, n.doctor_id as n_doctor, n.starts_at as n_starts, n.ends_at as n_ends
            from old_rows o join new_rows n on n.id = o.id
            where (o.status in ('pending', 'confirmed')) <> (n.status in ('pending', 'confirmed'))
              or o.starts_at <> n.starts_at or o.ends_at <> n.ends_at or o.doctor_id <> n.doctor_id
          ) m
          cross join lateral (values (m.doctor_id, m.starts_at, m.ends_at), (m.n_doctor, m.n_starts, m.n_ends)) c(doctor_id, starts_at, ends_at)
          having count(*) > 0;
        end if;
        return null;
      end $fn$;`);
    this.addSql(`create trigger appointments_holds_inserted after insert on appointments
      referencing new table as new_rows for each statement execute function appointments_holds_changed();`);
    this.addSql(`create trigger appointments_holds_updated after update on appointments
      referencing old table as old_rows new table as new_rows for each statement execute function appointments_holds_changed();`);
    this.addSql(`create trigger appointments_holds_deleted after delete on appointments
      referencing old table as old_rows for each statement execute function appointments_holds_changed();`);
  }

  override down(): void {
    this.addSql(`drop trigger if exists appointments_holds_inserted on appointments;`);
    this.addSql(`drop trigger if exists appointments_holds_updated on appointments;`);
    this.addSql(`drop trigger if exists appointments_holds_deleted on appointments;`);
    this.addSql(`drop function if exists appointments_holds_changed();`);
  }
}
