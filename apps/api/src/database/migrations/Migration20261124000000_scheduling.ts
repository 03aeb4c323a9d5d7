import { Migration } from '@mikro-orm/migrations';

/**
 * Clinic rules, doctors' weekly hours and time off, and the appointments table's slot-holding core
 * (the appointments issue grows it). Overlaps are refused by exclusion constraints, not only by code.
 */
export class Migration20261124000000_scheduling extends Migration {
  override up(): void {
    this.addSql(`create extension if not exists btree_gist;`);
    this.addSql(`create extension if not exists pg_trgm;`);

    this.addSql(`create table clinic_settings (
      id smallint primary key default 1 check (id = 1),
      clinic_name text not null,
      timezone text not null,
      working_hours jsonb not null,
      slot_minutes int not null check (slot_minutes between 5 and 240),
      min_notice_minutes int not null check (min_notice_minutes between 0 and 20160),
      booking_horizon_days int not null check (booking_horizon_days between 1 and 730),
      cancellation_window_hours int not null check (cancellation_window_hours between 0 and 720),
      pending_expiry_hours int not null check (pending_expiry_hours between 1 and 720),
      reminder_offsets_minutes int[] not null,
      updated_at timestamptz not null default now(),
      updated_by uuid null references users (id) on delete set null
    );`);

    this.addSql(`create table holidays (
      id uuid primary key default gen_random_uuid(),
      date date not null,
      name text not null,
      recurring boolean not null default false,
      created_by uuid null references users (id) on delete set null,
      created_at timestamptz not null default now()
    );`);
    this.addSql(`create unique index holidays_date_unique on holidays (date);`);

    this.addSql(`alter table doctor_profiles
      add column languages text[] not null default '{}',
      add column consultation_types text[] not null default '{in_person}'
        check (consultation_types <@ array['in_person', 'video']::text[] and cardinality(consultation_types) > 0),
      add column contact_phone text null,
      add column contact_email text null,
      add column photo_file text null,
      add column photo_content_type text null,
      add column slot_minutes int null check (slot_minutes between 5 and 240),
      add column auto_approve boolean not null default false;`);
    this.addSql(`create index doctor_profiles_location_trgm on doctor_profiles using gin (location gin_trgm_ops);`);
    this.addSql(`create index users_full_name_trgm on users using gin (full_name gin_trgm_ops) where role = 'doctor';`);

    this.addSql(`create table doctor_weekly_hours (
      id uuid primary key default gen_random_uuid(),
      doctor_id uuid not null references doctor_profiles (user_id) on delete cascade,
      weekday smallint not null check (weekday between 1 and 7),
      start_minute smallint not null check (start_minute between 0 and 1439),
      end_minute smallint not null check (end_minute between 1 and 1440),
      constraint doctor_weekly_hours_order check (end_minute > start_minute),
      constraint doctor_weekly_hours_no_overlap exclude using gist
        (doctor_id with =, weekday with =, int4range(start_minute, end_minute) with &&)
    );`);

    this.addSql(`create table doctor_time_off (
      id uuid primary key default gen_random_uuid(),
      doctor_id uuid not null references doctor_profiles (user_id) on delete cascade,
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      reason text null,
      created_at timestamptz not null default now(),
      constraint doctor_time_off_order check (ends_at > starts_at)
    );`);
    this.addSql(`create index doctor_time_off_doctor_idx on doctor_time_off (doctor_id, ends_at);`);

    this.addSql(`create table appointments (
      id uuid primary key default gen_random_uuid(),
      doctor_id uuid not null references users (id),
      patient_id uuid not null references users (id),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      status text not null check (status in ('pending', 'confirmed', 'declined', 'cancelled', 'completed', 'no_show')),
      reason text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint appointments_order check (ends_at > starts_at),
      constraint appointments_doctor_no_overlap exclude using gist
        (doctor_id with =, tstzrange(starts_at, ends_at) with &&) where (status in ('pending', 'confirmed')),
      constraint appointments_patient_no_overlap exclude using gist
        (patient_id with =, tstzrange(starts_at, ends_at) with &&) where (status in ('pending', 'confirmed'))
    );`);
    // The slot engine's question: which of these doctors' slots are held between two instants?
    this.addSql(`create index appointments_doctor_holds_idx on appointments (doctor_id, starts_at) include (ends_at)
      where status in ('pending', 'confirmed');`);
    this.addSql(`create index appointments_patient_idx on appointments (patient_id, starts_at desc);`);
  }

  override down(): void {
    this.addSql(`drop table if exists appointments, doctor_time_off, doctor_weekly_hours, holidays, clinic_settings cascade;`);
    this.addSql(`drop index if exists users_full_name_trgm;`);
    this.addSql(`alter table doctor_profiles drop column languages, drop column consultation_types,
      drop column contact_phone, drop column contact_email, drop column photo_file, drop column photo_content_type,
      drop column slot_minutes, drop column auto_approve;`);
  }
}
