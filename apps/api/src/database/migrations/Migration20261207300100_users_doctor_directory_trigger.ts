import { Migration } from '@mikro-orm/migrations';

/**
 * The users module tells the doctors module when an account's name, role or status changes — through any
 * statement, rows written by hand included — by calling its published `doctor_accounts_changed`, in the
 * changing statement's transaction: doctor search orders by a copy of the name and counts bookable doctors
 * from a copy of the status (Migration20261207300000_doctor_search_order). Accounts without a doctor profile
 * cost one index probe that finds nothing.
 */
export class Migration20261207300100_users_doctor_directory_trigger extends Migration {
  override up(): void {
    this.addSql(`create function users_account_changed() returns trigger language plpgsql as $fn$
      begin
        perform doctor_accounts_changed(array[new.id]);
        return null;
      end $fn$;`);
    // Row-level with a column list and a condition: other updates of accounts (sign-ins, tokens) never call it.
    this.addSql(`create trigger users_account_changed after update of full_name, role, status on users for each row
      when (old.full_name is distinct from new.full_name or old.role is distinct from new.role or old.status is distinct from new.status)
      execute function users_account_changed();`);
  }

  override down(): void {
    this.addSql(`drop trigger if exists users_account_changed on users;`);
    this.addSql(`drop function if exists users_account_changed();`);
  }
}
