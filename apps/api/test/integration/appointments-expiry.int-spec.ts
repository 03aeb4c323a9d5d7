import { jest } from '@jest/globals';
import { DateTime } from 'luxon';
import type { TestApp } from '../support/test-app';
import { registerPatient, type Session } from '../support/accounts';
import { AppointmentExpiryJob } from '../../src/modules/appointments/appointment-expiry.job';
import { at, defaultSettings, isoDate, localStarts, putSettings, slotsOf, useClinicApp, utc } from './scheduling-fixtures';
import { actionPath, book, bookableDoctor, detailOf, type Appointment, type AppointmentPage } from './appointment-fixtures';

const ZONE = 'Europe/London';
const HOUR = 3_600_000;

jest.setTimeout(120_000);

describe('expiring unanswered requests (real PostgreSQL)', () => {
  let t: TestApp;
  let admin: Session;
  let job: AppointmentExpiryJob;
  let monday: DateTime;
  useClinicApp(ZONE, (c) => ({ t, admin, monday } = c));
  beforeAll(() => {
    job = t.app.get(AppointmentExpiryJob);
  });

  const offeredOn = async (doctor: Session, day: DateTime) =>
    localStarts(await slotsOf(t, doctor.id, { from: isoDate(day), to: isoDate(day) }), ZONE);

  async function statusOf(id: string): Promise<string> {
    return (await detailOf(t, admin, id)).status;
  }

  it('cancels requests left unanswered longer than the clinic allows, as the clinic, and offers their slots again', async () => {
    const doctor = await bookableDoctor(t);
    const patient = await registerPatient(t);
    const stale = await book(t, patient, doctor.id, utc(monday, '09:00'));
    const answered = await book(t, patient, doctor.id, utc(monday, '09:30'));
    await t.http.post(actionPath(answered.id, 'approve')).set(doctor.auth).expect(200);
    t.clock.advance(2 * HOUR);
    const recent = await book(t, patient, doctor.id, utc(monday, '10:00'));

    // 47 hours after the first request: nothing is due yet
    t.clock.advance(45 * HOUR);
    await job.run();
    expect(await statusOf(stale.id)).toBe('pending');

    // 48 hours after it
    t.clock.advance(HOUR + 1000);
    const expiredAt = t.clock.now().getTime();
    expect(await job.run()).toBeGreaterThanOrEqual(1);
    const detail = await detailOf(t, patient, stale.id);
    expect(detail).toMatchObject({ status: 'cancelled', statusReason: 'The doctor did not confirm the request within 48 hours' });
    expect(detail.history).toHaveLength(2);
    expect(detail.history[1]).toMatchObject({
      event: 'expired',
      fromStatus: 'pending',
      toStatus: 'cancelled',
      actor: null,
      reason: 'The doctor did not confirm the request within 48 hours',
      startsAt: stale.startsAt,
    });
    expect(Math.abs(Date.parse(detail.history[1].at) - expiredAt)).toBeLessThan(5000);
    expect(detail.actions).toEqual([]);

    // confirmed and newer requests stay as they are
    expect(await statusOf(answered.id)).toBe('confirmed');
    expect(await statusOf(recent.id)).toBe('pending');
    expect(await offeredOn(doctor, monday)).toEqual(['09:00', '10:30', '11:00', '11:30']);
    // and someone else can take the freed slot
    await book(t, await registerPatient(t), doctor.id, stale.startsAt);

    // running again expires nothing more of these
    await job.run();
    expect((await detailOf(t, patient, stale.id)).history).toHaveLength(2);
    expect(await statusOf(recent.id)).toBe('pending');
  });

  it('follows the clinic’s pendingExpiryHours', async () => {
    const doctor = await bookableDoctor(t);
    const patient = await registerPatient(t);
    const request = await book(t, patient, doctor.id, utc(monday, '11:00'));
    await putSettings(t, admin, { ...defaultSettings(ZONE), pendingExpiryHours: 6 });
    t.clock.advance(5 * HOUR);
    await job.run();
    expect(await statusOf(request.id)).toBe('pending');
    t.clock.advance(HOUR + 1000);
    await job.run();
    expect((await detailOf(t, patient, request.id)).statusReason).toBe('The doctor did not confirm the request within 6 hours');
  });

  it('cancels a request whose time came before the doctor answered it', async () => {
    const doctor = await bookableDoctor(t);
    const patient = await registerPatient(t);
    const tuesday = monday.plus({ days: 1 });
    // booked on the morning itself, three hours ahead
    t.clock.set(at(tuesday, '06:00').toJSDate());
    const request = await book(t, patient, doctor.id, utc(tuesday, '09:00'));
    const confirmed = await book(t, patient, doctor.id, utc(tuesday, '10:00'));
    await t.http.post(actionPath(confirmed.id, 'approve')).set(doctor.auth).expect(200);

    t.clock.set(at(tuesday, '08:59').toJSDate());
    await job.run();
    expect(await statusOf(request.id)).toBe('pending');
    t.clock.set(at(tuesday, '09:00').plus({ seconds: 1 }).toJSDate());
    await job.run();
    const detail = await detailOf(t, doctor, request.id);
    expect(detail.status).toBe('cancelled');
    expect(detail.history[1]).toMatchObject({
      event: 'expired',
      actor: null,
      reason: 'The appointment time came before the doctor confirmed it',
    });
    // a confirmed appointment whose time has come waits for the doctor to complete it
    t.clock.set(at(tuesday, '10:05').toJSDate());
    await job.run();
    expect(await statusOf(confirmed.id)).toBe('confirmed');
  });

  it('expires each request once when two runs overlap (two API instances)', async () => {
    const doctor = await bookableDoctor(t);
    const patients = await Promise.all([registerPatient(t), registerPatient(t), registerPatient(t)]);
    const requests: Appointment[] = [];
    for (const [i, hhmm] of ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'].entries()) {
      requests.push(await book(t, patients[i % 3], doctor.id, utc(monday.plus({ days: 2 }), hhmm)));
    }
    const cancelledBefore = await cancelledTotal();
    t.clock.advance(49 * HOUR);

    const counts = await Promise.all([job.run(), job.run(), job.run()]);
    // whatever else of this file was due expired too; no appointment was counted twice
    expect(counts.reduce((sum, n) => sum + n, 0)).toBe((await cancelledTotal()) - cancelledBefore);
    for (const request of requests) {
      const detail = await detailOf(t, admin, request.id);
      expect(detail.status).toBe('cancelled');
      expect(detail.history.filter((h) => h.event === 'expired')).toHaveLength(1);
    }
    expect(await offeredOn(doctor, monday.plus({ days: 2 }))).toHaveLength(6);
  });

  async function cancelledTotal(): Promise<number> {
    const res = await t.http.get('/api/appointments').query({ status: 'cancelled', pageSize: 1 }).set(admin.auth).expect(200);
    return (res.body as AppointmentPage).total;
  }
});
