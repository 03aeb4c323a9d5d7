import { jest } from '@jest/globals';
import { DateTime } from 'luxon';
import { createTestApp, type TestApp } from '../support/test-app';
import { registerPatient, signInAdmin, type Session } from '../support/accounts';
import { defaultSettings, isoDate, localStarts, mondayAhead, putSettings, slotsOf, utc, type ErrorBody } from './scheduling-fixtures';
import {
  actionPath,
  book,
  bookableDoctor,
  detailOf,
  type Appointment,
  type AppointmentAction,
  type AppointmentDetail,
  type AppointmentStatus,
} from './appointment-fixtures';

const ZONE = 'Europe/London';
const MINUTE = 60_000;
const MORNING = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'];

// Every case books its own appointment and some sign in new accounts: allow for a busy machine.
jest.setTimeout(180_000);

type Actor = 'doctor' | 'patient' | 'admin' | 'otherDoctor' | 'otherPatient';
type StatusAction = Exclude<AppointmentAction, 'reschedule'>;

const EVENTS: Record<StatusAction, string> = {
  approve: 'approved',
  decline: 'declined',
  cancel: 'cancelled',
  complete: 'completed',
  no_show: 'no_show',
};

describe('appointment lifecycle (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let people: Record<Actor, Session>;
  let names: Record<Actor, string>;
  let nextSlot: () => string;

  beforeAll(async () => {
    t = await createTestApp({ CLINIC_TIMEZONE: ZONE });
    names = {
      doctor: 'Dr Amara Okafor',
      patient: 'Olivia Bennett',
      admin: 'Clinic Admin',
      otherDoctor: 'Dr Other Doctor',
      otherPatient: 'Other Patient',
    };
    people = {
      doctor: await bookableDoctor(t, { fullName: names.doctor }),
      patient: await registerPatient(t, { fullName: names.patient }),
      admin: await signInAdmin(t),
      otherDoctor: await bookableDoctor(t, { fullName: names.otherDoctor }),
      otherPatient: await registerPatient(t, { fullName: names.otherPatient }),
    };
    const me = await t.http.get('/api/auth/me').set(people.admin.auth).expect(200);
    names.admin = (me.body as { fullName: string }).fullName;
    // weekday-morning slots from three weeks ahead on, each handed out once
    let used = 0;
    nextSlot = () => {
      const week = Math.floor(used / 30);
      const day = mondayAhead(ZONE).plus({ weeks: week, days: Math.floor((used % 30) / 6) });
      const startsAt = utc(day, MORNING[used % 6]);
      used += 1;
      return startsAt;
    };
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(async () => {
    t.clock.reset();
    await putSettings(t, people.admin, defaultSettings(ZONE));
  });

  const act = (actor: Session, id: string, action: AppointmentAction, body: Record<string, unknown> = {}) =>
    t.http.post(actionPath(id, action)).set(actor.auth).send(body);

  /** Just after the appointment's start, when it can be completed or marked a no-show. */
  const afterStart = (appointment: Appointment) => t.clock.set(Date.parse(appointment.startsAt) + 5 * MINUTE);

  /** A new appointment of the shared doctor and patient, brought into `status` the way people would. */
  async function appointmentIn(status: AppointmentStatus): Promise<Appointment> {
    const appointment = await book(t, people.patient, people.doctor.id, nextSlot(), 'Shortness of breath');
    const { doctor, patient } = people;
    switch (status) {
      case 'pending':
        break;
      case 'confirmed':
        await act(doctor, appointment.id, 'approve').expect(200);
        break;
      case 'declined':
        await act(doctor, appointment.id, 'decline').expect(200);
        break;
      case 'cancelled':
        await act(patient, appointment.id, 'cancel').expect(200);
        break;
      case 'completed':
      case 'no_show':
        await act(doctor, appointment.id, 'approve').expect(200);
        afterStart(appointment);
        await act(doctor, appointment.id, status === 'completed' ? 'complete' : 'no_show').expect(200);
        t.clock.reset();
        break;
    }
    return { ...appointment, status };
  }

  describe('who may do what, in which state', () => {
    // [action, the appointment's status, who, after the start?, answer, status after (null: unchanged)]
    const table: [StatusAction, AppointmentStatus, Actor, boolean, number, AppointmentStatus | null][] = [
      ['approve', 'pending', 'doctor', false, 200, 'confirmed'],
      ['approve', 'pending', 'admin', false, 200, 'confirmed'],
      ['approve', 'pending', 'patient', false, 403, null],
      ['approve', 'pending', 'otherDoctor', false, 404, null],
      ['approve', 'pending', 'otherPatient', false, 403, null],
      ['approve', 'pending', 'doctor', true, 409, null],
      ['approve', 'confirmed', 'doctor', false, 409, null],
      ['approve', 'declined', 'admin', false, 409, null],
      ['approve', 'cancelled', 'doctor', false, 409, null],

      ['decline', 'pending', 'doctor', false, 200, 'declined'],
      ['decline', 'pending', 'admin', false, 200, 'declined'],
      ['decline', 'pending', 'patient', false, 403, null],
      ['decline', 'pending', 'otherDoctor', false, 404, null],
      ['decline', 'confirmed', 'doctor', false, 409, null],
      ['decline', 'cancelled', 'admin', false, 409, null],

      ['cancel', 'pending', 'patient', false, 200, 'cancelled'],
      ['cancel', 'confirmed', 'patient', false, 200, 'cancelled'],
      ['cancel', 'pending', 'doctor', false, 200, 'cancelled'],
      ['cancel', 'confirmed', 'doctor', false, 200, 'cancelled'],
      ['cancel', 'confirmed', 'admin', false, 200, 'cancelled'],
      ['cancel', 'confirmed', 'otherDoctor', false, 404, null],
      ['cancel', 'confirmed', 'otherPatient', false, 404, null],
      ['cancel', 'confirmed', 'doctor', true, 409, null],
      ['cancel', 'declined', 'patient', false, 409, null],
      ['cancel', 'cancelled', 'admin', false, 409, null],
      ['cancel', 'completed', 'doctor', true, 409, null],

      ['complete', 'confirmed', 'doctor', true, 200, 'completed'],
      ['complete', 'confirmed', 'admin', true, 200, 'completed'],
      ['complete', 'confirmed', 'doctor', false, 409, null],
      ['complete', 'pending', 'doctor', true, 409, null],
      ['complete', 'confirmed', 'patient', true, 403, null],
      ['complete', 'confirmed', 'otherDoctor', true, 404, null],
      ['complete', 'no_show', 'doctor', true, 409, null],

      ['no_show', 'confirmed', 'doctor', true, 200, 'no_show'],
      ['no_show', 'confirmed', 'admin', true, 200, 'no_show'],
      ['no_show', 'confirmed', 'doctor', false, 409, null],
      ['no_show', 'confirmed', 'patient', true, 403, null],
      ['no_show', 'confirmed', 'otherPatient', true, 403, null],
      ['no_show', 'completed', 'doctor', true, 409, null],
    ];

    it.each(table)('%s a %s appointment as %s (after the start: %s) → %i', async (action, status, actor, started, answer, after) => {
      const appointment = await appointmentIn(status);
      const before = await detailOf(t, people.admin, appointment.id);
      if (started) afterStart(appointment);
      const reason = action === 'decline' || action === 'cancel' ? `Reason given by ${actor}` : undefined;

      const sentAt = t.clock.now().getTime();
      const res = await act(people[actor], appointment.id, action, reason ? { reason } : {});
      const answeredAt = t.clock.now().getTime();
      expect(res.status).toBe(answer);
      const detail = await detailOf(t, people.admin, appointment.id);

      if (answer !== 200) {
        expect((res.body as ErrorBody).statusCode).toBe(answer);
        // a refusal changes nothing and leaves no trace in the history
        expect(detail.status).toBe(status);
        expect(detail.history).toEqual(before.history);
        return;
      }
      expect(res.body as Appointment).toMatchObject({ id: appointment.id, status: after, statusReason: reason ?? null });
      expect(detail.status).toBe(after);
      expect(detail.history).toHaveLength(before.history.length + 1);
      expect(detail.history.slice(0, -1)).toEqual(before.history);
      const entry = detail.history[detail.history.length - 1];
      expect(entry).toMatchObject({
        event: EVENTS[action],
        fromStatus: status,
        toStatus: after,
        actor: { id: people[actor].id, fullName: names[actor], role: actor },
        reason: reason ?? null,
        startsAt: appointment.startsAt,
        previousStartsAt: null,
      });
      // written at the clinic's "now" (the test clock), not the database's
      expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(sentAt - 1000);
      expect(Date.parse(entry.at)).toBeLessThanOrEqual(answeredAt + 1000);
    });

    it('answers 404 for unknown and malformed ids and 401 signed out', async () => {
      const appointment = await appointmentIn('pending');
      await t.http.post(actionPath('00000000-0000-4000-8000-000000000000', 'approve')).set(people.doctor.auth).expect(404);
      await t.http.post(actionPath('not-an-id', 'cancel')).set(people.patient.auth).expect(404);
      await t.http.post(actionPath(appointment.id, 'cancel')).expect(401);
      await t.http.get(`/api/appointments/${appointment.id}`).expect(401);
      for (const stranger of [people.otherDoctor, people.otherPatient]) {
        await t.http.get(`/api/appointments/${appointment.id}`).set(stranger.auth).expect(404);
      }
      expect((await detailOf(t, people.patient, appointment.id)).history).toHaveLength(1);
    });

    it('refuses a reason that is too long or not text', async () => {
      const appointment = await appointmentIn('pending');
      for (const reason of ['x'.repeat(501), 42]) {
        const res = await act(people.doctor, appointment.id, 'decline', { reason }).expect(400);
        expect((res.body as ErrorBody).details?.map((d) => d.field)).toEqual(['reason']);
      }
      expect((await detailOf(t, people.doctor, appointment.id)).status).toBe('pending');
    });

    it('offers each viewer the actions they may take now', async () => {
      const appointment = await appointmentIn('confirmed');
      expect((await detailOf(t, people.patient, appointment.id)).actions).toEqual(['cancel', 'reschedule']);
      expect((await detailOf(t, people.doctor, appointment.id)).actions).toEqual(['cancel', 'reschedule']);
      afterStart(appointment);
      expect((await detailOf(t, people.patient, appointment.id)).actions).toEqual([]);
      expect((await detailOf(t, people.doctor, appointment.id)).actions).toEqual(['complete', 'no_show']);
      expect((await detailOf(t, people.admin, appointment.id)).actions).toEqual(['complete', 'no_show']);
    });
  });

  describe('the slot', () => {
    it('is offered again once the appointment is declined or cancelled, and someone else can book it', async () => {
      for (const [action, actor] of [
        ['decline', 'doctor'],
        ['cancel', 'patient'],
      ] as const) {
        const appointment = await appointmentIn('pending');
        const day = DateTime.fromISO(appointment.startsAt, { zone: ZONE });
        const offered = async () => localStarts(await slotsOf(t, people.doctor.id, { from: isoDate(day), to: isoDate(day) }), ZONE);
        expect(await offered()).not.toContain(day.toFormat('HH:mm'));
        await act(people[actor], appointment.id, action).expect(200);
        expect(await offered()).toContain(day.toFormat('HH:mm'));
        await book(t, people.otherPatient, people.doctor.id, appointment.startsAt);
      }
    });

    it('lets only one of two people answering a request at once succeed', async () => {
      for (let round = 0; round < 4; round++) {
        const appointment = await appointmentIn('pending');
        const [approve, decline] = await Promise.all([
          act(people.doctor, appointment.id, 'approve'),
          act(people.admin, appointment.id, 'decline', { reason: 'Doctor away' }),
        ]);
        expect([approve.status, decline.status].sort()).toEqual([200, 409]);
        const detail = await detailOf(t, people.admin, appointment.id);
        expect(detail.status).toBe(approve.status === 200 ? 'confirmed' : 'declined');
        expect(detail.history.map((h) => h.event)).toEqual(['booked', approve.status === 200 ? 'approved' : 'declined']);
      }
    });
  });

  describe('the cancellation window', () => {
    it('stops a patient cancelling or rescheduling inside it; the doctor and an admin still can', async () => {
      const first = await appointmentIn('confirmed');
      const second = await appointmentIn('confirmed');
      const other = nextSlot();
      // 23 hours before: inside the default 24-hour window
      t.clock.set(Date.parse(first.startsAt) - 23 * 60 * MINUTE);
      const refused = await act(people.patient, first.id, 'cancel', { reason: 'Work' }).expect(422);
      expect(refused.body as ErrorBody).toMatchObject({
        statusCode: 422,
        message: "Appointments can’t be cancelled online less than 24 hours before they start; please call the clinic",
      });
      await act(people.patient, first.id, 'reschedule', { startsAt: other }).expect(422);
      expect((await detailOf(t, people.patient, first.id)).history.map((h) => h.event)).toEqual(['booked', 'approved']);

      await act(people.doctor, first.id, 'cancel', { reason: 'Called in sick' }).expect(200);
      await act(people.admin, second.id, 'cancel').expect(200);
    });

    it('follows the clinic’s setting', async () => {
      const appointment = await appointmentIn('confirmed');
      t.clock.set(Date.parse(appointment.startsAt) - 23 * 60 * MINUTE);
      await putSettings(t, people.admin, { ...defaultSettings(ZONE), cancellationWindowHours: 12 });
      await act(people.patient, appointment.id, 'cancel').expect(200);
    });
  });

  describe('POST /api/appointments/:id/reschedule', () => {
    it('moves the appointment, keeping its id and history; a patient’s move needs approval again', async () => {
      const appointment = await appointmentIn('confirmed');
      const target = nextSlot();
      const res = await act(people.patient, appointment.id, 'reschedule', { startsAt: target }).expect(200);
      expect(res.body as Appointment).toMatchObject({
        id: appointment.id,
        status: 'pending',
        startsAt: target,
        endsAt: new Date(Date.parse(target) + 30 * MINUTE).toISOString(),
        sequence: 1,
      });
      const detail = await detailOf(t, people.patient, appointment.id);
      expect(detail.history.map((h) => h.event)).toEqual(['booked', 'approved', 'rescheduled']);
      expect(detail.history[2]).toMatchObject({
        fromStatus: 'confirmed',
        toStatus: 'pending',
        actor: { id: people.patient.id, role: 'patient' },
        startsAt: target,
        previousStartsAt: appointment.startsAt,
      });
      // the old time is free again, the new one held
      const day = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
      const offeredOn = async (iso: string) =>
        localStarts(await slotsOf(t, people.doctor.id, { from: isoDate(day(iso)), to: isoDate(day(iso)) }), ZONE);
      expect(await offeredOn(appointment.startsAt)).toContain(day(appointment.startsAt).toFormat('HH:mm'));
      expect(await offeredOn(target)).not.toContain(day(target).toFormat('HH:mm'));
      await book(t, people.otherPatient, people.doctor.id, appointment.startsAt);
    });

    it('stays confirmed when the doctor approves automatically, or when the doctor moves it', async () => {
      const auto = await bookableDoctor(t, { autoApprove: true });
      const patient = await registerPatient(t);
      const monday = mondayAhead(ZONE, 4);
      const appointment = await book(t, patient, auto.id, utc(monday, '09:00'));
      expect(appointment.status).toBe('confirmed');
      const moved = await act(patient, appointment.id, 'reschedule', { startsAt: utc(monday, '10:00') }).expect(200);
      expect((moved.body as Appointment).status).toBe('confirmed');

      const pending = await appointmentIn('pending');
      const byDoctor = await act(people.doctor, pending.id, 'reschedule', { startsAt: nextSlot() }).expect(200);
      expect((byDoctor.body as Appointment).status).toBe('confirmed');
      const history = (await detailOf(t, people.doctor, pending.id)).history;
      expect(history[1]).toMatchObject({ event: 'rescheduled', fromStatus: 'pending', toStatus: 'confirmed', actor: { role: 'doctor' } });
    });

    it('answers 409 when the new time is taken, and changes nothing', async () => {
      const appointment = await appointmentIn('confirmed');
      const taken = await book(t, people.otherPatient, people.doctor.id, nextSlot());
      const res = await act(people.patient, appointment.id, 'reschedule', { startsAt: taken.startsAt }).expect(409);
      expect((res.body as ErrorBody).message).toBe('Someone has just booked this time; please pick another slot');
      const detail = await detailOf(t, people.patient, appointment.id);
      expect(detail).toMatchObject({ status: 'confirmed', startsAt: appointment.startsAt, sequence: 0 });
      expect(detail.history).toHaveLength(2);
    });

    it('applies the booking rules (422) and refuses the time it already has', async () => {
      const appointment = await appointmentIn('pending');
      const start = DateTime.fromISO(appointment.startsAt, { zone: ZONE });
      const cases: [string, string][] = [
        [appointment.startsAt, 'is already this appointment’s time'],
        [start.set({ hour: 14, minute: 0 }).toUTC().toISO() ?? '', 'is not one of the doctor’s slots; pick a time from the list'],
        [start.set({ minute: 10 }).toUTC().toISO() ?? '', 'is not one of the doctor’s slots; pick a time from the list'],
        [start.minus({ years: 1 }).toUTC().toISO() ?? '', 'must be in the future'],
      ];
      for (const [startsAt, message] of cases) {
        const res = await act(people.patient, appointment.id, 'reschedule', { startsAt });
        expect({ startsAt, status: res.status }).toEqual({ startsAt, status: 422 });
        expect((res.body as ErrorBody).details).toEqual([{ field: 'startsAt', message }]);
      }
      await act(people.patient, appointment.id, 'reschedule', { startsAt: 'tomorrow' }).expect(400);
      await act(people.patient, appointment.id, 'reschedule', {}).expect(400);
      expect((await detailOf(t, people.patient, appointment.id)).history).toHaveLength(1);
    });

    it('is for participants and admins, in pending or confirmed appointments', async () => {
      const appointment = await appointmentIn('pending');
      for (const stranger of [people.otherDoctor, people.otherPatient]) {
        await act(stranger, appointment.id, 'reschedule', { startsAt: nextSlot() }).expect(404);
      }
      const byAdmin = await act(people.admin, appointment.id, 'reschedule', { startsAt: nextSlot() }).expect(200);
      expect((byAdmin.body as Appointment).sequence).toBe(1);
      const cancelled = await appointmentIn('cancelled');
      await act(people.patient, cancelled.id, 'reschedule', { startsAt: nextSlot() }).expect(409);
    });
  });

  describe('complete and no-show', () => {
    it('are refused before the start and accepted from it (moving the clinic’s clock)', async () => {
      const appointment = await appointmentIn('confirmed');
      const start = DateTime.fromISO(appointment.startsAt);
      t.clock.set(start.minus({ minutes: 1 }).toJSDate());
      const early = await act(people.doctor, appointment.id, 'complete').expect(409);
      expect((early.body as ErrorBody).message).toBe('An appointment can be completed once it has started');
      t.clock.set(start.plus({ seconds: 1 }).toJSDate());
      await act(people.doctor, appointment.id, 'complete').expect(200);
      const detail: AppointmentDetail = await detailOf(t, people.patient, appointment.id);
      expect(detail.history.map((h) => [h.event, h.fromStatus, h.toStatus])).toEqual([
        ['booked', null, 'pending'],
        ['approved', 'pending', 'confirmed'],
        ['completed', 'confirmed', 'completed'],
      ]);
      expect(Date.parse(detail.history[2].at)).toBeGreaterThanOrEqual(start.toMillis());
    });
  });
});
