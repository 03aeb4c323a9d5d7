import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000000_foundation extends Migration {
  override up(): void {
    this.addSql(`create extension if not exists pgcrypto;`);

    this.addSql(`create table users (
      id uuid primary key default gen_random_uuid(),
      email text not null,
      full_name text not null,
      role text not null check (role in ('patient', 'doctor', 'admin')),
      status text not null check (status in ('active', 'pending', 'rejected', 'suspended')),
      status_reason text null,
      phone text null,
      password_hash text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint users_email_lowercase check (email = lower(email))
    );`);
    this.addSql(`create unique index users_email_unique on users (email);`);
    this.addSql(`create index users_role_status_idx on users (role, status, created_at desc);`);

    this.addSql(`create table specialties (
      id uuid primary key default gen_random_uuid(),
      name text not null
    );`);
    this.addSql(`create unique index specialties_name_unique on specialties (lower(name));`);

    this.addSql(`create table doctor_profiles (
      user_id uuid primary key references users (id) on delete cascade,
      specialty_id uuid not null references specialties (id),
      license_number text not null,
      experience_years int null check (experience_years between 0 and 80),
      location text null,
      bio text null,
      photo_url text null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );`);
    this.addSql(`create index doctor_profiles_specialty_idx on doctor_profiles (specialty_id);`);

    this.addSql(`create table patient_profiles (
      user_id uuid primary key references users (id) on delete cascade,
      date_of_birth date null,
      gender text null check (gender in ('female', 'male', 'other', 'unspecified')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );`);

    this.addSql(`create table refresh_tokens (
      id uuid primary key,
      user_id uuid not null references users (id) on delete cascade,
      family_id uuid not null,
      token_hash text not null,
      expires_at timestamptz not null,
      used_at timestamptz null,
      revoked_at timestamptz null,
      created_at timestamptz not null default now()
    );`);
    this.addSql(`create index refresh_tokens_family_idx on refresh_tokens (family_id);`);
    this.addSql(`create index refresh_tokens_user_idx on refresh_tokens (user_id);`);

    this.addSql(`create table login_failures (
      key text primary key,
      failures int not null,
      window_started_at timestamptz not null
    );`);

    this.addSql(`create table audit_log (
      id uuid primary key default gen_random_uuid(),
      actor_id uuid null,
      action text not null,
      target_type text not null,
      target_id uuid null,
      details jsonb null,
      created_at timestamptz not null default now()
    );`);
    this.addSql(`create index audit_log_created_idx on audit_log (created_at desc);`);
    this.addSql(`create index audit_log_actor_idx on audit_log (actor_id);`);
  }

  override down(): void {
    this.addSql(`drop table if exists audit_log, login_failures, refresh_tokens, patient_profiles, doctor_profiles, specialties, users cascade;`);
  }
}
