import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Interval } from '@carebook/shared';

/**
 * Which times appointments hold. The appointments module owns the table and writes it; the slot engine only
 * needs this one read, so it lives here and the appointments module (which books through the engine) sits above.
 */
@Injectable()
export class HeldTimesService {
  constructor(private readonly em: EntityManager) {}

  /**
   * Times held by pending or confirmed appointments of these doctors that overlap [from, to).
   * Served by the partial index appointments_doctor_holds_idx (doctor_id, starts_at) include (ends_at);
   * the lower bound on starts_at assumes no appointment lasts longer than a day.
   */
  async heldBetween(doctorIds: readonly string[], from: Date, to: Date): Promise<Map<string, Interval[]>> {
    const held = new Map<string, Interval[]>();
    if (doctorIds.length === 0) return held;
    // Epoch milliseconds as float8 arrive as numbers: no Date parsing per row.
    const rows = await this.em.getConnection().execute<{ doctor_id: string; s: number; e: number }[]>(
      `select doctor_id, extract(epoch from starts_at)::float8 * 1000 as s, extract(epoch from ends_at)::float8 * 1000 as e
       from appointments
       where doctor_id = any(?::uuid[]) and status in ('pending', 'confirmed')
         and starts_at < ? and starts_at > ?::timestamptz - interval '1 day' and ends_at > ?`,
      [`{${doctorIds.join(',')}}`, to, from, from],
    );
    for (const r of rows) {
      const list = held.get(r.doctor_id) ?? [];
      list.push({ start: r.s, end: r.e });
      held.set(r.doctor_id, list);
    }
    return held;
  }
}
