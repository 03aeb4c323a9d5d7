import { jest } from '@jest/globals';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { createTestApp, type TestApp } from '../support/test-app';
import { registerPatient, signInAdmin, type Session } from '../support/accounts';
import { mondayAhead, utc } from './scheduling-fixtures';
import { actionPath, book, bookableDoctor, type Appointment } from './appointment-fixtures';

// A clinic whose local day differs from UTC, so a time shown in UTC would be caught.
const ZONE = 'America/New_York';
const PUBLIC_URL = 'https://care.example.org';

jest.setTimeout(120_000);

describe('appointment summary.txt and calendar.ics (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: Session;
  let doctor: Session;
  let patient: Session;
  let otherDoctor: Session;
  let otherPatient: Session;
  let monday: DateTime;
  beforeAll(async () => {
    t = await createTestApp({ CLINIC_TIMEZONE: ZONE, PUBLIC_URL });
    admin = await signInAdmin(t);
    doctor = await bookableDoctor(t, {
      fullName: 'Dr Amara Okafor',
      specialty: 'Cardiology',
      profile: { location: 'Riverside Wing, Room 4' },
    });
    patient = await registerPatient(t, { fullName: 'Olivia Bennett' });
    otherDoctor = await bookableDoctor(t);
    otherPatient = await registerPatient(t);
    monday = mondayAhead(ZONE);
  });
  afterAll(async () => {
    await t.close();
  });

  const calendar = (viewer: Session, id: string) => t.http.get(`/api/appointments/${id}/calendar.ics`).set(viewer.auth);
  const summary = (viewer: Session, id: string) => t.http.get(`/api/appointments/${id}/summary.txt`).set(viewer.auth);

  /** The one event of an iCalendar answer, read by an independent parser. */
  function eventOf(text: string) {
    const component = new ICAL.Component(ICAL.parse(text));
    const events = component.getAllSubcomponents('vevent');
    expect(events).toHaveLength(1);
    const event = events[0];
    const time = (name: string) => {
      const value = event.getFirstPropertyValue(name) as ICAL.Time;
      return { utc: value.zone?.tzid === 'UTC', iso: value.toJSDate().toISOString() };
    };
    return {
      uid: event.getFirstPropertyValue('uid'),
      start: time('dtstart'),
      end: time('dtend'),
      status: event.getFirstPropertyValue('status'),
      sequence: event.getFirstPropertyValue('sequence'),
      location: event.getFirstPropertyValue('location'),
      summary: event.getFirstPropertyValue('summary'),
      description: event.getFirstPropertyValue('description') as string,
    };
  }

  async function eventFor(viewer: Session, appointment: Appointment) {
    const res = await calendar(viewer, appointment.id).expect(200);
    return eventOf(res.text);
  }

  describe('GET /api/appointments/:id/calendar.ics', () => {
    it('is an event at the appointment’s UTC times that calendar apps update in place as it changes', async () => {
      const appointment = await book(t, patient, doctor.id, utc(monday, '09:00'), 'Chest pain; worse, at night');
      const res = await calendar(patient, appointment.id).expect(200);
      expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8; method=PUBLISH');
      expect(res.headers['content-disposition']).toContain(`attachment; filename="appointment-${appointment.startsAt.slice(0, 10)}.ics"`);
      expect(res.headers['cache-control']).toBe('private, no-store');

      const booked = eventOf(res.text);
      expect(booked).toMatchObject({
        uid: `${appointment.id}@care.example.org`,
        start: { utc: true, iso: appointment.startsAt },
        end: { utc: true, iso: appointment.endsAt },
        status: 'TENTATIVE',
        sequence: 0,
        location: 'Riverside Wing, Room 4, Carebook Clinic',
        summary: 'Appointment with Dr Amara Okafor (Cardiology)',
      });
      // calendars are often shared: the medical reason stays out of the event
      expect(booked.description).not.toContain('Chest pain');
      expect(booked.description).toContain(`${PUBLIC_URL}/appointments/${appointment.id}`);
      // 09:00 in New York is 13:00 or 14:00 UTC
      expect(['13:00', '14:00']).toContain(booked.start.iso.slice(11, 16));

      await t.http.post(actionPath(appointment.id, 'approve')).set(doctor.auth).expect(200);
      expect((await eventFor(doctor, appointment)).status).toBe('CONFIRMED');

      const newStart = utc(monday.plus({ days: 1 }), '10:30');
      await t.http.post(actionPath(appointment.id, 'reschedule')).set(doctor.auth).send({ startsAt: newStart }).expect(200);
      const moved = await eventFor(patient, appointment);
      expect(moved).toMatchObject({
        uid: booked.uid,
        start: { utc: true, iso: newStart },
        end: { utc: true, iso: new Date(Date.parse(newStart) + 30 * 60_000).toISOString() },
        sequence: 1,
        status: 'CONFIRMED',
      });

      await t.http.post(actionPath(appointment.id, 'cancel')).set(patient.auth).send({ reason: 'Feeling better' }).expect(200);
      expect(await eventFor(admin, appointment)).toMatchObject({ uid: booked.uid, status: 'CANCELLED', sequence: 1 });
    });
  });

  describe('GET /api/appointments/:id/summary.txt', () => {
    it('names the doctor, the date and time in the clinic’s timezone and the reason', async () => {
      const appointment = await book(t, patient, doctor.id, utc(monday, '11:30'), 'Follow-up on blood pressure readings');
      const res = await summary(patient, appointment.id).expect(200);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.headers['content-disposition']).toContain('attachment; filename="appointment-');
      const text = res.text;
      expect(text).toContain('Doctor:      Dr Amara Okafor, Cardiology');
      expect(text).toContain('Where:       Riverside Wing, Room 4');
      expect(text).toContain(`Date:        ${monday.toFormat('cccc, d LLLL yyyy')}`);
      expect(text).toContain('Time:        11:30–12:00 (30 minutes, America/New_York time)');
      expect(text).toContain('Status:      Requested — waiting for the doctor to confirm');
      expect(text).toContain('Reason for the visit\n  Follow-up on blood pressure readings');
      expect(text).toContain('  Name:      Olivia Bennett');
      expect(text).toContain(`Reference:   ${appointment.id}`);
      // the online-change deadline is the cancellation window before the start, in clinic time
      const deadline = monday.minus({ days: 1 }).set({ hour: 11, minute: 30 });
      expect(text).toContain(`until ${deadline.toFormat("cccc, d LLLL yyyy 'at' HH:mm")}`);
      expect(text).toMatch(/History\n {2}\d{1,2} \w{3} \d{4}, \d{2}:\d{2} {2}booked by Olivia Bennett \(patient\)/);
      // the doctor and an admin can have it too
      for (const viewer of [doctor, admin]) {
        expect((await summary(viewer, appointment.id).expect(200)).text).toContain('Follow-up on blood pressure readings');
      }
    });
  });

  it('keeps an appointment, its summary and its calendar from other doctors and patients (404) and from the signed-out (401)', async () => {
    const appointment = await book(t, patient, doctor.id, utc(monday.plus({ days: 2 }), '09:30'));
    const paths = ['', '/summary.txt', '/calendar.ics'].map((suffix) => `/api/appointments/${appointment.id}${suffix}`);
    for (const path of paths) {
      for (const stranger of [otherDoctor, otherPatient]) {
        const res = await t.http.get(path).set(stranger.auth);
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
        expect(res.text).not.toContain('Dr Amara Okafor');
      }
      const anonymous = await t.http.get(path);
      expect({ path, status: anonymous.status }).toEqual({ path, status: 401 });
    }
    await t.http.get('/api/appointments/00000000-0000-4000-8000-000000000000/calendar.ics').set(patient.auth).expect(404);
  });
});
