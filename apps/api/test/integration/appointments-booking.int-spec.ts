import { jest } from '@jest/globals';
import { DateTime } from 'luxon';
import pg from 'pg';
import type { TestApp } from '../support/test-app';
import { registerDoctor, registerPatient, uniqueEmail, type Session } from '../support/accounts';
import {
  addHoliday,
  at,
  defaultSettings,
  instant,
  isoDate,
  localStarts,
  putAvailability,
  putSettings,
  removeHoliday,
  slotsOf,
  useClinicApp,
  utc,
  type ErrorBody,
} from './scheduling-fixtures';
import {
  book,
  bookableDoctor,
  bookRequest,
  detailOf,
  registerPatients,
  WEEKDAY_MORNINGS,
  type Appointment,
  type AppointmentPage,
} from './appointment-fixtures';

const ZONE = 'Europe/London';
const MORNING = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'];
const SLOT_TAKEN = 'Someone has just booked this time; please pick another slot';
const PATIENT_OVERLAP = 'You already have an appointment at this time; cancel or move it first';

// Fifty patients cost a hundred password hashes: allow for a busy machine.
jest.setTimeout(180_000);

describe('booking appointments (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: Session;
  let monday: DateTime;
  useClinicApp(ZONE, (c) => ({ t, admin, monday } = c));

  async function ownAppointments(patient: Session): Promise<Appointment[]> {
    const res = await t.http.get('/api/appointments').set(patient.auth).expect(200);
    return (res.body as AppointmentPage).items;
  }

  describe('who gets a contested slot', () => {
    it('gives one slot to exactly one of 50 patients booking it at once; the others get 409 and it is no longer offered', async () => {
      const doctor = await bookableDoctor(t);
      const patients = await registerPatients(t, 50);
      const startsAt = utc(monday, '09:00');

      const answers = await Promise.all(
        patients.map((patient) => bookRequest(t, patient, { doctorId: doctor.id, startsAt, reason: 'Annual check-up' })),
      );
      const statuses = answers.map((res) => res.status);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(49);
      for (const res of answers.filter((r) => r.status === 409)) {
        expect(res.body as ErrorBody).toMatchObject({
          statusCode: 409,
          message: SLOT_TAKEN,
          details: [{ field: 'startsAt', message: 'was just taken' }],
        });
      }

      const winner = answers.findIndex((res) => res.status === 201);
      expect(answers[winner].body as Appointment).toMatchObject({ patientId: patients[winner].id, doctorId: doctor.id, startsAt });
      expect(localStarts(await slotsOf(t, doctor.id, { from: isoDate(monday), to: isoDate(monday) }), ZONE)).toEqual(MORNING.slice(1));
      // the doctor's calendar holds exactly one appointment
      const calendar = await t.http.get('/api/appointments').set(doctor.auth).expect(200);
      expect((calendar.body as AppointmentPage).total).toBe(1);
    });

    it('gives a patient only one of two overlapping slots with two doctors booked at once', async () => {
      const [first, second] = [await bookableDoctor(t), await bookableDoctor(t)];
      const patient = await registerPatient(t);
      for (const hhmm of ['09:00', '10:00', '11:00']) {
        const startsAt = utc(monday, hhmm);
        const answers = await Promise.all(
          [first, second].map((doctor) => bookRequest(t, patient, { doctorId: doctor.id, startsAt, reason: 'Second opinion' })),
        );
        expect(answers.map((res) => res.status).sort()).toEqual([201, 409]);
        const refused = answers.find((res) => res.status === 409);
        expect(refused?.body as ErrorBody).toMatchObject({
          message: PATIENT_OVERLAP,
          details: [{ field: 'startsAt', message: 'overlaps another of your appointments' }],
        });
      }
      expect(await ownAppointments(patient)).toHaveLength(3);
    });

    it('refuses a patient a slot that only partly overlaps one they hold with another doctor', async () => {
      const halfHours = await bookableDoctor(t);
      const hours = await bookableDoctor(t);
      await putAvailability(t, hours, WEEKDAY_MORNINGS, { slotMinutes: 60 });
      const patient = await registerPatient(t);
      await book(t, patient, halfHours.id, utc(monday, '09:30'));

      const res = await bookRequest(t, patient, { doctorId: hours.id, startsAt: utc(monday, '09:00'), reason: 'Skin rash' }).expect(409);
      expect((res.body as ErrorBody).message).toBe(PATIENT_OVERLAP);
      // the hour after is free for them
      await book(t, patient, hours.id, utc(monday, '10:00'));
      // and another patient can still have the hour this one was refused
      await book(t, await registerPatient(t), hours.id, utc(monday, '09:00'));
    });
  });

  describe('POST /api/appointments', () => {
    it('books a free slot as pending for the doctor to approve, and holds it', async () => {
      const doctor = await bookableDoctor(t, { fullName: 'Dr Amara Okafor', specialty: 'Cardiology', profile: { experienceYears: 14 } });
      const patient = await registerPatient(t, { fullName: 'Alex Morgan' });
      const res = await bookRequest(t, patient, {
        doctorId: doctor.id,
        // the same instant written with the clinic's summer or winter offset
        startsAt: instant(monday, '10:30'),
        reason: '  Chest pain when climbing stairs  ',
      }).expect(201);
      const appointment = res.body as Appointment;
      expect(appointment).toMatchObject({
        status: 'pending',
        doctorId: doctor.id,
        patientId: patient.id,
        startsAt: utc(monday, '10:30'),
        endsAt: utc(monday, '11:00'),
        reason: 'Chest pain when climbing stairs',
        doctor: { id: doctor.id, fullName: 'Dr Amara Okafor', specialty: 'Cardiology', experienceYears: 14, photoUrl: null },
        patient: { id: patient.id, fullName: 'Alex Morgan' },
        sequence: 0,
        actions: ['cancel', 'reschedule'],
      });
      expect(appointment.id).toMatch(/^[0-9a-f-]{36}$/);

      expect(localStarts(await slotsOf(t, doctor.id, { from: isoDate(monday), to: isoDate(monday) }), ZONE)).toEqual([
        '09:00',
        '09:30',
        '10:00',
        '11:00',
        '11:30',
      ]);
      const detail = await detailOf(t, patient, appointment.id);
      expect(detail.history).toEqual([
        expect.objectContaining({
          event: 'booked',
          fromStatus: null,
          toStatus: 'pending',
          actor: { id: patient.id, fullName: 'Alex Morgan', role: 'patient' },
          startsAt: utc(monday, '10:30'),
        }),
      ]);
      // the doctor sees it waiting with the buttons to answer it
      const asDoctor = await detailOf(t, doctor, appointment.id);
      expect(asDoctor.actions).toEqual(['approve', 'decline', 'cancel', 'reschedule']);
    });

    it('confirms at once when the doctor approves bookings automatically', async () => {
      const doctor = await bookableDoctor(t, { autoApprove: true });
      const patient = await registerPatient(t);
      const appointment = await book(t, patient, doctor.id, utc(monday, '09:00'));
      expect(appointment.status).toBe('confirmed');
      const detail = await detailOf(t, patient, appointment.id);
      expect(detail.history.map((h) => [h.event, h.fromStatus, h.toStatus])).toEqual([['booked', null, 'confirmed']]);
      // a confirmed appointment holds its slot too
      expect(localStarts(await slotsOf(t, doctor.id, { from: isoDate(monday), to: isoDate(monday) }), ZONE)).toEqual(MORNING.slice(1));
    });

    it('refuses a slot already held, whether pending or confirmed', async () => {
      const doctor = await bookableDoctor(t);
      const first = await registerPatient(t);
      const second = await registerPatient(t);
      const pending = await book(t, first, doctor.id, utc(monday, '09:00'));
      const confirmed = await book(t, first, doctor.id, utc(monday, '10:00'));
      await t.http.post(`/api/appointments/${confirmed.id}/approve`).set(doctor.auth).expect(200);
      for (const taken of [pending, confirmed]) {
        const res = await bookRequest(t, second, { doctorId: doctor.id, startsAt: taken.startsAt, reason: 'Back pain' }).expect(409);
        expect((res.body as ErrorBody).message).toBe(SLOT_TAKEN);
      }
      expect(await ownAppointments(second)).toEqual([]);
    });

    it('lets only patients book: 401 signed out, 403 for doctors and admins', async () => {
      const doctor = await bookableDoctor(t);
      const body = { doctorId: doctor.id, startsAt: utc(monday, '09:00'), reason: 'Check-up' };
      await t.http.post('/api/appointments').send(body).expect(401);
      await t.http.post('/api/appointments').set(doctor.auth).send(body).expect(403);
      await t.http.post('/api/appointments').set(admin.auth).send(body).expect(403);
      expect(localStarts(await slotsOf(t, doctor.id, { from: isoDate(monday), to: isoDate(monday) }), ZONE)).toEqual(MORNING);
    });
  });

  describe('patient details', () => {
    it('defaults to the account’s name, age, gender, phone and email', async () => {
      const doctor = await bookableDoctor(t);
      const email = uniqueEmail('alex');
      const born = DateTime.now().setZone(ZONE).minus({ years: 34, days: 40 });
      const patient = await registerPatient(t, {
        email,
        fullName: 'Alex Morgan',
        phone: '+44 7700 900123',
        dateOfBirth: isoDate(born),
        gender: 'female',
      });
      const appointment = await book(t, patient, doctor.id, utc(monday, '09:00'));
      expect(appointment.patientDetails).toEqual({
        fullName: 'Alex Morgan',
        age: 34,
        gender: 'female',
        phone: '+44 7700 900123',
        email,
      });

      // an account without the optional details books with them empty
      const plain = await registerPatient(t, { fullName: 'Sam Plain' });
      const other = await book(t, plain, doctor.id, utc(monday, '09:30'));
      expect(other.patientDetails).toEqual({ fullName: 'Sam Plain', age: null, gender: null, phone: null, email: plain.email });
    });

    it('books without an age when the account’s date of birth gives none (in the future, or over 130 years ago)', async () => {
      const doctor = await bookableDoctor(t);
      const unborn = await registerPatient(t, { fullName: 'Una Later' });
      const ancient = await registerPatient(t, { fullName: 'Old Tom' });
      // Such dates are refused on entry now; accounts may still hold them from before, so they are written directly.
      const db = new pg.Client({ connectionString: t.databaseUrl });
      await db.connect();
      try {
        const store = (patient: Session, born: DateTime) =>
          db.query('update patient_profiles set date_of_birth = $2 where user_id = $1', [patient.id, isoDate(born)]);
        await store(unborn, DateTime.now().setZone(ZONE).plus({ years: 1 }));
        await store(ancient, DateTime.now().setZone(ZONE).minus({ years: 140 }));
      } finally {
        await db.end();
      }
      const first = await book(t, unborn, doctor.id, utc(monday, '09:00'));
      expect(first.patientDetails).toEqual({ fullName: 'Una Later', age: null, gender: null, phone: null, email: unborn.email });
      const second = await book(t, ancient, doctor.id, utc(monday, '09:30'));
      expect(second.patientDetails).toMatchObject({ fullName: 'Old Tom', age: null });
    });

    it('keeps the details given for this booking (e.g. for a child), leaving the account as it was', async () => {
      const doctor = await bookableDoctor(t);
      const patient = await registerPatient(t, { fullName: 'Alex Morgan' });
      const res = await bookRequest(t, patient, {
        doctorId: doctor.id,
        startsAt: utc(monday, '09:00'),
        reason: 'Ear ache for three days',
        patientDetails: { fullName: ' Robin Morgan ', age: 7, gender: 'male', phone: '020 7946 0018', email: ' Parent@Example.com ' },
      }).expect(201);
      expect((res.body as Appointment).patientDetails).toEqual({
        fullName: 'Robin Morgan',
        age: 7,
        gender: 'male',
        phone: '020 7946 0018',
        email: 'parent@example.com',
      });
      expect((res.body as Appointment).patient).toEqual({ id: patient.id, fullName: 'Alex Morgan' });
      const me = await t.http.get('/api/auth/me').set(patient.auth).expect(200);
      expect(me.body).toMatchObject({ fullName: 'Alex Morgan', email: patient.email });
    });

    it('takes details without the optional age, gender and phone', async () => {
      const doctor = await bookableDoctor(t);
      const patient = await registerPatient(t);
      const res = await bookRequest(t, patient, {
        doctorId: doctor.id,
        startsAt: utc(monday, '09:00'),
        reason: 'Sore throat',
        patientDetails: { fullName: 'Robin Morgan', email: 'robin@example.com' },
      });
      expect(res.status).toBe(201);
      expect((res.body as Appointment).patientDetails).toEqual({
        fullName: 'Robin Morgan',
        age: null,
        gender: null,
        phone: null,
        email: 'robin@example.com',
      });
    });
  });

  describe('input that is not a booking: 400 with the field at fault', () => {
    const details = { fullName: 'Robin Morgan', age: 7, gender: 'male', phone: '020 7946 0018', email: 'robin@example.com' };
    const cases: [string, Record<string, unknown>, string][] = [
      ['a doctorId that is no id', { doctorId: 'dr-who' }, 'doctorId'],
      ['no doctorId', { doctorId: undefined }, 'doctorId'],
      ['no startsAt', { startsAt: undefined }, 'startsAt'],
      ['a startsAt without offset', { startsAt: '2030-03-04T09:00:00' }, 'startsAt'],
      ['a startsAt that is no time', { startsAt: 'next Monday' }, 'startsAt'],
      ['an impossible date', { startsAt: '2030-02-30T09:00:00Z' }, 'startsAt'],
      ['no reason', { reason: undefined }, 'reason'],
      ['a reason of blanks', { reason: '     ' }, 'reason'],
      ['a reason too short once trimmed', { reason: ' ok ' }, 'reason'],
      ['a reason too long', { reason: 'x'.repeat(1001) }, 'reason'],
      ['a reason that is no text', { reason: 42 }, 'reason'],
      ['details that are no object', { patientDetails: 'Robin' }, 'patientDetails'],
      ['a one-letter name', { patientDetails: { ...details, fullName: 'R' } }, 'patientDetails.fullName'],
      ['no name', { patientDetails: { ...details, fullName: undefined } }, 'patientDetails.fullName'],
      ['a negative age', { patientDetails: { ...details, age: -1 } }, 'patientDetails.age'],
      ['an age of 200', { patientDetails: { ...details, age: 200 } }, 'patientDetails.age'],
      ['a fractional age', { patientDetails: { ...details, age: 7.5 } }, 'patientDetails.age'],
      ['an age as text', { patientDetails: { ...details, age: 'seven' } }, 'patientDetails.age'],
      ['an unknown gender', { patientDetails: { ...details, gender: 'robot' } }, 'patientDetails.gender'],
      ['a phone that is no number', { patientDetails: { ...details, phone: 'call me maybe' } }, 'patientDetails.phone'],
      ['a bad email', { patientDetails: { ...details, email: 'robin-at-example' } }, 'patientDetails.email'],
      ['no email', { patientDetails: { ...details, email: undefined } }, 'patientDetails.email'],
      ['a field of its own choosing (mass assignment)', { status: 'confirmed' }, 'status'],
      ['a patient id of its own choosing', { patientId: '00000000-0000-4000-8000-000000000000' }, 'patientId'],
      ['extra details', { patientDetails: { ...details, insuranceNumber: 'X1' } }, 'patientDetails.insuranceNumber'],
      // PostgreSQL cannot store NUL characters: refused up front, not a 500 from deep inside the insert.
      ['a reason with a NUL character', { reason: 'Chest\u0000pain' }, 'reason'],
      ['a name with a NUL character', { patientDetails: { ...details, fullName: 'Robin\u0000Morgan' } }, 'patientDetails.fullName'],
    ];

    let doctor: Session;
    let patient: Session;
    beforeAll(async () => {
      doctor = await bookableDoctor(t);
      patient = await registerPatient(t);
    });

    it.each(cases)('%s', async (_, change, field) => {
      const body = { doctorId: doctor.id, startsAt: utc(monday, '09:00'), reason: 'Chest pain', patientDetails: details, ...change };
      const res = await bookRequest(t, patient, body);
      expect(res.status).toBe(400);
      const error = res.body as ErrorBody;
      expect(error.details?.map((d) => d.field)).toEqual([field]);
      expect(error.details?.[0].message).toEqual(expect.any(String));
      expect(await ownAppointments(patient)).toEqual([]);
    });
  });

  describe('times that are not offered: 422 saying which rule', () => {
    let doctor: Session;
    let patient: Session;
    beforeEach(async () => {
      doctor = await bookableDoctor(t);
      patient = await registerPatient(t);
    });

    /** 422 with the rule's message on startsAt, and nothing booked. */
    async function refused(startsAt: string, message: string): Promise<void> {
      const res = await bookRequest(t, patient, { doctorId: doctor.id, startsAt, reason: 'Persistent cough' });
      expect({ startsAt, status: res.status }).toEqual({ startsAt, status: 422 });
      expect(res.body as ErrorBody).toMatchObject({ statusCode: 422, details: [{ field: 'startsAt', message }] });
      expect(await ownAppointments(patient)).toEqual([]);
    }

    it('outside the doctor’s hours, off the slot grid, or on a day nobody works', async () => {
      const notASlot = 'is not one of the doctor’s slots; pick a time from the list';
      await refused(utc(monday, '12:00'), notASlot);
      await refused(utc(monday, '14:00'), notASlot);
      await refused(utc(monday, '08:30'), notASlot);
      await refused(utc(monday, '09:10'), notASlot);
      await refused(at(monday, '09:00').plus({ seconds: 1 }).toUTC().toISO() ?? '', notASlot);
      await refused(utc(monday.minus({ days: 1 }), '09:00'), notASlot); // Sunday
      await refused(utc(monday.plus({ days: 5 }), '09:00'), notASlot); // Saturday: the clinic opens, the doctor does not
    });

    it('on a clinic holiday', async () => {
      const tuesday = monday.plus({ days: 1 });
      const holiday = await addHoliday(t, admin, { date: isoDate(tuesday), name: 'Bank Holiday' });
      try {
        await refused(utc(tuesday, '09:00'), 'falls on a day the clinic is closed');
      } finally {
        await removeHoliday(t, admin, holiday.id);
      }
      await book(t, patient, doctor.id, utc(tuesday, '09:00'));
    });

    it('in the doctor’s time off', async () => {
      const wednesday = monday.plus({ days: 2 });
      await t.http
        .post('/api/doctors/me/time-off')
        .set(doctor.auth)
        .send({ startsAt: instant(wednesday, '09:15'), endsAt: instant(wednesday, '10:00'), reason: 'Training' })
        .expect(201);
      await refused(utc(wednesday, '09:00'), 'falls in the doctor’s time off');
      await refused(utc(wednesday, '09:30'), 'falls in the doctor’s time off');
      await book(t, patient, doctor.id, utc(wednesday, '10:00'));
    });

    it('with too short notice, or in the past', async () => {
      const thursday = monday.plus({ days: 3 });
      t.clock.set(at(thursday, '08:00').toJSDate());
      await refused(utc(thursday, '09:00'), 'must be at least 2 hours from now');
      await refused(utc(thursday, '09:30'), 'must be at least 2 hours from now');
      t.clock.set(at(thursday, '10:45').toJSDate());
      await refused(utc(thursday, '10:30'), 'must be in the future');
      await refused(utc(thursday.minus({ years: 1 }), '10:30'), 'must be in the future');
      // just over the notice ahead is fine
      t.clock.set(at(thursday, '06:59').plus({ seconds: 30 }).toJSDate());
      await book(t, patient, doctor.id, utc(thursday, '09:00'));
    });

    it('beyond the booking horizon', async () => {
      const friday = monday.plus({ days: 4 });
      t.clock.set(at(friday.minus({ days: 91 }), '09:00').toJSDate());
      await refused(utc(friday, '09:00'), 'must be within the next 90 days');
      await putSettings(t, admin, { ...defaultSettings(ZONE), bookingHorizonDays: 7 });
      t.clock.reset();
      await refused(utc(friday, '09:00'), 'must be within the next 7 days');
    });

    it('with a doctor who does not take bookings', async () => {
      const pending = await registerDoctor(t);
      await putAvailability(t, pending, WEEKDAY_MORNINGS);
      const suspended = await bookableDoctor(t);
      await t.http.post(`/api/admin/users/${suspended.id}/suspend`).set(admin.auth).send({ reason: 'Licence review' }).expect(200);
      const other = await registerPatient(t);
      for (const doctorId of [pending.id, suspended.id, other.id, '00000000-0000-4000-8000-000000000000']) {
        const res = await bookRequest(t, patient, { doctorId, startsAt: utc(monday, '11:30'), reason: 'Persistent cough' });
        expect({ doctorId, status: res.status }).toEqual({ doctorId, status: 422 });
        expect((res.body as ErrorBody).details).toEqual([{ field: 'doctorId', message: 'is not a doctor who takes bookings' }]);
      }
    });
  });
});
