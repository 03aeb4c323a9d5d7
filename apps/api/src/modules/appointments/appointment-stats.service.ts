import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from '@carebook/shared';
import { countByStatus, countPerDayByStatus, countPerDoctor } from './appointment-stats.queries';

export type StatusCounts = Record<AppointmentStatus, number>;

export const emptyStatusCounts = (): StatusCounts =>
  Object.fromEntries(APPOINTMENT_STATUSES.map((s) => [s, 0])) as StatusCounts;

/** Counts of appointments for the admin dashboard; every range is [from, to) by start time. */
@Injectable()
export class AppointmentStatsService {
  constructor(private readonly em: EntityManager) {}

  async byStatus(from: Date, to: Date): Promise<StatusCounts> {
    const rows = await this.em.execute<{ status: AppointmentStatus; count: number }[]>(countByStatus(from, to));
    const counts = emptyStatusCounts();
    for (const row of rows) counts[row.status] = row.count;
    return counts;
  }

  /** Per clinic-local day, only days with appointments (the caller fills the gaps). */
  async perDay(from: Date, to: Date, timezone: string): Promise<Map<string, StatusCounts>> {
    const rows = await this.em.execute<{ day: string; status: AppointmentStatus; count: number }[]>(countPerDayByStatus(from, to, timezone));
    const days = new Map<string, StatusCounts>();
    for (const row of rows) {
      const counts = days.get(row.day) ?? emptyStatusCounts();
      counts[row.status] = row.count;
      days.set(row.day, counts);
    }
    return days;
  }

  async perDoctor(from: Date, to: Date): Promise<{ doctorId: string; total: number; completed: number }[]> {
    const rows = await this.em.execute<{ doctor_id: string; total: number; completed: number }[]>(countPerDoctor(from, to));
    return rows.map((r) => ({ doctorId: r.doctor_id, total: r.total, completed: r.completed }));
  }
}
