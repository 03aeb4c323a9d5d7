import { Migration } from '@mikro-orm/migrations';

/**
 * `refresh_doctor_days` (every booking, cancellation and schedule change runs it through the triggers) keeps its
 * statements' generic plans. PL/pgSQL caches them, but its array parameters made PostgreSQL prefer a custom plan
 * on every call: `pg_stat_statements` on the booking benchmark showed its two statements planned for 1.9 ms per
 * booking beside 1.8 ms of running them, and the `pg` baseline sending the booking statement alone went from 619 to 916 bookings/s with this
 * setting. The generic plans look the doctors up by their indexes, whatever the arrays hold.
 */
export class Migration20261211100000_refresh_days_generic_plans extends Migration {
  override up(): void {
    this.addSql(`alter function refresh_doctor_days(uuid[], timestamptz[], timestamptz[]) set plan_cache_mode = force_generic_plan;`);
  }

  override down(): void {
    this.addSql(`alter function refresh_doctor_days(uuid[], timestamptz[], timestamptz[]) reset plan_cache_mode;`);
  }
}
