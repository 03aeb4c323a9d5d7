import { Migration } from '@mikro-orm/migrations';

/**
 * The total of an `availableOn` search without a scan: how many bookable doctors of each specialty have a free slot
 * on each summary day (the days of `doctor_next_free.free_days`), kept beside the rows by triggers.
 *
 * The rows are changes, not counters: each trigger inserts +1 or −1 per (specialty, day) it moves, and the count
 * is their sum. Inserting never waits for another transaction, so a booking that fills a doctor's last slot of a
 * day and a recompute of many doctors at once (a holiday, the clinic's settings) cannot lock each other in
 * opposite orders. `compact_doctor_free_day_counts`, from the summary's cron, folds them into one row per
 * (specialty, day) and drops the days before the summary's first; it deletes and inserts in one statement, so a
 * reader sees the rows before or after it, and a change committed meanwhile is not among the rows it deleted.
 * `rebuild_doctor_free_day_counts` counts them afresh from the rows.
 */
export class Migration20261209100000_doctor_free_day_counts extends Migration {
  override up(): void {
    this.addSql(`create table doctor_free_day_counts (
      id bigint generated always as identity primary key,
      specialty_id uuid not null,
      day date not null,
      doctors int not null
    );`);
    this.addSql(`create index doctor_free_day_counts_day_idx on doctor_free_day_counts (day, specialty_id);`);
    // The counts from the rows as they are, in place of the kept changes: here, and after a full recompute of the
    // summary (for rows written with triggers off). A change committed after the statement's snapshot keeps its
    // own row, which adds to the rows the statement did not see.
    this.addSql(`create function rebuild_doctor_free_day_counts() returns void language sql volatile as $fn$
      with gone as (delete from doctor_free_day_counts)
      insert into doctor_free_day_counts (specialty_id, day, doctors)
      select n.specialty_id, d, count(*) from doctor_next_free n, unnest(n.free_days) d where n.bookable
      group by n.specialty_id, d order by n.specialty_id, d;
    $fn$;`);
    this.addSql(`select rebuild_doctor_free_day_counts();`);

    // Rows added or removed (a new profile; a profile deleted): their bookable free days, counted in or out.
    this.addSql(`create function doctor_free_day_counts_rows() returns trigger language plpgsql as $fn$
      begin
        if tg_op = 'INSERT' then
          insert into doctor_free_day_counts (specialty_id, day, doctors)
          select n.specialty_id, d, count(*) from new_rows n, unnest(n.free_days) d where n.bookable group by n.specialty_id, d;
        else
          insert into doctor_free_day_counts (specialty_id, day, doctors)
          select n.specialty_id, d, -count(*) from old_rows n, unnest(n.free_days) d where n.bookable group by n.specialty_id, d;
        end if;
        return null;
      end $fn$;`);
    this.addSql(`create trigger doctor_next_free_days_inserted after insert on doctor_next_free
      referencing new table as new_rows for each statement execute function doctor_free_day_counts_rows();`);
    this.addSql(`create trigger doctor_next_free_days_deleted after delete on doctor_next_free
      referencing old table as old_rows for each statement execute function doctor_free_day_counts_rows();`);

    // A row whose free days, bookability or specialty changed: the (specialty, day) pairs it leaves and joins.
    this.addSql(`create function doctor_free_day_counts_changed() returns trigger language plpgsql as $fn$
      begin
        insert into doctor_free_day_counts (specialty_id, day, doctors)
        select s, d, sum(n) from (
          select old.specialty_id, d, -1 from unnest(old.free_days) d where old.bookable
          union all
          select new.specialty_id, d, 1 from unnest(new.free_days) d where new.bookable
        ) x(s, d, n)
        group by s, d having sum(n) <> 0;
        return null;
      end $fn$;`);
    this.addSql(`create trigger doctor_next_free_days_changed after update of free_days, bookable, specialty_id on doctor_next_free
      for each row when (old.free_days is distinct from new.free_days or old.bookable is distinct from new.bookable
        or old.specialty_id is distinct from new.specialty_id)
      execute function doctor_free_day_counts_changed();`);

    // Only the pairs with more than one row, and the days before the summary: a quiet minute writes nothing.
    // Beside bookings (the summary's shared lock), never beside a full recompute, which rebuilds the rows itself:
    // a fold whose snapshot predates the rebuild's commit would keep its sums next to the rebuilt rows.
    this.addSql(`create function compact_doctor_free_day_counts() returns void language sql volatile as $fn$
      select pg_advisory_xact_lock_shared(1667391862, 0);
      with summary_start as (
        select coalesce((select first_day from doctor_availability_state), '-infinity'::date) as day
      ), gone as (
        delete from doctor_free_day_counts c where (c.specialty_id, c.day) in (
          select specialty_id, day from doctor_free_day_counts group by specialty_id, day
          having count(*) > 1 or day < (select day from summary_start))
        returning specialty_id, day, doctors
      )
      insert into doctor_free_day_counts (specialty_id, day, doctors)
      select specialty_id, day, sum(doctors) from gone where day >= (select day from summary_start)
      group by specialty_id, day having sum(doctors) <> 0 order by specialty_id, day;
    $fn$;`);
  }

  override down(): void {
    this.addSql(`drop function if exists compact_doctor_free_day_counts();`);
    this.addSql(`drop function if exists rebuild_doctor_free_day_counts();`);
    this.addSql(`drop trigger if exists doctor_next_free_days_changed on doctor_next_free;`);
    this.addSql(`drop trigger if exists doctor_next_free_days_deleted on doctor_next_free;`);
    this.addSql(`drop trigger if exists doctor_next_free_days_inserted on doctor_next_free;`);
    this.addSql(`drop function if exists doctor_free_day_counts_changed();`);
    this.addSql(`drop function if exists doctor_free_day_counts_rows();`);
    this.addSql(`drop table if exists doctor_free_day_counts;`);
  }
}
