import { Migration } from '@mikro-orm/migrations';

/**
 * An email delivery keeps its template's fields (`context`, as they were at the time of the event) instead of
 * the rendered message: the sender renders it when it sends, and the admin's mailbox when it shows it, so the
 * booking's transaction neither renders nor writes the message's kilobytes. `text_body` stays for SMS texts and
 * for rows written before this change (their message as rendered then).
 */
export class Migration20261207100000_delivery_context extends Migration {
  override up(): void {
    this.addSql(`alter table deliveries add column context jsonb null;`);
    this.addSql(`alter table deliveries alter column text_body drop not null;`);
  }

  override down(): void {
    // The earlier schema wants a text for every row: emails not yet rendered keep their subject as their text.
    this.addSql(`update deliveries set text_body = subject where text_body is null;`);
    this.addSql(`alter table deliveries alter column text_body set not null;`);
    this.addSql(`alter table deliveries drop column context;`);
  }
}
