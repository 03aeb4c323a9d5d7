import { Migration } from '@mikro-orm/migrations';

/** A profile `p`'s summary days with a free slot (as doctor_next_free.free_days holds them). */
const FREE_DAYS = `array(select a.day from doctor_day_availability a where a.doctor_id = p.user_id and a.first_free is not null order by a.day)`;

/** refresh_doctor_days as Migration20261205300000_doctor_availability wrote it, up to the next-free rows it saves. */
const REFRESH_HEAD = `create or replace function refresh_doctor_days(doctors uuid[], froms timestamptz[], tos timestamptz[]) returns void
      language plpgsql volatile as $fn$
      declare
        earliest timestamptz;
      begin
        perform pg_advisory_xact_lock_shared(1667391862, 0);
        perform pg_advisory_xact_lock(1667391862, hashtext(d::text)) from (select distinct d from unnest(doctors) d order by d) x;
        -- A new statement, so a new snapshot: it sees what others committed while this waited for their lock.
        update doctor_day_availability a
        set (free_starts, first_free, last_free) = (
          select f, f[1], f[cardinality(f)] from (
            select coalesce(array_agg(c order by c), '{}') as f from unnest(a.candidate_starts) c
            where not exists (select 1 from slot_holds h where h.doctor_id = a.doctor_id
              and h.starts_at < c + make_interval(mins => a.slot_minutes) and h.ends_at > c
              and h.starts_at > c - interval '1 day')
          ) s)
        from (select distinct c.d, c.f, c.t from unnest(doctors, froms, tos) c(d, f, t)) ch
        where a.doctor_id = ch.d and a.day_start < ch.t and a.day_end + make_interval(mins => a.slot_minutes) > ch.f;
        select now() + make_interval(mins => s.min_notice_minutes) into earliest from doctor_availability_state s;
        if earliest is null then
          return;
        end if;`;

/**
 * Doctor search in "next available" order at a cost that does not grow with the clinic: a page is read by
 * walking one index in the order the page is sorted (next free slot, then name, then id) and stopping after
 * it, and the unfiltered total is a maintained count.
 * - `doctor_next_free` gets a row for every doctor profile (from the profile's insert), with the account's
 *   name and bookability (approved and active) and the profile's specialty copied beside the next free slot,
 *   so that one index orders by (next_free, full_name, doctor_id), and one per specialty for bookable doctors.
 *   A trigger on doctor_profiles keeps the specialty; the users module's trigger (next migration) keeps the
 *   account's copies through `doctor_accounts_changed`; both in the changing statement's transaction.
 * - `free_days`: the summary days on which the doctor has a free slot, written with the next free slot by every
 *   writer of the summary, so "free on a day wholly inside the booking window" is read from the row the walk is
 *   on instead of one more look-up per doctor.
 * - `doctor_bookable_count`: how many rows of `doctor_next_free` are bookable, kept by triggers on it.
 * - `computed_for` is indexed, so a reader finds the few rows computed for a later instant than its own.
 */
export class Migration20261207300000_doctor_search_order extends Migration {
  override up(): void {
    this.addSql(`alter table doctor_next_free add column full_name text not null default '', add column bookable boolean not null default false,
      add column specialty_id uuid null, add column free_days date[] not null default '{}';`);
    // Every profile gets its row; a doctor without one has no summary days, hence nothing free.
    this.addSql(`insert into doctor_next_free (doctor_id, computed_for, next_free, full_name, bookable, specialty_id, free_days)
      select p.user_id, '-infinity', null, u.full_name, (u.role = 'doctor' and u.status = 'active'), p.specialty_id,
        ${FREE_DAYS}
      from doctor_profiles p join user_accounts u on u.id = p.user_id
      on conflict (doctor_id) do update set full_name = excluded.full_name, bookable = excluded.bookable, specialty_id = excluded.specialty_id,
        free_days = excluded.free_days;`);
    this.addSql(`alter table doctor_next_free alter column full_name drop default, alter column bookable drop default,
      alter column specialty_id set not null;`);
    this.addSql(`drop index if exists doctor_next_free_idx;`);
    this.addSql(`create index doctor_next_free_order_idx on doctor_next_free (next_free, full_name, doctor_id);`);
    this.addSql(`create index doctor_next_free_specialty_idx on doctor_next_free (specialty_id, next_free, full_name, doctor_id) where bookable;`);
    this.addSql(`create index doctor_next_free_computed_for_idx on doctor_next_free (computed_for);`);

    this.addSql(`create table doctor_bookable_count (
      id smallint primary key check (id = 1),
      doctors int not null check (doctors >= 0)
    );`);
    this.addSql(`insert into doctor_bookable_count (id, doctors) select 1, count(*) from doctor_next_free where bookable;`);
    this.addSql(`create function doctor_bookable_count_rows() returns trigger language plpgsql as $fn$
      begin
        if tg_op = 'INSERT' then
          update doctor_bookable_count set doctors = doctors + (select count(*) from new_rows where bookable) where id = 1
            and exists (select 1 from new_rows where bookable);
        else
          update doctor_bookable_count set doctors = doctors - (select count(*) from old_rows where bookable) where id = 1
            and exists (select 1 from old_rows where bookable);
        end if;
        return null;
      end $fn$;`);
    this.addSql(`create trigger doctor_next_free_inserted after insert on doctor_next_free
      referencing new table as new_rows for each statement execute function doctor_bookable_count_rows();`);
    this.addSql(`create trigger doctor_next_free_deleted after delete on doctor_next_free
      referencing old table as old_rows for each statement execute function doctor_bookable_count_rows();`);
    this.addSql(`create function doctor_bookable_count_flip() returns trigger language plpgsql as $fn$
      begin
        update doctor_bookable_count set doctors = doctors + case when new.bookable then 1 else -1 end where id = 1;
        return null;
      end $fn$;`);
    this.addSql(`create trigger doctor_next_free_bookable after update of bookable on doctor_next_free
      for each row when (old.bookable is distinct from new.bookable) execute function doctor_bookable_count_flip();`);

    // The account side of a doctor changed (name, role or status): the copies follow, in the same transaction.
    this.addSql(`create function doctor_accounts_changed(doctors uuid[]) returns void language sql volatile as $fn$
      update doctor_next_free n set full_name = u.full_name, bookable = (u.role = 'doctor' and u.status = 'active')
      from user_accounts u
      where u.id = n.doctor_id and n.doctor_id = any(doctors)
        and (n.full_name <> u.full_name or n.bookable <> (u.role = 'doctor' and u.status = 'active'));
    $fn$;`);
    this.addSql(`create function doctor_profiles_added() returns trigger language plpgsql as $fn$
      begin
        insert into doctor_next_free (doctor_id, computed_for, next_free, full_name, bookable, specialty_id)
        select p.user_id, '-infinity', null, u.full_name, (u.role = 'doctor' and u.status = 'active'), p.specialty_id
        from new_rows p join user_accounts u on u.id = p.user_id
        on conflict (doctor_id) do nothing;
        return null;
      end $fn$;`);
    this.addSql(`create trigger doctor_profiles_added after insert on doctor_profiles
      referencing new table as new_rows for each statement execute function doctor_profiles_added();`);
    this.addSql(`create function doctor_profiles_specialty_changed() returns trigger language plpgsql as $fn$
      begin
        update doctor_next_free set specialty_id = new.specialty_id where doctor_id = new.user_id;
        return null;
      end $fn$;`);
    this.addSql(`create trigger doctor_profiles_specialty_changed after update of specialty_id on doctor_profiles for each row
      when (old.specialty_id is distinct from new.specialty_id) execute function doctor_profiles_specialty_changed();`);

    this.addSql(`${REFRESH_HEAD}
        insert into doctor_next_free (doctor_id, computed_for, next_free, full_name, bookable, specialty_id, free_days)
        select p.user_id, earliest, doctor_first_free(p.user_id, earliest), u.full_name, (u.role = 'doctor' and u.status = 'active'), p.specialty_id,
          ${FREE_DAYS}
        from doctor_profiles p join user_accounts u on u.id = p.user_id where p.user_id in (select unnest(doctors))
        on conflict (doctor_id) do update set computed_for = excluded.computed_for, next_free = excluded.next_free, free_days = excluded.free_days;
      end $fn$;`);
  }

  override down(): void {
    this.addSql(`${REFRESH_HEAD}
        insert into doctor_next_free (doctor_id, computed_for, next_free)
        select p.user_id, earliest, doctor_first_free(p.user_id, earliest)
        from doctor_profiles p where p.user_id in (select unnest(doctors))
        on conflict (doctor_id) do update set computed_for = excluded.computed_for, next_free = excluded.next_free;
      end $fn$;`);
    this.addSql(`drop trigger if exists doctor_profiles_specialty_changed on doctor_profiles;`);
    this.addSql(`drop function if exists doctor_profiles_specialty_changed();`);
    this.addSql(`drop trigger if exists doctor_profiles_added on doctor_profiles;`);
    this.addSql(`drop function if exists doctor_profiles_added();`);
    this.addSql(`drop function if exists doctor_accounts_changed(uuid[]);`);
    this.addSql(`drop trigger if exists doctor_next_free_bookable on doctor_next_free;`);
    this.addSql(`drop trigger if exists doctor_next_free_inserted on doctor_next_free;`);
    this.addSql(`drop trigger if exists doctor_next_free_deleted on doctor_next_free;`);
    this.addSql(`drop function if exists doctor_bookable_count_flip();`);
    this.addSql(`drop function if exists doctor_bookable_count_rows();`);
    this.addSql(`drop table if exists doctor_bookable_count;`);
    this.addSql(`drop index if exists doctor_next_free_computed_for_idx;`);
    this.addSql(`drop index if exists doctor_next_free_order_idx;`);
    this.addSql(`drop index if exists doctor_next_free_specialty_idx;`);
    this.addSql(`create index doctor_next_free_idx on doctor_next_free (next_free, doctor_id);`);
    this.addSql(`alter table doctor_next_free drop column full_name, drop column bookable, drop column specialty_id, drop column free_days;`);
  }
}
