import { Migration } from '@mikro-orm/migrations';

/**
 * The appointments module publishes `doctor_completed_visits`: per doctor, how many appointments were completed.
 * The doctors module ranks its "top doctors" by it without naming the appointments table. A partial index
 * holds only completed rows, so the count is an index-only scan of them rather than a pass over every appointment.
 */
export class Migration20261206100100_completed_visits extends Migration {
  override up(): void {
    this.addSql(`create index appointments_completed_idx on appointments (doctor_id) where status = 'completed';`);
    this.addSql(`create view doctor_completed_visits as
      select doctor_id, count(*)::int as completed from appointments where status = 'completed' group by doctor_id;`);
  }

  override down(): void {
    this.addSql(`drop view if exists doctor_completed_visits;`);
    this.addSql(`drop index if exists appointments_completed_idx;`);
  }
}
