import { Migration } from '@mikro-orm/migrations';

/**
 * The audit log becomes the record of every read and write of a medical record as well as of admin actions:
 * who (actor and role), whose record (subject), what, why (reason), when and which request. It is append-only —
 * the database refuses UPDATE, DELETE and TRUNCATE — and hash-chained: each row's `hash` covers its content and
 * the previous row's hash, in `seq` order, so `npm run audit:verify` finds the first row altered or removed
 * behind the app's back.
 *
 * The chain is built by a BEFORE INSERT trigger under a transaction-level advisory lock, so concurrent writers
 * line up and `seq` is drawn in the order rows are chained. `audit_log_row_hash` is the one definition of a
 * row's hash, used by the trigger and by verification.
 */
export class Migration20261205200200_audit_chain extends Migration {
  override up(): void {
    this.addSql(`alter table audit_log
      add column seq bigint null,
      add column actor_role text null,
      add column subject_id uuid null,
      add column reason text null,
      add column request_id text null,
      add column prev_hash text null,
      add column hash text null;`);
    this.addSql(`create sequence audit_log_seq_seq;`);
    this.addSql(`create function audit_log_row_hash(prev text, r audit_log) returns text language sql stable as $$
      select encode(sha256(convert_to(coalesce(prev, '') || '|' || jsonb_build_array(
        r.seq, r.id, to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), r.actor_id, r.actor_role,
        r.action, r.target_type, r.target_id, r.subject_id, r.reason, r.request_id, r.details
      )::text, 'UTF8')), 'hex')
    $$;`);
    // Chain the entries written before this migration, oldest first.
    this.addSql(`do $$
      declare r audit_log; last_hash text;
      begin
        for r in select * from audit_log order by created_at, id loop
          r.seq := nextval('audit_log_seq_seq');
          r.prev_hash := last_hash;
          r.hash := audit_log_row_hash(last_hash, r);
          update audit_log set seq = r.seq, prev_hash = r.prev_hash, hash = r.hash where id = r.id;
          last_hash := r.hash;
        end loop;
      end $$;`);
    this.addSql(`create unique index audit_log_seq_idx on audit_log (seq);`);
    this.addSql(`create index audit_log_subject_idx on audit_log (subject_id, created_at desc);`);
    this.addSql(`create function audit_log_chain() returns trigger language plpgsql as $$
      declare last_hash text;
      begin
        perform pg_advisory_xact_lock(hashtext('audit_log_chain'));
        new.seq := nextval('audit_log_seq_seq');
        select hash into last_hash from audit_log order by seq desc limit 1;
        new.prev_hash := last_hash;
        new.hash := audit_log_row_hash(last_hash, new);
        return new;
      end $$;`);
    this.addSql(`create trigger audit_log_chain before insert on audit_log for each row execute function audit_log_chain();`);
    this.addSql(`create function audit_log_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'the audit log is append-only' using errcode = '42501';
      end $$;`);
    this.addSql(`create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_log_append_only();`);
    this.addSql(`create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_append_only();`);
  }
}
