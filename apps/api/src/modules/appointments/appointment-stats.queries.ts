import { raw, type RawQueryFragment } from '@mikro-orm/core';

/** Appointments in [from, to) by status, counted by when they start. */
export const countByStatus = (from: Date, to: Date) =>
  raw<RawQueryFragment>(
    `select status, count(*)::int as count from appointments where starts_at >= :from and starts_at < :to group by status`,
    { from, to },
  );

/** The same per clinic-local day. */
export const countPerDayByStatus = (from: Date, to: Date, timezone: string) =>
  raw<RawQueryFragment>(
    `select to_char(starts_at at time zone :timezone, 'YYYY-MM-DD') as day, status, count(*)::int as count
       from appointments where starts_at >= :from and starts_at < :to
      group by 1, 2 order by 1`,
    { from, to, timezone },
  );

/** Per doctor: every appointment and the completed ones. */
export const countPerDoctor = (from: Date, to: Date) =>
  raw<RawQueryFragment>(
    `select doctor_id, count(*)::int as total, (count(*) filter (where status = 'completed'))::int as completed
       from appointments where starts_at >= :from and starts_at < :to
      group by doctor_id`,
    { from, to },
  );
