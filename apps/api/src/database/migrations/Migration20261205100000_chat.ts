import { Migration } from '@mikro-orm/migrations';

/**
 * Messaging and instant consultations (the chat module).
 * - `conversations`: one per patient–doctor pair; `last_seq` is the seq of its newest message, bumped under the
 *   row's lock by the statement that adds a message, so seqs are gap-free and never repeat.
 * - `messages`: `(conversation_id, seq)` orders a conversation; `(sender_id, client_id)` makes a resend of the
 *   same client message return the stored one. `read_at` is when the other participant read it.
 * - `conversation_notices`: per recipient, the newest seq an "unread message" notice was sent for.
 * - `consultation_doctors`: who takes instant consultations now, and when their page last beat.
 * - `consultations`: the queue and its assignments. The partial unique indexes hold the rules in the database:
 *   one open consultation per patient, one assigned consultation per doctor.
 */
export class Migration20261205100000_chat extends Migration {
  override up(): void {
    this.addSql(`create table conversations (
      id uuid primary key default gen_random_uuid(),
      patient_id uuid not null references users (id) on delete cascade,
      doctor_id uuid not null references users (id) on delete cascade,
      last_seq int not null default 0,
      last_message_at timestamptz null,
      created_at timestamptz not null default now(),
      constraint conversations_pair_key unique (patient_id, doctor_id)
    );`);
    this.addSql(`create index conversations_doctor_idx on conversations (doctor_id);`);

    this.addSql(`create table messages (
      id uuid primary key default gen_random_uuid(),
      conversation_id uuid not null references conversations (id) on delete cascade,
      seq int not null check (seq > 0),
      sender_id uuid not null references users (id) on delete cascade,
      client_id text not null,
      body text not null,
      attachment_name text null,
      attachment_type text null,
      attachment_size int null,
      attachment_key text null,
      created_at timestamptz not null default now(),
      read_at timestamptz null,
      constraint messages_conversation_seq_key unique (conversation_id, seq),
      constraint messages_sender_client_key unique (sender_id, client_id)
    );`);
    this.addSql(`create index messages_unread_idx on messages (conversation_id, seq) where read_at is null;`);

    this.addSql(`create table conversation_notices (
      conversation_id uuid not null references conversations (id) on delete cascade,
      user_id uuid not null references users (id) on delete cascade,
      notified_seq int not null,
      primary key (conversation_id, user_id)
    );`);

    this.addSql(`create table consultation_doctors (
      doctor_id uuid primary key references users (id) on delete cascade,
      available boolean not null default false,
      available_since timestamptz null,
      last_seen_at timestamptz not null
    );`);

    this.addSql(`create table consultations (
      id uuid primary key default gen_random_uuid(),
      patient_id uuid not null references users (id) on delete cascade,
      doctor_id uuid null references users (id) on delete cascade,
      specialty text null,
      reason text not null,
      status text not null default 'waiting' check (status in ('waiting', 'assigned', 'ended', 'left')),
      conversation_id uuid null references conversations (id) on delete set null,
      requested_at timestamptz not null,
      patient_seen_at timestamptz not null,
      assigned_at timestamptz null,
      ended_at timestamptz null
    );`);
    this.addSql(`create unique index consultations_patient_open_key on consultations (patient_id) where status in ('waiting', 'assigned');`);
    this.addSql(`create unique index consultations_doctor_assigned_key on consultations (doctor_id) where status = 'assigned';`);
    this.addSql(`create index consultations_waiting_idx on consultations (requested_at, id) where status = 'waiting';`);
    this.addSql(`create index consultations_pair_idx on consultations (patient_id, doctor_id);`);
  }

  override down(): void {
    this.addSql(`drop table if exists consultations;`);
    this.addSql(`drop table if exists consultation_doctors;`);
    this.addSql(`drop table if exists conversation_notices;`);
    this.addSql(`drop table if exists messages;`);
    this.addSql(`drop table if exists conversations;`);
  }
}
