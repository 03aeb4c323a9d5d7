import { Migration } from '@mikro-orm/migrations';

/** The clinic's locale (BCP 47) and hour cycle: how every date and time is written, in the portal, emails and downloads. */
export class Migration20261206100000_clinic_locale extends Migration {
  override up(): void {
    this.addSql(`alter table clinic_settings add column locale text not null default 'en-GB',
      add column hour_cycle text not null default 'h23',
      add constraint clinic_settings_hour_cycle_check check (hour_cycle in ('h23', 'h12'));`);
  }

  override down(): void {
    this.addSql(`alter table clinic_settings drop constraint if exists clinic_settings_hour_cycle_check,
      drop column if exists locale, drop column if exists hour_cycle;`);
  }
}
