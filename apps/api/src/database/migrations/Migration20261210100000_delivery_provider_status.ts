import { Migration } from '@mikro-orm/migrations';

/**
 * An SMS delivery keeps the provider's last word on it (Twilio's `sent`, `delivered`, `undelivered` or `failed`).
 * Twilio reports queued → sending → sent → delivered | undelivered | failed, and some carriers never confirm
 * delivery, so `sent` (handed to the carrier) shows the delivery sent; the column tells such a row from a
 * delivered one, so that a carrier's later `undelivered` or `failed` can still turn it failed while a final word
 * stands (callbacks may arrive out of order). Rows settled before this change have none and are left as they are.
 */
export class Migration20261210100000_delivery_provider_status extends Migration {
  override up(): void {
    this.addSql(`alter table deliveries add column provider_status text null check (provider_status in ('sent', 'delivered', 'undelivered', 'failed'));`);
  }

  override down(): void {
    this.addSql(`alter table deliveries drop column provider_status;`);
  }
}
