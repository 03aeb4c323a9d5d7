import { Injectable } from '@nestjs/common';
import { raw, type RawQueryFragment } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { AppointmentEvent, AppointmentStatus, Gender, Role } from '@carebook/shared';
import { sqlList } from '../../common/sql';
import { PreparedStatement } from '../../database/bound-statement';

/** An appointment with its doctor's card and its patient's name, as the booking, list and detail queries read it. */
export interface AppointmentRow {
  id: string;
  status: AppointmentStatus;
  doctor_id: string;
  patient_id: string;
  starts_at: Date;
  ends_at: Date;
  reason: string;
  status_reason: string | null;
  patient_full_name: string;
  patient_age: number | null;
  patient_gender: Gender | null;
  patient_phone: string | null;
  patient_email: string;
  sequence: number;
  created_at: Date;
  updated_at: Date;
  doctor_name: string;
  specialty: string;
  location: string | null;
  photo_url: string | null;
  experience_years: number | null;
  patient_name: string;
}

/** The parts of an appointment the lifecycle decides on. */
export type AppointmentState = Pick<AppointmentRow, 'id' | 'status' | 'doctor_id' | 'patient_id' | 'starts_at'>;

export interface HistoryRow {
  id: string;
  event: AppointmentEvent;
  from_status: AppointmentStatus | null;
  to_status: AppointmentStatus;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: Role | null;
  reason: string | null;
  starts_at: Date;
  previous_starts_at: Date | null;
  created_at: Date;
}

export type ExpiredRow = AppointmentState & Pick<AppointmentRow, 'ends_at'> & { event_id: string };

/** Everything the booking statement writes and checks. */
export interface BookingInput {
  doctorId: string;
  patientId: string;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  reason: string;
  details: { fullName: string; age: number | null; gender: Gender | null; phone: string | null; email: string };
  now: Date;
  /** Where the slot falls in the clinic's week: ISO weekday and clinic-local minutes of its start and end. */
  local: { weekday: number; startMinute: number; endMinute: number };
}

/** List filters; every condition given applies (a patient's own id and a requested patient id may both be set). */
export interface AppointmentFilter {
  patientIds: string[];
  doctorIds: string[];
  statuses?: AppointmentStatus[];
  from?: Date;
  to?: Date;
  /** Each word must appear in the reason, the name given with the booking or the patient's account name. */
  words: string[];
  specialty?: string;
  /** Clinic-local start hours [from, to). */
  hours?: { timezone: string; from: number; to: number };
}

/** The one status the expiry job takes from, as a literal for the partial index appointments_pending_idx. */
const PENDING = sqlList(['pending'] satisfies AppointmentStatus[]);

/** The doctor's card (doctors module) and the patient's account name (users module), through their published views. */
const APPOINTMENT_COLUMNS = `a.id, a.status, a.doctor_id, a.patient_id, a.starts_at, a.ends_at, a.reason, a.status_reason,
  a.patient_full_name, a.patient_age, a.patient_gender, a.patient_phone, a.patient_email, a.sequence, a.created_at, a.updated_at,
  d.full_name as doctor_name, d.specialty, d.location, d.photo_url, d.experience_years, pu.full_name as patient_name`;
const APPOINTMENT_JOINS = `join doctor_cards d on d.doctor_id = a.doctor_id
  join user_accounts pu on pu.id = a.patient_id`;

/**
 * The booking, its history entry and the names the answer shows, in one statement. The slot was checked
 * against cached hours; `doctor_accepts_booking` (the doctors module's) re-checks, at insert time, what another
 * instance may have changed since: the doctor still takes bookings, works when the slot starts and ends, and
 * is not away. The exclusion constraints and slot keys decide whether the time is still free. `tools/bench`
 * sends this same prepared statement, with the same values, through pg as the booking baseline.
 */
export const BOOKING_STATEMENT = new PreparedStatement(`with a as (
      insert into appointments (doctor_id, patient_id, starts_at, ends_at, status, reason, patient_full_name, patient_age,
        patient_gender, patient_phone, patient_email, created_at, updated_at)
      select $1::uuid, $2::uuid, $3::timestamptz, $4::timestamptz, $5::text, $6::text,
        $7::text, $8::smallint, $9::text, $10::text, $11::text, $12::timestamptz, $12::timestamptz
      where doctor_accepts_booking($1::uuid, $13::smallint, $14::int, $15::int, $3::timestamptz, $4::timestamptz)
      returning *
    ), history as (
      insert into appointment_events (appointment_id, event, from_status, to_status, actor_id, actor_role, starts_at, created_at)
      select id, 'booked', null, status, patient_id, 'patient', starts_at, created_at from a
      returning id
    )
    select a.*, pu.full_name as patient_name, d.full_name as doctor_name, d.specialty, d.location, d.photo_url, d.experience_years,
      (select id from history) as event_id
    from a ${APPOINTMENT_JOINS}`);

/** The values of BOOKING_STATEMENT for this booking, in its parameters' order. */
export function bookingValues(input: BookingInput): unknown[] {
  const { details, local } = input;
  return [
    input.doctorId, input.patientId, input.startsAt, input.endsAt, input.status, input.reason,
    details.fullName, details.age, details.gender, details.phone, details.email, input.now,
    local.weekday, local.startMinute, local.endMinute,
  ];
}

/** The conditions of a list filter, and their parameters. */
function listWhere(filter: AppointmentFilter): { where: string; params: Record<string, unknown> } {
  const conditions: string[] = [];
  const params: Record<string, unknown> = {};
  filter.patientIds.forEach((id, i) => {
    conditions.push(`a.patient_id = :patientId${i}`);
    params[`patientId${i}`] = id;
  });
  filter.doctorIds.forEach((id, i) => {
    conditions.push(`a.doctor_id = :doctorId${i}`);
    params[`doctorId${i}`] = id;
  });
  if (filter.statuses?.length) {
    conditions.push('a.status = any(:statuses::text[])');
    params['statuses'] = `{${filter.statuses.join(',')}}`;
  }
  if (filter.from) {
    conditions.push('a.starts_at >= :from');
    params['from'] = filter.from;
  }
  if (filter.to) {
    conditions.push('a.starts_at < :to');
    params['to'] = filter.to;
  }
  filter.words.forEach((like, i) => {
    conditions.push(`(a.reason ilike :word${i} or a.patient_full_name ilike :word${i} or pu.full_name ilike :word${i})`);
    params[`word${i}`] = like;
  });
  if (filter.specialty) {
    conditions.push('lower(d.specialty) = lower(:specialty)');
    params['specialty'] = filter.specialty;
  }
  if (filter.hours) {
    conditions.push(
      'extract(hour from a.starts_at at time zone :timezone) >= :fromHour and extract(hour from a.starts_at at time zone :timezone) < :toHour',
    );
    Object.assign(params, { timezone: filter.hours.timezone, fromHour: filter.hours.from, toHour: filter.hours.to });
  }
  return { where: conditions.length ? `where ${conditions.join(' and ')}` : '', params };
}

/** The appointments module's SQL: appointments and their history. Other modules never name these tables. */
@Injectable()
export class AppointmentsRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * The booked appointment and its history entry's id, or none when `doctor_accepts_booking` refused; slot
   * conflicts throw. Like every statement here it runs in the caller's transaction, if any.
   */
  async book(input: BookingInput): Promise<(AppointmentRow & { event_id: string }) | undefined> {
    const [row] = await BOOKING_STATEMENT.execute<AppointmentRow & { event_id: string }>(this.em, bookingValues(input));
    return row;
  }

  /** Moves the appointment if it is still in the state and at the time it was checked in: the history entry's id, or none. */
  async reschedule(input: {
    id: string;
    expected: { status: AppointmentStatus; startsAt: Date };
    startsAt: Date;
    endsAt: Date;
    status: AppointmentStatus;
    actor: { id: string; role: Role };
    now: Date;
  }): Promise<string | undefined> {
    const [moved] = await this.em.execute<{ event_id: string }[]>(
      raw<RawQueryFragment>(
        `with a as (
           update appointments set starts_at = :startsAt, ends_at = :endsAt, status = :status, sequence = sequence + 1, updated_at = :now
           where id = :id and status = :expectedStatus and starts_at = :expectedStartsAt
           returning id, status, starts_at
         ), history as (
           insert into appointment_events (appointment_id, event, from_status, to_status, actor_id, actor_role, starts_at, previous_starts_at, created_at)
           select id, 'rescheduled', :expectedStatus, status, :actorId, :actorRole, starts_at, :expectedStartsAt, :now from a
           returning id
         )
         select id as event_id from history`,
        {
          id: input.id,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          status: input.status,
          now: input.now,
          expectedStatus: input.expected.status,
          expectedStartsAt: input.expected.startsAt,
          actorId: input.actor.id,
          actorRole: input.actor.role,
        },
      ),
    );
    return moved?.event_id;
  }

  /** Changes the status if it is still the one it was checked in, with its history entry: that entry's id, or none. */
  async changeStatus(input: {
    id: string;
    from: AppointmentStatus;
    to: AppointmentStatus;
    event: AppointmentEvent;
    reason: string | null;
    actor: { id: string; role: Role };
    now: Date;
  }): Promise<string | undefined> {
    const [changed] = await this.em.execute<{ event_id: string }[]>(
      raw<RawQueryFragment>(
        `with a as (
           update appointments set status = :to, status_reason = :reason, updated_at = :now
           where id = :id and status = :from
           returning id, status, starts_at
         ), history as (
           insert into appointment_events (appointment_id, event, from_status, to_status, actor_id, actor_role, reason, starts_at, created_at)
           select id, :event, :from, status, :actorId, :actorRole, :reason, starts_at, :now from a
           returning id
         )
         select id as event_id from history`,
        {
          id: input.id,
          from: input.from,
          to: input.to,
          event: input.event,
          reason: input.reason,
          actorId: input.actor.id,
          actorRole: input.actor.role,
          now: input.now,
        },
      ),
    );
    return changed?.event_id;
  }

  async one(id: string): Promise<AppointmentRow | undefined> {
    const [row] = await this.many([id]);
    return row;
  }

  /** Confirmed appointments still to come, in id order after `afterId` (keyset pages). */
  confirmedAhead(now: Date, afterId: string | null, limit: number): Promise<AppointmentRow[]> {
    return this.em.execute<AppointmentRow[]>(
      raw<RawQueryFragment>(
        `select ${APPOINTMENT_COLUMNS} from appointments a ${APPOINTMENT_JOINS}
         where a.status = 'confirmed' and a.starts_at > :now and (:afterId::uuid is null or a.id > :afterId::uuid)
         order by a.id limit :limit`,
        { now, afterId, limit },
      ),
    );
  }

  many(ids: readonly string[]): Promise<AppointmentRow[]> {
    return this.em.execute<AppointmentRow[]>(
      raw<RawQueryFragment>(`select ${APPOINTMENT_COLUMNS} from appointments a ${APPOINTMENT_JOINS} where a.id = any(:ids::uuid[])`, {
        ids: `{${ids.join(',')}}`,
      }),
    );
  }

  /** One page in start order, with the total of all that match (0 rows say nothing about the total on later pages). */
  async list(
    filter: AppointmentFilter,
    page: { order: 'asc' | 'desc'; limit: number; offset: number },
  ): Promise<{ rows: AppointmentRow[]; total: number | null }> {
    const { where, params } = listWhere(filter);
    const order = page.order === 'desc' ? 'desc' : 'asc';
    const rows = await this.em.execute<(AppointmentRow & { total: string })[]>(
      raw<RawQueryFragment>(
        `select ${APPOINTMENT_COLUMNS}, count(*) over () as total
         from appointments a ${APPOINTMENT_JOINS}
         ${where}
         order by a.starts_at ${order}, a.id
         limit :limit offset :offset`,
        { ...params, limit: page.limit, offset: page.offset },
      ),
    );
    return { rows, total: rows.length > 0 ? Number(rows[0].total) : null };
  }

  async count(filter: AppointmentFilter): Promise<number> {
    const { where, params } = listWhere(filter);
    const [row] = await this.em.execute<{ total: string }[]>(raw<RawQueryFragment>(`select count(*) as total from appointments a ${APPOINTMENT_JOINS} ${where}`, params));
    return Number(row.total);
  }

  async state(id: string): Promise<AppointmentState | undefined> {
    const [row] = await this.em.execute<AppointmentState[]>(raw<RawQueryFragment>('select id, status, doctor_id, patient_id, starts_at from appointments where id = :id', { id }));
    return row;
  }

  /** Whether this patient has ever had an appointment (in any state) with this doctor. */
  async anyBetween(patientId: string, doctorId: string): Promise<boolean> {
    const rows = await this.em.execute<unknown[]>(
      raw<RawQueryFragment>('select 1 from appointments where patient_id = :patientId and doctor_id = :doctorId limit 1', { patientId, doctorId }),
    );
    return rows.length > 0;
  }

  /** The appointment's history, oldest first, with each actor's account name. */
  history(appointmentId: string): Promise<HistoryRow[]> {
    return this.em.execute<HistoryRow[]>(
      raw<RawQueryFragment>(
        `select e.id, e.event, e.from_status, e.to_status, e.actor_id, u.full_name as actor_name, e.actor_role, e.reason,
           e.starts_at, e.previous_starts_at, e.created_at
         from appointment_events e left join user_accounts u on u.id = e.actor_id
         where e.appointment_id = :appointmentId order by e.id`,
        { appointmentId },
      ),
    );
  }

  /**
   * Cancels, inside the caller's transaction and only if it can take `lockKey` as a transaction-scoped advisory
   * lock, up to `limit` requests still pending that were made before `requestedBefore` or whose start has come,
   * oldest request first, with their history entries. Null when another instance holds the lock.
   */
  async expirePending(input: {
    lockKey: number;
    requestedBefore: Date;
    now: Date;
    limit: number;
    /** The status reason of requests that waited too long (those whose time came say so instead). */
    reason: string;
  }): Promise<ExpiredRow[] | null> {
    const [{ locked }] = await this.em.execute<{ locked: boolean }[]>(
      raw<RawQueryFragment>('select pg_try_advisory_xact_lock(:key) as locked', { key: input.lockKey }),
    );
    if (!locked) return null;
    return this.em.execute<ExpiredRow[]>(
      raw<RawQueryFragment>(
        `with due as (
           select id from appointments
           where status = ${PENDING} and (created_at <= :requestedBefore or starts_at <= :now)
           order by created_at limit :limit for update skip locked
         ), a as (
           update appointments set status = :cancelled, updated_at = :now,
             status_reason = case when starts_at <= :now then 'The appointment time came before the doctor confirmed it'
               else :reason end
           where id in (select id from due) and status = ${PENDING}
           returning id, status, doctor_id, patient_id, starts_at, ends_at, status_reason
         ), history as (
           insert into appointment_events (appointment_id, event, from_status, to_status, reason, starts_at, created_at)
           select id, 'expired', :pending, status, status_reason, starts_at, :now from a
           returning id, appointment_id
         )
         select a.id, a.status, a.doctor_id, a.patient_id, a.starts_at, a.ends_at, history.id as event_id
         from a join history on history.appointment_id = a.id`,
        {
          requestedBefore: input.requestedBefore,
          now: input.now,
          limit: input.limit,
          reason: input.reason,
          pending: 'pending' satisfies AppointmentStatus,
          cancelled: 'cancelled' satisfies AppointmentStatus,
        },
      ),
    );
  }
}
