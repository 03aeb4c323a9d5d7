import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Interval } from '@carebook/shared';

/** Owns appointments. So far: which times they hold; booking and the lifecycle build on this table. */
@Injectable()
export class AppointmentsService {
  constructor(private readonly em: EntityManager) {}

  /**
   * Times held by pending or confirmed appointments of these doctors that overlap [from, to).
   * Served by the partial index appointments_doctor_holds_idx (doctor_id, starts_at) include (ends_at);
   * the lower bound on starts_at assumes no appointment lasts longer than a day.
   */
  async heldBetween(doctorIds: readonly string[], from: Date, to: Date): Promise<Map<string, Interval[]>> {
    const held = new Map<string, Interval[]>();
    if (doctorIds.length === 0) return held;
    const rows = await this.em.getConnection().execute<{ doctor_id: string; starts_at: Date; ends_at: Date }[]>(
      `select doctor_id, starts_at, ends_at from appointments
       where doctor_id = any(?::uuid[]) and status in ('pending', 'confirmed')
         and starts_at < ? and starts_at > ?::timestamptz - interval '1 day' and ends_at > ?`,
      [`{${doctorIds.join(',')}}`, to, from, from],
    );
    for (const r of rows) {
      const list = held.get(r.doctor_id) ?? [];
      list.push({ start: new Date(r.starts_at).getTime(), end: new Date(r.ends_at).getTime() });
      held.set(r.doctor_id, list);
    }
    return held;
  }
}
