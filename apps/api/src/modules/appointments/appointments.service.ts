import { ConflictException, ForbiddenException, HttpException, HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import {
  ACTION_EVENT,
  APPOINTMENT_LIMITS,
  availableActions,
  checkTransition,
  relationTo,
  TIME_OF_DAY_HOURS,
  type AppointmentAction,
  type AppointmentEvent,
  type AppointmentStatus,
} from '@carebook/shared';
import type { AuthUser } from '../../common/auth-user';
import { Clock } from '../../common/clock';
import { fieldException, ruleException } from '../../common/exceptions';
import { escapeLike } from '../../common/sql';
import { AppConfig } from '../../config/app-config';
import { ClinicService } from '../clinic/clinic.service';
import { NotificationsService } from '../notifications/notifications.service';
import { SlotsService } from '../doctors/slots.service';
import { PatientsService } from '../patients/patients.service';
import { UsersService } from '../users/users.service';
import { appointmentCalendar } from './appointment-documents';
import { toAppointmentDto } from './appointment-rows';
import { AppointmentNotifier } from './appointment-notifier';
import type { NotificationRow } from '../notifications/notifications.repository';
import { AppointmentsRepository, type AppointmentFilter, type AppointmentRow, type AppointmentState } from './appointments.repository';
import type {
  AppointmentDto,
  AppointmentPage,
  BookAppointmentRequest,
  ListAppointmentsQuery,
  PatientDetailsDto,
} from './dto/appointments.dto';
import { slotConflict } from './pg-errors';

/** Status-changing actions other than rescheduling, which also moves the appointment. */
type StatusAction = Exclude<AppointmentAction, 'reschedule'>;

/**
 * Books appointments and moves them through their lifecycle. Every change is one SQL statement that
 * updates the appointment only from the state it was checked in and writes its history entry, so it is
 * atomic and two people acting at once cannot both succeed. The exclusion constraints settle who gets a slot.
 * The statement shares a transaction with what the change notifies (the notifications module's outbox and
 * reminders): both commit, or neither. Live updates go out after the commit.
 */
@Injectable()
export class AppointmentsService {
  constructor(
    private readonly repository: AppointmentsRepository,
    private readonly clinic: ClinicService,
    private readonly slots: SlotsService,
    private readonly clock: Clock,
    private readonly notifier: AppointmentNotifier,
    private readonly users: UsersService,
    private readonly patients: PatientsService,
    private readonly em: EntityManager,
    private readonly notifications: NotificationsService,
    private readonly config: AppConfig,
  ) {}

  async book(patient: AuthUser, input: BookAppointmentRequest): Promise<AppointmentDto> {
    const slot = await this.slots.requireOffered(input.doctorId, input.startsAt);
    const details = input.patientDetails ?? (await this.accountDetails(patient.id));
    const now = this.clock.now();
    const status: AppointmentStatus = slot.autoApprove ? 'confirmed' : 'pending';
    let booked: { dto: AppointmentDto; published: NotificationRow[] } | undefined;
    try {
      booked = await this.em.transactional(async () => {
        const row = await this.repository.book({
        doctorId: input.doctorId,
        patientId: patient.id,
        startsAt: slot.startsAt,
        endsAt: slot.endsAt,
        status,
        reason: input.reason,
        // optional in the request: absent means not given
        details: {
          fullName: details.fullName,
          age: details.age ?? null,
          gender: details.gender ?? null,
          phone: details.phone ?? null,
          email: details.email,
        },
        now,
        local: slot.local,
        });
        if (!row) return undefined;
        const dto = toAppointmentDto(row, await this.actionsFor(row, patient));
        return { dto, published: await this.notifyChange(row, 'booked', row.event_id, patient) };
      });
    } catch (error) {
      throw this.slotTaken(error);
    }
    // A guard refused: this instance's copy of the doctor's schedule was out of date. Say why, from fresh data.
    if (!booked) throw await this.slots.staleSlot(input.doctorId, input.startsAt);
    this.notifier.changed(booked.dto, 'booked', true);
    await this.notifications.announce(booked.published);
    return booked.dto;
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
    let published: NotificationRow[] | undefined;
    try {
      published = await this.em.transactional(async () => {
        const eventId = await this.repository.reschedule({
        id,
        expected: { status: current.status, startsAt: current.starts_at },
        startsAt: slot.startsAt,
        endsAt: slot.endsAt,
        status,
        actor: viewer,
        now,
        });
        if (!eventId) return undefined;
        return this.notifyChange(await this.requireRow(id), 'rescheduled', eventId, viewer, current.starts_at);
      });
    } catch (error) {
      throw this.slotTaken(error);
    }
    if (!published) throw await this.changedMeanwhile(id, viewer);
    const dto = await this.one(id, viewer);
    this.notifier.changed(dto, 'rescheduled', true);
    await this.notifications.announce(published);
    return dto;
  }

  /** approve, decline, cancel, complete or no_show, as the lifecycle allows this viewer now. */
  async transition(viewer: AuthUser, id: string, action: StatusAction, reason?: string): Promise<AppointmentDto> {
    const current = await this.state(id, viewer);
    const now = this.clock.now();
    const to = await this.require(action, current, viewer, now.getTime());
    const event = ACTION_EVENT[action];
    const published = await this.em.transactional(async () => {
      const eventId = await this.repository.changeStatus({
        id,
        from: current.status,
        // only rescheduling keeps the status ('same'), and it is not one of these actions
        to: to === 'same' ? current.status : to,
        event,
        reason: reason ?? null,
        actor: viewer,
        now,
      });
      if (!eventId) return undefined;
      return this.notifyChange(await this.requireRow(id), event, eventId, viewer);
    });
    if (!published) throw await this.changedMeanwhile(id, viewer);
    const dto = await this.one(id, viewer);
    // Declining or cancelling frees the slot; approving, completing or a no-show leave it as it was.
    this.notifier.changed(dto, event, action === 'decline' || action === 'cancel');
    await this.notifications.announce(published);
    return dto;
  }

  /** One appointment the viewer may see (404 otherwise), with what they may do to it. */
  async one(id: string, viewer: AuthUser): Promise<AppointmentDto> {
    const row = await this.repository.one(id);
    if (!row || !relationTo(this.lifecycleView(row), viewer)) throw new NotFoundException('No such appointment');
    return toAppointmentDto(row, await this.actionsFor(row, viewer));
  }

  /** Patients see their own, doctors theirs, admins all; filtered and paged. */
  async list(viewer: AuthUser, query: ListAppointmentsQuery): Promise<AppointmentPage> {
    const rules = await this.clinic.rules();
    const from = query.from ? this.bound(query.from, rules.timezone, 'from', false) : undefined;
    const to = query.to ? this.bound(query.to, rules.timezone, 'to', true) : undefined;
    if (from && to && to <= from) throw fieldException(HttpStatus.BAD_REQUEST, 'to', 'must be after from');
    const filter: AppointmentFilter = {
      patientIds: [...(viewer.role === 'patient' ? [viewer.id] : []), ...(query.patientId ? [query.patientId] : [])],
      doctorIds: [...(viewer.role === 'doctor' ? [viewer.id] : []), ...(query.doctorId ? [query.doctorId] : [])],
      statuses: query.status,
      from,
      to,
      words: (query.q ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .slice(0, 8)
        .map((word) => `%${escapeLike(word)}%`),
      specialty: query.specialty,
    };
    if (query.timeOfDay) {
      const [fromHour, toHour] = TIME_OF_DAY_HOURS[query.timeOfDay];
      filter.hours = { timezone: rules.timezone, from: fromHour, to: toHour };
    }
    const { rows, total } = await this.repository.list(filter, {
      order: query.order === 'desc' ? 'desc' : 'asc',
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    const now = this.clock.now().getTime();
    return {
      items: rows.map((row) => toAppointmentDto(row, availableActions(this.lifecycleView(row), viewer, now, rules))),
      total: total ?? (query.page > 1 ? await this.repository.count(filter) : 0),
    };
  }

  /** Whether the pair has a care relationship through appointments: any appointment between them, in any state. */
  hasAppointmentBetween(patientId: string, doctorId: string): Promise<boolean> {
    return this.repository.anyBetween(patientId, doctorId);
  }

  /** The appointment's lifecycle state if the viewer may see it; 404 otherwise (not 403: its existence is private). */
  async state(id: string, viewer: AuthUser): Promise<AppointmentState> {
    const row = await this.repository.state(id);
    if (!row || !relationTo(this.lifecycleView(row), viewer)) throw new NotFoundException('No such appointment');
    // Raw rows may carry timestamps as text.
    return { ...row, starts_at: new Date(row.starts_at) };
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

  /**
   * Inside the change's transaction: its notices (with the calendar file when it confirms a time) and the
   * appointment's reminders. The expiry job goes through `notifyExpired`.
   */
  private async notifyChange(
    row: AppointmentRow,
    event: AppointmentEvent,
    eventId: string,
    actor: AuthUser | null,
    previousStartsAt?: Date,
  ): Promise<NotificationRow[]> {
    const startsAt = new Date(row.starts_at);
    let calendar;
    if (row.status === 'confirmed') {
      const [settings, rules] = await Promise.all([this.clinic.identity(), this.clinic.rules()]);
      const text = appointmentCalendar(
        toAppointmentDto(row, []),
        { clinicName: settings.clinicName, format: settings.format, publicUrl: this.config.publicUrl, cancellationWindowHours: rules.cancellationWindowHours, now: this.clock.now() },
      );
      calendar = { filename: `appointment-${startsAt.toISOString().slice(0, 10)}.ics`, contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: text };
    }
    return this.notifications.appointmentChanged({
      eventId: String(eventId),
      event,
      appointment: {
        id: row.id,
        status: row.status,
        doctorId: row.doctor_id,
        patientId: row.patient_id,
        startsAt,
        previousStartsAt: previousStartsAt ?? null,
        doctorName: row.doctor_name,
        patientName: row.patient_full_name || row.patient_name,
        location: row.location,
        statusReason: row.status_reason,
      },
      actor: actor ? { id: actor.id, role: actor.role } : null,
      calendar,
    });
  }

  /**
   * After the clinic's reminder times changed: every confirmed appointment still to come gets reminders at the
   * new times (those already sent stay sent; a time already past is skipped). Batches of 500, one transaction each.
   */
  async syncAllReminders(): Promise<number> {
    const now = this.clock.now();
    let afterId: string | null = null;
    let done = 0;
    for (;;) {
      const rows = await this.repository.confirmedAhead(now, afterId, 500);
      if (rows.length === 0) return done;
      await this.em.transactional(() =>
        this.notifications.syncReminders(
          rows.map((row) => ({
            id: row.id,
            status: row.status,
            startsAt: new Date(row.starts_at),
            patientId: row.patient_id,
            doctorName: row.doctor_name,
            location: row.location,
          })),
        ),
      );
      done += rows.length;
      afterId = rows[rows.length - 1].id;
    }
  }

  /** The appointment just changed in this transaction (so it exists). */
  private async requireRow(id: string): Promise<AppointmentRow> {
    const row = await this.repository.one(id);
    if (!row) throw new Error(`Appointment ${id} vanished inside its own transaction`);
    return row;
  }

  /** The expiry job's changes, inside its transaction. */
  async notifyExpired(rows: readonly { id: string; event_id: string }[]): Promise<NotificationRow[]> {
    if (rows.length === 0) return [];
    const full = new Map((await this.repository.many(rows.map((row) => row.id))).map((row) => [row.id, row]));
    const published: NotificationRow[] = [];
    for (const row of rows) {
      const appointment = full.get(row.id);
      if (appointment) published.push(...(await this.notifyChange(appointment, 'expired', row.event_id, null)));
    }
    return published;
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
    const [user, profile] = await Promise.all([this.users.findById(patientId), this.patients.profileOf(patientId)]);
    if (!user) throw new NotFoundException('No such account');
    const dateOfBirth = profile?.dateOfBirth ?? null;
    const years = dateOfBirth ? Math.floor(DateTime.fromJSDate(this.clock.now()).diff(DateTime.fromISO(dateOfBirth), 'years').years) : null;
    // A date of birth stored before it was checked (or in the future) gives no believable age: the booking goes
    // ahead without one rather than failing the database's check on the appointment's age.
    const { min, max } = APPOINTMENT_LIMITS.age;
    const age = years !== null && years >= min && years <= max ? years : null;
    return { fullName: user.fullName, email: user.email, phone: user.phone ?? null, gender: profile?.gender ?? null, age };
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
