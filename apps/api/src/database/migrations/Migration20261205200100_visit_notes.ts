import { Migration } from '@mikro-orm/migrations';

/**
 * The appointments module's visit notes and its published view `care_relationships`.
 *
 * Notes are append-only: a correction is a new note that `amends` the old one (at most one correction per note,
 * so the versions form a line). The database refuses DELETE and any UPDATE except of `content`, which key
 * rotation re-encrypts in place (same text, new key).
 *
 * `care_relationships` is who is whose patient: a pending, confirmed, completed or no-show appointment. Other
 * sources of care (an assigned instant consultation) join it by replacing the view with a UNION.
 */
export class Migration20261205200100_visit_notes extends Migration {
  override up(): void {
    this.addSql(`create view care_relationships as
      select distinct doctor_id, patient_id from appointments
      where status in ('pending', 'confirmed', 'completed', 'no_show');`);
    this.addSql(`create table visit_notes (
      id uuid primary key,
      appointment_id uuid not null,
      author_id uuid not null,
      amends uuid null,
      content text not null,
      created_at timestamptz not null default now(),
      constraint visit_notes_appointment_id_fkey foreign key (appointment_id) references appointments (id) on update no action on delete no action,
      constraint visit_notes_author_id_fkey foreign key (author_id) references users (id) on update no action on delete no action,
      constraint visit_notes_amends_fkey foreign key (amends) references visit_notes (id) on update no action on delete no action,
      constraint visit_notes_amends_key unique (amends)
    );`);
    this.addSql(`create index visit_notes_appointment_idx on visit_notes (appointment_id, created_at);`);
    this.addSql(`create function visit_notes_append_only() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and (new.id, new.appointment_id, new.author_id, new.amends, new.created_at)
            is not distinct from (old.id, old.appointment_id, old.author_id, old.amends, old.created_at) then
          return new; -- key rotation: the same note re-encrypted
        end if;
        raise exception 'visit notes are append-only: write a note that amends this one' using errcode = '42501';
      end $$;`);
    this.addSql(`create trigger visit_notes_append_only before update or delete on visit_notes
      for each row execute function visit_notes_append_only();`);
  }

  override down(): void {
    this.addSql(`drop table if exists visit_notes;`);
    this.addSql(`drop function if exists visit_notes_append_only();`);
    this.addSql(`drop view if exists care_relationships;`);
  }
}
