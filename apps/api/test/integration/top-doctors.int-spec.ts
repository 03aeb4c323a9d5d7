import { jest } from '@jest/globals';
import type { DateTime } from 'luxon';
import { registerDoctor, registerPatient, type Session } from '../support/accounts';
import type { TestApp } from '../support/test-app';
import { bookableDoctor } from './appointment-fixtures';
import { at, insertAppointment, mondayAhead, useAdminApp, utc, type DoctorCard, type ErrorBody } from './scheduling-fixtures';

const ZONE = 'Europe/London';

interface TopDoctor extends DoctorCard {
  completedVisits: number;
}

// Each doctor costs a registration and a sign-in (password hashing): allow for a busy machine.
jest.setTimeout(120_000);

/**
 * GET /api/doctors/top on a database of its own, so the ranking holds only this file's doctors. The ranking is
 * cached per `limit` for a minute, so each test asks for a size no other test asks for.
 */
describe('top doctors (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: Session;
  useAdminApp(ZONE, (c) => ({ t, admin } = c));

  /** `count` past appointments of the doctor in this status, each with a patient of its own, a day apart. */
  async function visits(doctor: Session, patient: Session, count: number, status: string, from: DateTime): Promise<void> {
    for (let i = 0; i < count; i++) {
      const start = from.minus({ days: 7 + i }).set({ hour: 10 });
      await insertAppointment(t.databaseUrl, {
        doctorId: doctor.id,
        patientId: patient.id,
        startsAt: start.toUTC().toISO() ?? '',
        endsAt: start.plus({ minutes: 30 }).toUTC().toISO() ?? '',
        status,
      });
    }
  }

  const top = async (viewer: Session, limit: number): Promise<TopDoctor[]> =>
    (await t.http.get('/api/doctors/top').query({ limit }).set(viewer.auth).expect(200)).body as TopDoctor[];

  it('ranks bookable doctors with hours by completed visits, then soonest free slot, then name', async () => {
    const monday = mondayAhead(ZONE);
    const patient = await registerPatient(t);
    const mornings = [{ weekday: 1, start: '09:00', end: '12:00' }];
    const afternoons = [{ weekday: 1, start: '14:00', end: '17:00' }];
    const busiest = await bookableDoctor(t, { fullName: 'Dr Zara Busiest', weekly: afternoons, profile: { experienceYears: 20 } });
    const soonFree = await bookableDoctor(t, { fullName: 'Dr Yusuf Soon', weekly: mornings });
    const laterFree = await bookableDoctor(t, { fullName: 'Dr Abel Later', weekly: afternoons });
    const newcomer = await bookableDoctor(t, { fullName: 'Dr Nina Newcomer', weekly: mornings });
    // Left out: no hours (cannot be booked), pending, suspended.
    const noHours = await registerDoctor(t, { fullName: 'Dr Olga Nohours' });
    await t.http.post(`/api/admin/doctors/${noHours.id}/approve`).set(admin.auth).expect(200);
    const pending = await registerDoctor(t, { fullName: 'Dr Pia Pending' });
    const suspended = await bookableDoctor(t, { fullName: 'Dr Sam Suspended', weekly: mornings });
    await t.http.post(`/api/admin/users/${suspended.id}/suspend`).set(admin.auth).send({ reason: 'Review' }).expect(200);

    await visits(busiest, patient, 4, 'completed', monday);
    await visits(soonFree, patient, 2, 'completed', monday);
    await visits(laterFree, patient, 2, 'completed', monday);
    // Only completed visits count: a no-show or a cancellation is no visit.
    await visits(laterFree, patient, 3, 'no_show', monday.minus({ days: 20 }));
    await visits(newcomer, patient, 2, 'cancelled', monday);
    for (const left of [noHours, pending, suspended]) await visits(left, patient, 6, 'completed', monday.minus({ days: 40 }));

    // Sunday noon before `monday`: Yusuf is free from 09:00, Abel from 14:00, whatever today is.
    t.clock.set(at(monday.minus({ days: 1 }), '12:00').toJSDate());
    const list = await top(patient, 12);
    const mine = new Set([busiest, soonFree, laterFree, newcomer, noHours, pending, suspended].map((d) => d.id));
    expect(list.filter((d) => mine.has(d.id)).map((d) => [d.fullName, d.completedVisits, d.nextAvailableAt])).toEqual([
      ['Dr Zara Busiest', 4, utc(monday, '14:00')],
      ['Dr Yusuf Soon', 2, utc(monday, '09:00')],
      ['Dr Abel Later', 2, utc(monday, '14:00')],
      ['Dr Nina Newcomer', 0, utc(monday, '09:00')],
    ]);
    expect(list[0]).toMatchObject({ id: busiest.id, specialty: 'Cardiology', experienceYears: 20, photoUrl: null, consultationTypes: ['in_person'] });
    expect(list[0]).not.toHaveProperty('contactPhone');

    // `limit` keeps the first ones; admins see the same ranking.
    const ids = list.map((d) => d.id);
    expect((await top(patient, 2)).map((d) => d.id)).toEqual(ids.slice(0, 2));
    expect((await top(admin, 3)).map((d) => d.id)).toEqual(ids.slice(0, 3));
  });

  it('drops a doctor suspended after the ranking was made, at once', async () => {
    const monday = mondayAhead(ZONE);
    const patient = await registerPatient(t);
    // More completed visits than any other doctor of this file: these two lead the ranking.
    const leader = await bookableDoctor(t, { fullName: 'Dr Lea Leader' });
    const runnerUp = await bookableDoctor(t, { fullName: 'Dr Rory Runnerup' });
    await visits(leader, patient, 12, 'completed', monday.minus({ days: 60 }));
    await visits(runnerUp, patient, 11, 'completed', monday.minus({ days: 80 }));
    expect((await top(patient, 5)).slice(0, 2).map((d) => d.id)).toEqual([leader.id, runnerUp.id]);

    await t.http.post(`/api/admin/users/${leader.id}/suspend`).set(admin.auth).send({ reason: 'Review' }).expect(200);
    const after = await top(patient, 5);
    expect(after[0].id).toBe(runnerUp.id);
    expect(after.map((d) => d.id)).not.toContain(leader.id);
  });

  it('is for signed-in patients and admins: 401 anonymous, 403 doctors (pending or approved)', async () => {
    const doctor = await bookableDoctor(t);
    const pending = await registerDoctor(t);
    const anonymous = await t.http.get('/api/doctors/top');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body as ErrorBody).toMatchObject({ statusCode: 401 });
    for (const caller of [doctor, pending]) {
      const res = await t.http.get('/api/doctors/top').set(caller.auth);
      expect(res.status).toBe(403);
      expect(res.body as ErrorBody).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    }
  });

  it('answers 400 naming the field for a bad limit', async () => {
    const patient = await registerPatient(t);
    for (const limit of ['0', '13', 'four', '2.5']) {
      const res = await t.http.get('/api/doctors/top').query({ limit }).set(patient.auth);
      expect({ limit, status: res.status }).toEqual({ limit, status: 400 });
      expect((res.body as ErrorBody).details?.map((d) => d.field)).toEqual(['limit']);
    }
  });
});
