import { Migration } from '@mikro-orm/migrations';

/**
 * The doctors module's availability summary: per doctor and clinic-local day, the slots their hours offer
 * outside time off and holidays (`candidate_starts`, from the slot engine) and those of them no pending or
 * confirmed appointment holds (`free_starts`), so search reads "who is free on that day" and "when is each
 * doctor next free" with index look-ups instead of running the slot engine per doctor.
 * - `doctor_availability_state`: which clinic-local days every doctor's rows cover and for which clinic rules
 *   (AvailabilitySummaryService recomputes them when the rules or the days needed change).
 * - `doctor_next_free`: each doctor's first free slot at or after `computed_for`; valid for any later instant
 *   up to that slot, so a reader recomputes only the rows the passing time has overtaken.
 * - `refresh_doctor_days(...)`: recomputes the free slots of the days that changed appointments touch, in the
 *   changing statement's own transaction (the appointments module's triggers call it), serialised per doctor
 *   by a transaction-scoped advisory lock so two bookings of one doctor never each miss the other's.
 * - `doctor_first_free(doctor, earliest)`: the doctor's first free slot starting at or after an instant.
 * Instants stay instants (timestamptz); the day, its bounds and the slot length are those the engine used.
 */
export class Migration20261205300000_doctor_availability extends Migration {
  override up(): void {
    this.addSql(`create table doctor_availability_state (
      id smallint primary key check (id = 1),
      rules_key text not null,
      first_day date not null,
      last_day date not null,
      min_notice_minutes int not null,
      updated_at timestamptz not null default now()
    );`);
    this.addSql(`create table doctor_day_availability (
      doctor_id uuid not null references doctor_profiles (user_id) on delete cascade,
      day date not null,
      day_start timestamptz not null,
      day_end timestamptz not null,
      slot_minutes smallint not null check (slot_minutes > 0),
      candidate_starts timestamptz[] not null,
      free_starts timestamptz[] not null,
      first_free timestamptz null,
      last_free timestamptz null,
      primary key (doctor_id, day)
    );`);
    // "Who is free on this day": the day's rows with something free.
    this.addSql(`create index doctor_day_availability_day_idx on doctor_day_availability (day, doctor_id) where first_free is not null;`);
    this.addSql(`create table doctor_next_free (
      doctor_id uuid primary key references doctor_profiles (user_id) on delete cascade,
      computed_for timestamptz not null,
      next_free timestamptz null
    );`);
    this.addSql(`create index doctor_next_free_idx on doctor_next_free (next_free, doctor_id);`);

    this.addSql(`create function doctor_first_free(doctor uuid, earliest timestamptz) returns timestamptz
      language sql stable as $fn$
        select (select min(x) from unnest(a.free_starts) x where x >= earliest)
        from doctor_day_availability a
        where a.doctor_id = doctor and a.day_end > earliest and a.last_free >= earliest
        order by a.day limit 1
      $fn$;`);

    // 0x63626176 ("cbav"): the advisory lock class of the summary; object 0 is the whole summary (shared by
    // every per-doctor change, exclusive for a recompute of every doctor), other objects one doctor each.
    this.addSql(`create function refresh_doctor_days(doctors uuid[], froms timestamptz[], tos timestamptz[]) returns void
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
        end if;
        insert into doctor_next_free (doctor_id, computed_for, next_free)
        select p.user_id, earliest, doctor_first_free(p.user_id, earliest)
        from doctor_profiles p where p.user_id in (select unnest(doctors))
        on conflict (doctor_id) do update set computed_for = excluded.computed_for, next_free = excluded.next_free;
      end $fn$;`);
  }

  override down(): void {
    this.addSql(`drop function if exists refresh_doctor_days(uuid[], timestamptz[], timestamptz[]);`);
    this.addSql(`drop function if exists doctor_first_free(uuid, timestamptz);`);
    this.addSql(`drop table if exists doctor_next_free, doctor_day_availability, doctor_availability_state;`);
  }
}
