import { Migration } from '@mikro-orm/migrations';

/**
 * Access tokens carry the account's token version; signing out, changing the password (and, later, resetting
 * it) raise it, so every access token issued before stops working at once instead of at its expiry.
 */
export class Migration20261204000100_users_token_version extends Migration {
  override up(): void {
    this.addSql(`alter table users add column token_version int not null default 0;`);
  }

  override down(): void {
    this.addSql(`alter table users drop column token_version;`);
  }
}
