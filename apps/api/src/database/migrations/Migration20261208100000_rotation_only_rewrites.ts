import { Migration } from '@mikro-orm/migrations';

/**
 * Encrypted values that are never edited change only under key rotation. Visit notes were append-only except for
 * `content`, which any UPDATE could rewrite; messages had no guard at all. Now a change of a note's `content` or a
 * message's `body` is refused unless the transaction set `carebook.key_rotation` to 'on' (`set_config(…, true)`,
 * local to the transaction), which only KeyRotation does. It is a guard against the application or a hand-written
 * statement editing a record, not against someone who owns the database. The setting's name is KEY_ROTATION_SETTING
 * (common/crypto/key-rotation.ts), spelled out here as a migration does not change with the code.
 */
export class Migration20261208100000_rotation_only_rewrites extends Migration {
  override up(): void {
    this.addSql(`create or replace function visit_notes_append_only() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and (new.id, new.appointment_id, new.author_id, new.amends, new.created_at)
            is not distinct from (old.id, old.appointment_id, old.author_id, old.amends, old.created_at)
            and current_setting('carebook.key_rotation', true) = 'on' then
          return new; -- key rotation: the same note re-encrypted
        end if;
        raise exception 'visit notes are append-only: write a note that amends this one' using errcode = '42501';
      end $$;`);
    this.addSql(`create function messages_body_rotation_only() returns trigger language plpgsql as $$
      begin
        if current_setting('carebook.key_rotation', true) = 'on' then
          return new; -- key rotation: the same body re-encrypted
        end if;
        raise exception 'messages are never edited: only key rotation rewrites a body' using errcode = '42501';
      end $$;`);
    this.addSql(`create trigger messages_body_rotation_only before update of body on messages for each row
      when (old.body is distinct from new.body) execute function messages_body_rotation_only();`);
  }

  override down(): void {
    this.addSql(`drop trigger if exists messages_body_rotation_only on messages;`);
    this.addSql(`drop function if exists messages_body_rotation_only();`);
    this.addSql(`create or replace function visit_notes_append_only() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and (new.id, new.appointment_id, new.author_id, new.amends, new.created_at)
            is not distinct from (old.id, old.appointment_id, old.author_id, old.amends, old.created_at) then
          return new; -- key rotation: the same note re-encrypted
        end if;
        raise exception 'visit notes are append-only: write a note that amends this one' using errcode = '42501';
      end $$;`);
  }
}
