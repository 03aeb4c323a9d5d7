import { Migration } from '@mikro-orm/migrations';

/**
 * Notifications (the notifications module): the bell's entries, every email and SMS with its delivery state
 * (the outbox: written in the transaction of the change that causes it, delivered from the pg-boss queue),
 * each person's channel preferences, and the reminders scheduled for confirmed appointments. Password and
 * invitation tokens (the auth module) make the security emails possible.
 */
export class Migration20261204100000_notifications extends Migration {
  override up(): void {
    this.addSql(`create table notifications (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      kind text not null,
      event_key text not null,
      title text not null,
      body text not null,
      link text null,
      created_at timestamptz not null default now(),
      read_at timestamptz null,
      constraint notifications_event_user_key unique (event_key, user_id)
    );`);
    this.addSql(`create index notifications_user_created_idx on notifications (user_id, created_at desc);`);
    this.addSql(`create index notifications_unread_idx on notifications (user_id) where read_at is null;`);

    // One row per (event, person, channel): the unique key is what makes a delivery happen once.
    this.addSql(`create table deliveries (
      id uuid primary key default gen_random_uuid(),
      event_key text not null,
      user_id uuid not null references users (id) on delete cascade,
      channel text not null check (channel in ('email', 'sms')),
      kind text not null,
      recipient text not null,
      subject text not null,
      text_body text not null,
      html_body text null,
      attachments jsonb null,
      status text not null default 'queued' check (status in ('queued', 'sent', 'failed')),
      attempts int not null default 0,
      last_error text null,
      provider_id text null,
      created_at timestamptz not null default now(),
      sent_at timestamptz null,
      constraint deliveries_event_user_channel_key unique (event_key, user_id, channel)
    );`);
    this.addSql(`create index deliveries_created_idx on deliveries (created_at desc);`);
    this.addSql(`create index deliveries_unsent_idx on deliveries (status) where status <> 'sent';`);
    this.addSql(`create index deliveries_provider_idx on deliveries (provider_id) where provider_id is not null;`);

    this.addSql(`create table notification_preferences (
      user_id uuid primary key references users (id) on delete cascade,
      email_appointments boolean not null default true,
      email_reminders boolean not null default true,
      email_messages boolean not null default true,
      sms_appointments boolean not null default true,
      sms_reminders boolean not null default true,
      updated_at timestamptz not null default now()
    );`);

    // A reminder exists only while its appointment is confirmed at that time: confirming schedules them,
    // every other change removes (and a reschedule re-creates) them in the same transaction. Sent ones are deleted.
    this.addSql(`create table appointment_reminders (
      appointment_id uuid not null references appointments (id) on delete cascade,
      offset_minutes int not null check (offset_minutes > 0),
      due_at timestamptz not null,
      patient_id uuid not null references users (id) on delete cascade,
      details jsonb not null,
      primary key (appointment_id, offset_minutes)
    );`);
    this.addSql(`create index appointment_reminders_due_idx on appointment_reminders (due_at);`);

    // Single-use links that set a password: a reset (1 hour) or an invitation to an imported patient (7 days).
    // Only the token's SHA-256 is kept.
    this.addSql(`create table password_tokens (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      token_hash text not null unique,
      purpose text not null check (purpose in ('reset', 'invite')),
      expires_at timestamptz not null,
      used_at timestamptz null,
      created_at timestamptz not null default now()
    );`);
    this.addSql(`create index password_tokens_user_idx on password_tokens (user_id, created_at desc);`);
  }

  override down(): void {
    this.addSql(`drop table if exists password_tokens;`);
    this.addSql(`drop table if exists appointment_reminders;`);
    this.addSql(`drop table if exists notification_preferences;`);
    this.addSql(`drop table if exists deliveries;`);
    this.addSql(`drop table if exists notifications;`);
  }
}
