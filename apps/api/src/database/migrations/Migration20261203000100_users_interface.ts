import { Migration } from '@mikro-orm/migrations';

/**
 * The users module's published database interface. Other modules' SQL reads accounts through this view,
 * never the `users` table: it carries no secrets (no password hash, no token version), and the users module
 * may change its table behind it.
 */
export class Migration20261203000100_users_interface extends Migration {
  override up(): void {
    this.addSql(`create view user_accounts as
      select id, role, status, full_name, email, phone, created_at from users;`);
  }

  override down(): void {
    this.addSql(`drop view if exists user_accounts;`);
  }
}
