import { Migration } from '@mikro-orm/migrations';

/**
 * Booking and the appointment lifecycle: the details a patient gives when booking, every status change as
 * history, files attached to an appointment, and the indexes the calendars, queues and searches read.
 */
export class Migration20261125000000_appointments extends Migration {
  override up(): void {
    this.addSql(`alter table appointments
      add column patient_full_name text not null default '',
      add column patient_age smallint null check (patient_age between 0 and 130),
      add column patient_gender text null check (patient_gender in ('female', 'male', 'other', 'unspecified')),
      add column patient_phone text null,
      add column patient_email text not null default '',
      add column status_reason text null,
      add column sequence int not null default 0;`);
    this.addSql(`alter table appointments alter column patient_full_name drop default, alter column patient_email drop default;`);

    // Every booking and status change: who, when, from what, to what, and why. Never updated.
    this.addSql(`create table appointment_events (
      id bigint generated always as identity primary key,
      appointment_id uuid not null references appointments (id) on delete cascade,
      event text not null check (event in ('booked', 'approved', 'declined', 'cancelled', 'rescheduled', 'completed', 'no_show', 'expired')),
      from_status text null,
      to_status text not null,
      actor_id uuid null references users (id) on delete set null,
      actor_role text null check (actor_role in ('patient', 'doctor', 'admin')),
      reason text null,
      starts_at timestamptz not null,
      previous_starts_at timestamptz null,
      created_at timestamptz not null default now()
    );`);
    this.addSql(`create index appointment_events_appointment_idx on appointment_events (appointment_id, id);`);

    this.addSql(`create table appointment_files (
      id uuid primary key default gen_random_uuid(),
      appointment_id uuid not null references appointments (id) on delete cascade,
      uploaded_by uuid not null references users (id),
      file_name text not null,
      content_type text not null,
      size_bytes int not null check (size_bytes > 0),
      storage_key text not null unique,
      created_at timestamptz not null default now()
    );`);
    this.addSql(`create index appointment_files_appointment_idx on appointment_files (appointment_id, created_at);`);

    // Two people taking the same slot at once. The exclusion constraints alone get it right, but two
    // conflicting inserts each see the other's uncommitted row in the GiST index and wait for each other:
    // a deadlock PostgreSQL breaks only after deadlock_timeout (1 s). A unique B-tree index makes the later
    // insert wait for the earlier one *before* adding its own entry, so it fails at once (23505) when the
    // first commits. Index entries are made in index-OID order, so these must be older than the exclusion
    // constraints' indexes: the constraints are re-created after them. The constraints still guard every
    // overlap that does not start at the same instant.
    this.addSql(`create unique index appointments_doctor_slot_key on appointments (doctor_id, starts_at)
      where status in ('pending', 'confirmed');`);
    this.addSql(`create unique index appointments_patient_slot_key on appointments (patient_id, starts_at)
      where status in ('pending', 'confirmed');`);
    this.addSql(`alter table appointments drop constraint appointments_doctor_no_overlap,
      drop constraint appointments_patient_no_overlap;`);
    this.addSql(`alter table appointments
      add constraint appointments_doctor_no_overlap exclude using gist
        (doctor_id with =, tstzrange(starts_at, ends_at) with &&) where (status in ('pending', 'confirmed')),
      add constraint appointments_patient_no_overlap exclude using gist
        (patient_id with =, tstzrange(starts_at, ends_at) with &&) where (status in ('pending', 'confirmed'));`);

    // A doctor's calendar and queue, in every status.
    this.addSql(`create index appointments_doctor_idx on appointments (doctor_id, starts_at);`);
    // The expiry job's question: which requests have waited too long or are about to start?
    this.addSql(`create index appointments_pending_idx on appointments (created_at) include (starts_at) where status = 'pending';`);
    // Admin oversight in time order.
    this.addSql(`create index appointments_starts_at_idx on appointments (starts_at);`);
    // Search by what the patient wrote or their name.
    this.addSql(`create index appointments_reason_trgm on appointments using gin (reason gin_trgm_ops, patient_full_name gin_trgm_ops);`);
  }

  override down(): void {
    this.addSql(`drop table if exists appointment_files, appointment_events;`);
    this.addSql(`drop index if exists appointments_doctor_idx, appointments_pending_idx, appointments_starts_at_idx, appointments_reason_trgm,
      appointments_doctor_slot_key, appointments_patient_slot_key;`);
    this.addSql(`alter table appointments drop column patient_full_name, drop column patient_age, drop column patient_gender,
      drop column patient_phone, drop column patient_email, drop column status_reason, drop column sequence;`);
  }
}
