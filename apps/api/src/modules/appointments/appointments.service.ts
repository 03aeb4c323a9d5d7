import { ConflictException, ForbiddenException, HttpException, HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import {
  ACTION_EVENT,
  availableActions,
  checkTransition,
  relationTo,
  TIME_OF_DAY_HOURS,
  type AppointmentAction,
  type AppointmentStatus,
  type Gender,
} from '@carebook/shared';
import type { AuthUser } from '../../common/auth-user';
import { Clock } from '../../common/clock';
import { fieldException, ruleException } from '../../common/exceptions';
import { escapeLike } from '../../common/sql';
import { ClinicService } from '../clinic/clinic.service';
import { SlotsService } from '../doctors/slots.service';
import { APPOINTMENT_COLUMNS, APPOINTMENT_JOINS, toAppointmentDto, type AppointmentRow } from './appointment-rows';
import { AppointmentNotifier } from './appointment-notifier';
import type {
  AppointmentDto,
  AppointmentPage,
  BookAppointmentRequest,
  ListAppointmentsQuery,
  PatientDetailsDto,
} from './dto/appointments.dto';
import { slotConflict } from './pg-errors';

/** The parts of an appointment the lifecycle decides on. */
interface AppointmentState {
  id: string;
  status: AppointmentStatus;
  doctor_id: string;
  patient_id: string;
  starts_at: Date;
}

/** Status-changing actions other than rescheduling, which also moves the appointment. */
export type StatusAction = Exclude<AppointmentAction, 'reschedule'>;

/**
 * The booking, its history entry and the names the answer shows, in one statement. The slot was checked
 * against cached hours; the guards re-check, at insert time, what another instance may have changed since:
 * the doctor still takes bookings, still works when the slot starts and ends, and is not away. The
 * exclusion constraints and slot keys decide whether the time is still free. `tools/bench` runs this same
 * statement through pg as the booking baseline.
 */
const BOOKED_APPOINTMENT = `
  with a as (
    insert into appointments (doctor_id, patient_id, starts_at, ends_at, status, reason, patient_full_name, patient_age,
      patient_gender, patient_phone, patient_email, created_at, updated_at)
    select d.id, ?::uuid, ?::timestamptz, ?::timestamptz, ?::text, ?::text, ?::text, ?::smallint, ?::text, ?::text, ?::text,
      ?::timestamptz, ?::timestamptz
    from users d
    where d.id = ?::uuid and d.role = 'doctor' and d.status = 'active'
      and exists (select 1 from doctor_weekly_hours w
        where w.doctor_id = d.id and w.weekday = ?::smallint and w.start_minute <= ?::int and w.end_minute > ?::int)
      and exists (select 1 from doctor_weekly_hours w
        where w.doctor_id = d.id and w.weekday = ?::smallint and w.start_minute < ?::int and w.end_minute >= ?::int)
      and not exists (select 1 from doctor_time_off t
        where t.doctor_id = d.id and t.starts_at < ?::timestamptz and t.ends_at > ?::timestamptz)
    returning *
  ), history as (
    insert into appointment_events (appointment_id, event, from_status, to_status, actor_id, actor_role, starts_at, created_at)
    select id, 'booked', null, status, patient_id, 'patient', starts_at, created_at from a
  )
  select a.*, pu.full_name as patient_name, du.full_name as doctor_name, s.name as specialty, dp.location, dp.photo_url
  from a join users pu on pu.id = a.patient_id join users du on du.id = a.doctor_id
  join doctor_profiles dp on dp.user_id = a.doctor_id join specialties s on s.id = dp.specialty_id`;

/**
 * Books appointments and moves them through their lifecycle. Every change is one SQL statement that
 * updates the appointment only from the state it was checked in and writes its history entry, so it is
 * atomic and two people acting at once cannot both succeed. The exclusion constraints settle who gets a slot.
 */
@Injectable()
export class AppointmentsService {
  constructor(
    private readonly em: EntityManager,
    private readonly clinic: ClinicService,
    private readonly slots: SlotsService,
    private readonly clock: Clock,
    private readonly notifier: AppointmentNotifier,
  ) {}

  async book(patient: AuthUser, input: BookAppointmentRequest): Promise<AppointmentDto> {
    const slot = await this.slots.requireOffered(input.doctorId, input.startsAt);
    const details = input.patientDetails ?? (await this.accountDetails(patient.id));
    const now = this.clock.now();
    const status: AppointmentStatus = slot.autoApprove ? 'confirmed' : 'pending';
    let rows: AppointmentRow[];
    try {
      rows = await this.em.getConnection().execute(BOOKED_APPOINTMENT, [
        patient.id,
        slot.startsAt,
        slot.endsAt,
        status,
        input.reason,
        details.fullName,
        // optional in the request: absent means not given
        details.age ?? null,
        details.gender ?? null,
        details.phone ?? null,
        details.email,
        now,
        now,
        input.doctorId,
        // the doctor works when the slot starts and when it ends (it may span two adjacent windows)
        slot.local.weekday,
        slot.local.startMinute,
        slot.local.startMinute,
        slot.local.weekday,
        slot.local.endMinute,
        slot.local.endMinute,
        slot.endsAt,
        slot.startsAt,
      ]);
    } catch (error) {
      throw this.slotTaken(error);
    }
    const [row] = rows;
    // A guard refused: this instance's copy of the doctor's schedule was out of date. Say why, from fresh data.
    if (!row) throw await this.slots.staleSlot(input.doctorId, input.startsAt);
    const dto = toAppointmentDto(row, await this.actionsFor(row, patient));
    this.notifier.changed(dto, 'booked', true);
    return dto;
  }

  async reschedule(viewer: AuthUser, id: string, startsAt: string): Promise<AppointmentDto> {
    const current = await this.state(id, viewer);
    const now = this.clock.now();
    await this.require('reschedule', current, viewer, now.getTime());
    // Raw rows carry timestamps as strings (MikroORM's pg type parsers), so compare as instants.
    if (Date.parse(startsAt) === new Date(current.starts_at).getTime()) {
      throw ruleException([{ field: 'startsAt', message: 'is already this appointment’s time' }]);
    }
    const slot = await this.slots.requireOffered(current.doctor_id, startsAt);
    // The doctor (or an admin) choosing a time approves it; a patient's new time needs approval again
    // unless the doctor confirms bookings automatically.
    const status: AppointmentStatus = relationTo(this.lifecycleView(current), viewer) === 'patient' && !slot.autoApprove ? 'pending' : 'confirmed';
    let moved: { id: string }[];
    try {
      moved = await this.em.getConnection().execute(
        `with a as (
           update appointments set starts_at = ?, ends_at = ?, status = ?, sequence = sequence + 1, updated_at = ?
           where id = ? and status = ? and starts_at = ?
           returning id, status, starts_at
         ), history as (
           insert into appointment_events (appointment_id, event, from_status, to_status, actor_id, actor_role, starts_at, previous_starts_at, created_at)
           select id, 'rescheduled', ?, status, ?, ?, starts_at, ?, ? from a
         )
         select id from a`,
        [slot.startsAt, slot.endsAt, status, now, id, current.status, current.starts_at, current.status, viewer.id, viewer.role, current.starts_at, now],
      );
    } catch (error) {
      throw this.slotTaken(error);
    }
    if (moved.length === 0) throw await this.changedMeanwhile(id, viewer);
    const dto = await this.one(id, viewer);
    this.notifier.changed(dto, 'rescheduled', true);
    return dto;
  }

  /** approve, decline, cancel, complete or no_show, as the lifecycle allows this viewer now. */
  async transition(viewer: AuthUser, id: string, action: StatusAction, reason?: string): Promise<AppointmentDto> {
    const current = await this.state(id, viewer);
    const now = this.clock.now();
    const to = await this.require(action, current, viewer, now.getTime());
    const changed = await this.em.getConnection().execute<{ id: string }[]>(
      `with a as (
         update appointments set status = ?, status_reason = ?, updated_at = ?
         where id = ? and status = ?
         returning id, status, starts_at
       ), history as (
         insert into appointment_events (appointment_id, event, from_status, to_status, actor_id, actor_role, reason, starts_at, created_at)
         select id, ?, ?, status, ?, ?, ?, starts_at, ? from a
       )
       select id from a`,
      [to, reason ?? null, now, id, current.status, ACTION_EVENT[action], current.status, viewer.id, viewer.role, reason ?? null, now],
    );
    if (changed.length === 0) throw await this.changedMeanwhile(id, viewer);
    const dto = await this.one(id, viewer);
    // Declining or cancelling frees the slot; approving, completing or a no-show leave it as it was.
    this.notifier.changed(dto, ACTION_EVENT[action], action === 'decline' || action === 'cancel');
    return dto;
  }

  /** One appointment the viewer may see (404 otherwise), with what they may do to it. */
  async one(id: string, viewer: AuthUser): Promise<AppointmentDto> {
    const [row] = await this.em.getConnection().execute<AppointmentRow[]>(
      `select ${APPOINTMENT_COLUMNS} from appointments a ${APPOINTMENT_JOINS} where a.id = ?`,
      [id],
    );
    if (!row || !relationTo(this.lifecycleView(row), viewer)) throw new NotFoundException('No such appointment');
    return toAppointmentDto(row, await this.actionsFor(row, viewer));
  }

  /** Patients see their own, doctors theirs, admins all; filtered and paged. */
  async list(viewer: AuthUser, query: ListAppointmentsQuery): Promise<AppointmentPage> {
    const rules = await this.clinic.rules();
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (condition: string, ...values: unknown[]) => {
      where.push(condition);
      params.push(...values);
    };
    if (viewer.role === 'patient') add('a.patient_id = ?', viewer.id);
    if (viewer.role === 'doctor') add('a.doctor_id = ?', viewer.id);
    if (query.doctorId) add('a.doctor_id = ?', query.doctorId);
    if (query.patientId) add('a.patient_id = ?', query.patientId);
    if (query.status?.length) add('a.status = any(?::text[])', `{${query.status.join(',')}}`);
    const from = query.from ? this.bound(query.from, rules.timezone, 'from', false) : undefined;
    const to = query.to ? this.bound(query.to, rules.timezone, 'to', true) : undefined;
    if (from && to && to <= from) throw fieldException(HttpStatus.BAD_REQUEST, 'to', 'must be after from');
    if (from) add('a.starts_at >= ?', from);
    if (to) add('a.starts_at < ?', to);
    for (const word of (query.q ?? '').split(/\s+/).filter(Boolean).slice(0, 8)) {
      const like = `%${escapeLike(word)}%`;
      add('(a.reason ilike ? or a.patient_full_name ilike ? or pu.full_name ilike ?)', like, like, like);
    }
    if (query.specialty) add('lower(s.name) = lower(?)', query.specialty);
    if (query.timeOfDay) {
      const [fromHour, toHour] = TIME_OF_DAY_HOURS[query.timeOfDay];
      add(`extract(hour from a.starts_at at time zone ?) >= ? and extract(hour from a.starts_at at time zone ?) < ?`, rules.timezone, fromHour, rules.timezone, toHour);
    }
    const order = query.order === 'desc' ? 'desc' : 'asc';
    const rows = await this.em.getConnection().execute<(AppointmentRow & { total: string })[]>(
      `select ${APPOINTMENT_COLUMNS}, count(*) over () as total
       from appointments a ${APPOINTMENT_JOINS}
       ${where.length ? `where ${where.join(' and ')}` : ''}
       order by a.starts_at ${order}, a.id
       limit ? offset ?`,
      [...params, query.pageSize, (query.page - 1) * query.pageSize],
    );
    const now = this.clock.now().getTime();
    const total = rows.length > 0 ? Number(rows[0].total) : query.page > 1 ? await this.count(where, params) : 0;
    return {
      items: rows.map((row) => toAppointmentDto(row, availableActions(this.lifecycleView(row), viewer, now, rules))),
      total,
    };
  }

  /** The appointment's lifecycle state if the viewer may see it; 404 otherwise (not 403: its existence is private). */
  async state(id: string, viewer: AuthUser): Promise<AppointmentState> {
    const [row] = await this.em
      .getConnection()
      .execute<AppointmentState[]>('select id, status, doctor_id, patient_id, starts_at from appointments where id = ?', [id]);
    if (!row || !relationTo(this.lifecycleView(row), viewer)) throw new NotFoundException('No such appointment');
    // Raw rows may carry timestamps as text.
    return { ...row, starts_at: new Date(row.starts_at) };
  }

  private async count(where: string[], params: unknown[]): Promise<number> {
    const [row] = await this.em.getConnection().execute<{ total: string }[]>(
      `select count(*) as total from appointments a ${APPOINTMENT_JOINS} ${where.length ? `where ${where.join(' and ')}` : ''}`,
      params,
    );
    return Number(row.total);
  }

  private async require(action: AppointmentAction, current: AppointmentState, viewer: AuthUser, now: number) {
    const rules = await this.clinic.rules();
    const check = checkTransition(action, this.lifecycleView(current), viewer, now, rules);
    if (check.ok) return check.to;
    switch (check.status) {
      case 403:
        throw new ForbiddenException(check.message);
      case 404:
        throw new NotFoundException(check.message);
      case 409:
        throw new ConflictException(check.message);
      default:
        throw ruleException([{ field: 'startsAt', message: check.message }], check.message);
    }
  }

  /** The guarded update found the appointment in another state than it was checked in: say which. */
  private async changedMeanwhile(id: string, viewer: AuthUser): Promise<HttpException> {
    const now = await this.state(id, viewer);
    return new ConflictException(`This appointment changed meanwhile and is now ${now.status.replace('_', '-')}; reload it and try again`);
  }

  private slotTaken(error: unknown): unknown {
    const conflict = slotConflict(error);
    if (!conflict) return error;
    if (conflict === 'patient') {
      return new ConflictException({
        message: 'You already have an appointment at this time; cancel or move it first',
        details: [{ field: 'startsAt', message: 'overlaps another of your appointments' }],
      });
    }
    return new ConflictException({
      message: 'Someone has just booked this time; please pick another slot',
      details: [{ field: 'startsAt', message: 'was just taken' }],
    });
  }

  /** What the viewer may do now (the clinic's rules are cached, so this costs no query). */
  private async actionsFor(row: Pick<AppointmentRow, 'status' | 'doctor_id' | 'patient_id' | 'starts_at'>, viewer: AuthUser) {
    const rules = await this.clinic.rules();
    return availableActions(this.lifecycleView(row), viewer, this.clock.now().getTime(), rules);
  }

  private lifecycleView(row: Pick<AppointmentRow, 'status' | 'doctor_id' | 'patient_id' | 'starts_at'>) {
    return {
      status: row.status,
      doctorId: row.doctor_id,
      patientId: row.patient_id,
      startsAt: (row.starts_at instanceof Date ? row.starts_at : new Date(row.starts_at)).getTime(),
    };
  }

  /** Booking details from the patient's account, when the request did not give them. */
  private async accountDetails(patientId: string): Promise<PatientDetailsDto> {
    const [row] = await this.em.getConnection().execute<
      { full_name: string; email: string; phone: string | null; date_of_birth: string | null; gender: Gender | null }[]
    >(
      `select u.full_name, u.email, u.phone, p.date_of_birth::text as date_of_birth, p.gender
       from users u left join patient_profiles p on p.user_id = u.id where u.id = ?`,
      [patientId],
    );
    const age = row.date_of_birth
      ? Math.floor(DateTime.fromJSDate(this.clock.now()).diff(DateTime.fromISO(row.date_of_birth), 'years').years)
      : null;
    return { fullName: row.full_name, email: row.email, phone: row.phone, gender: row.gender, age };
  }

  /** A list filter bound: a clinic-local date (its start, or its end for `to`) or an instant. */
  private bound(value: string, timezone: string, field: string, endOfDay: boolean): Date {
    const parsed =
      value.length === 10
        ? DateTime.fromISO(value, { zone: timezone }).startOf('day').plus({ days: endOfDay ? 1 : 0 })
        : DateTime.fromISO(value, { setZone: true });
    if (!parsed.isValid) throw fieldException(HttpStatus.BAD_REQUEST, field, 'is not a real date');
    return parsed.toJSDate();
  }
}
