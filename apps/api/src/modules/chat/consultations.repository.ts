import { Injectable } from '@nestjs/common';
import { raw, type RawQueryFragment } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { ConsultationStatus } from '@carebook/shared';

export interface ConsultationRow {
  id: string;
  status: ConsultationStatus;
  reason: string;
  specialty: string | null;
  patient_id: string;
  patient_name: string;
  doctor_id: string | null;
  doctor_name: string | null;
  doctor_photo: string | null;
  conversation_id: string | null;
  requested_at: Date;
  assigned_at: Date | null;
  ended_at: Date | null;
  /** While waiting: 1 is next. */
  position: number | null;
}

export interface WaitingRow {
  id: string;
  patient_id: string;
  specialty: string | null;
  requested_at: Date;
  position: number;
}

export interface DoctorPresenceRow {
  doctor_id: string;
  full_name: string;
  specialty: string;
  busy: boolean;
}

const OPEN = `('waiting', 'assigned')`;

const CONSULTATION_SELECT = `
  select c.id, c.status, c.reason, c.specialty, c.patient_id, p.full_name as patient_name, c.doctor_id,
    d.full_name as doctor_name, dc.photo_url as doctor_photo, c.conversation_id, c.requested_at, c.assigned_at, c.ended_at,
    case when c.status = 'waiting' then (select count(*)::int from consultations w
      where w.status = 'waiting' and (w.requested_at, w.id) <= (c.requested_at, c.id)) end as position
  from consultations c
  join user_accounts p on p.id = c.patient_id
  left join user_accounts d on d.id = c.doctor_id
  left join doctor_cards dc on dc.doctor_id = c.doctor_id`;

/** The consultations and consultation_doctors tables: the queue, its assignments and who takes consultations now. */
@Injectable()
export class ConsultationsRepository {
  constructor(private readonly em: EntityManager) {}

  private async many(where: string, params: Record<string, unknown>): Promise<ConsultationRow[]> {
    const rows = await this.em.execute<ConsultationRow[]>(raw<RawQueryFragment>(`${CONSULTATION_SELECT} ${where}`, params));
    return rows.map((row) => ({
      ...row,
      requested_at: new Date(row.requested_at),
      assigned_at: row.assigned_at ? new Date(row.assigned_at) : null,
      ended_at: row.ended_at ? new Date(row.ended_at) : null,
      position: row.position === null ? null : Number(row.position),
    }));
  }

  async one(id: string): Promise<ConsultationRow | undefined> {
    return (await this.many('where c.id = :id', { id }))[0];
  }

  /** The user's open consultation (as patient or doctor), if any. */
  async openOf(userId: string): Promise<ConsultationRow | undefined> {
    return (await this.many(`where (c.patient_id = :userId or c.doctor_id = :userId) and c.status in ${OPEN} order by c.requested_at desc limit 1`, { userId }))[0];
  }

  /** Every waiting consultation with its position, first come first. */
  async waiting(): Promise<ConsultationRow[]> {
    return this.many(`where c.status = 'waiting' order by c.requested_at, c.id`, {});
  }

  /** A new waiting consultation; throws consultations_patient_open_key when the patient already has an open one. */
  async insert(input: { patientId: string; reason: string; specialty: string | null; now: Date }): Promise<string> {
    const [row] = await this.em.execute<{ id: string }[]>(
      raw<RawQueryFragment>(
        `insert into consultations (patient_id, reason, specialty, requested_at, patient_seen_at)
         values (:patientId, :reason, :specialty, :now, :now) returning id`,
        { ...input },
      ),
    );
    return row.id;
  }

  /**
   * Assigns the first waiting patient (first come, first served) who fits a free available doctor, in one
   * statement: the waiting consultation and the doctor's presence row are both taken `for update skip locked`,
   * so concurrent assigners never pick the same pair, and consultations_doctor_assigned_key refuses a doctor
   * a second patient even if two statements raced past each other's snapshot. Answers the assignment, or
   * undefined when no waiting patient fits any free doctor.
   */
  async assignNext(now: Date): Promise<{ id: string; patient_id: string; doctor_id: string } | undefined> {
    const [row] = await this.em.execute<{ id: string; patient_id: string; doctor_id: string }[]>(
      raw<RawQueryFragment>(
        `with pick as (
           select c.id, free.doctor_id
           from consultations c
           cross join lateral (
             select cd.doctor_id from consultation_doctors cd
             join doctor_cards dc on dc.doctor_id = cd.doctor_id
             where cd.available and dc.bookable and (c.specialty is null or dc.specialty = c.specialty)
               and not exists (select 1 from consultations a where a.doctor_id = cd.doctor_id and a.status = 'assigned')
             order by cd.available_since, cd.doctor_id
             limit 1
             for update of cd skip locked
           ) free
           where c.status = 'waiting'
           order by c.requested_at, c.id
           limit 1
           for update of c skip locked
         )
         update consultations c set status = 'assigned', doctor_id = pick.doctor_id, assigned_at = :now
         from pick where c.id = pick.id and c.status = 'waiting'
         returning c.id, c.patient_id, c.doctor_id`,
        { now },
      ),
    );
    return row;
  }

  async setConversation(id: string, conversationId: string): Promise<void> {
    await this.em.execute(raw<RawQueryFragment>('update consultations set conversation_id = :conversationId where id = :id', { id, conversationId }));
  }

  /** Closes an open consultation (`from` the statuses it may close from); answers whether it did. */
  async close(id: string, from: readonly ConsultationStatus[], to: ConsultationStatus, now: Date): Promise<boolean> {
    const rows = await this.em.execute<unknown[]>(
      raw<RawQueryFragment>(`update consultations set status = :to, ended_at = :now where id = :id and status = any(:from::text[]) returning id`, {
        id,
        to,
        now,
        from: `{${from.join(',')}}`,
      }),
    );
    return rows.length > 0;
  }

  /** Turns a doctor's availability on or off (on keeps the time it was first turned on). */
  async setAvailable(doctorId: string, available: boolean, now: Date): Promise<void> {
    await this.em.execute(
      raw<RawQueryFragment>(
        `insert into consultation_doctors (doctor_id, available, available_since, last_seen_at)
         values (:doctorId, :available, case when :available::boolean then :now::timestamptz end, :now)
         on conflict (doctor_id) do update set available = excluded.available, last_seen_at = excluded.last_seen_at,
           available_since = case when excluded.available then coalesce(consultation_doctors.available_since, excluded.available_since) end`,
        { doctorId, available, now },
      ),
    );
  }

  async isAvailable(doctorId: string): Promise<boolean> {
    const [row] = await this.em.execute<{ available: boolean }[]>(
      raw<RawQueryFragment>('select available from consultation_doctors where doctor_id = :doctorId', { doctorId }),
    );
    return row?.available ?? false;
  }

  /** Whether this doctor may be booked (approved and active), through the doctors module's view. */
  async doctorActive(doctorId: string): Promise<boolean> {
    const [row] = await this.em.execute<{ bookable: boolean }[]>(raw<RawQueryFragment>('select bookable from doctor_cards where doctor_id = :doctorId', { doctorId }));
    return row?.bookable ?? false;
  }

  /** A heartbeat: the doctor's presence, or the patient's waiting consultation, is seen now. */
  async beat(userId: string, now: Date): Promise<void> {
    await this.em.execute(
      raw<RawQueryFragment>(
        `with d as (update consultation_doctors set last_seen_at = :now where doctor_id = :userId)
         update consultations set patient_seen_at = :now where patient_id = :userId and status = 'waiting'`,
        { userId, now },
      ),
    );
  }

  /** Doctors silent since `before` stop being available; answers them. */
  async expireDoctors(before: Date): Promise<string[]> {
    const rows = await this.em.execute<{ doctor_id: string }[]>(
      raw<RawQueryFragment>(
        `update consultation_doctors set available = false, available_since = null where available and last_seen_at < :before returning doctor_id`,
        { before },
      ),
    );
    return rows.map((row) => row.doctor_id);
  }

  /** Waiting patients silent since `before` leave the queue; answers their consultations. */
  async expirePatients(before: Date, now: Date): Promise<string[]> {
    const rows = await this.em.execute<{ id: string }[]>(
      raw<RawQueryFragment>(
        `update consultations set status = 'left', ended_at = :now where status = 'waiting' and patient_seen_at < :before returning id`,
        { before, now },
      ),
    );
    return rows.map((row) => row.id);
  }

  /** Available doctors, with whether each is in a consultation now. */
  async availableDoctors(): Promise<DoctorPresenceRow[]> {
    return this.em.execute<DoctorPresenceRow[]>(
      raw<RawQueryFragment>(
        `select cd.doctor_id, dc.full_name, dc.specialty,
           exists (select 1 from consultations a where a.doctor_id = cd.doctor_id and a.status = 'assigned') as busy
         from consultation_doctors cd join doctor_cards dc on dc.doctor_id = cd.doctor_id
         where cd.available and dc.bookable order by cd.available_since, cd.doctor_id`,
        {},
      ),
    );
  }

  /** The average length in minutes of the last consultations that ended, or null when none has. */
  async averageMinutes(): Promise<number | null> {
    const [row] = await this.em.execute<{ minutes: number | null }[]>(
      raw<RawQueryFragment>(
        `select avg(extract(epoch from ended_at - assigned_at) / 60) as minutes from (
           select ended_at, assigned_at from consultations where status = 'ended' and assigned_at is not null
           order by ended_at desc limit 20) recent`,
        {},
      ),
    );
    return row?.minutes === null || row?.minutes === undefined ? null : Number(row.minutes);
  }
}
