import { Migration } from '@mikro-orm/migrations';

/**
 * `refresh_doctor_days` (every booking, cancellation and schedule change runs it through the triggers) keeps its
 * statements' generic plans. PL/pgSQL caches them, but its array parameters made PostgreSQL prefer a custom plan
 * on every call: `pg_stat_statements` on the booking benchmark showed its two statements planned for 1.9 ms per
 * booking beside 1.8 ms of running them. With this setting the `pg` baseline (the booking statement alone) ran at
 * 607–916 bookings/s against 473–650 without it at 1k, and 546 against 453 at 10k (a noisy machine; alternating
 * runs). A generic plan is made from the statistics of its time and kept until the next ANALYZE of its tables
 * (autovacuum, the summary's recompute): on tables that have since grown from empty, it looks the doctors up by
 * their indexes again after that.
 */
export class Migration20261211100000_refresh_days_generic_plans extends Migration {
  override up(): void {
    this.addSql(`alter function refresh_doctor_days(uuid[], timestamptz[], timestamptz[]) set plan_cache_mode = force_generic_plan;`);
  }

  override down(): void {
    this.addSql(`alter function refresh_doctor_days(uuid[], timestamptz[], timestamptz[]) reset plan_cache_mode;`);
  }
}
