import { jest } from '@jest/globals';
import { DateTime } from 'luxon';
import type { TestApp } from '../support/test-app';
import { approvedDoctor, registerDoctor, registerPatient, type Session } from '../support/accounts';
import {
  addHoliday,
  at,
  defaultSettings,
  insertAppointment,
  instant,
  isoDate,
  localStamps,
  localStarts,
  mondayAhead,
  putAvailability,
  putSettings,
  removeHoliday,
  slotsOf,
  useClinicApp,
  utc,
  type Availability,
  type ErrorBody,
  type Slot,
  type TimeOff,
  type WeeklyWindow,
} from './scheduling-fixtures';

const ZONE = 'Europe/London';
const MINUTE = 60_000;
const DAY = 86_400_000;
const MORNING = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'];

/** The slot the API should answer for a local start time. */
function slotAt(day: DateTime, hhmm: string, minutes = 30): Slot {
  return { startsAt: utc(day, hhmm), endsAt: at(day, hhmm).plus({ minutes }).toUTC().toISO() ?? '' };
}

// Each doctor costs a registration and a sign-in (password hashing): allow for a busy machine.
jest.setTimeout(120_000);

describe('free slots (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: Session;
  let monday: DateTime;
  // Tests that move the clock or change the rules leave them as they found them.
  useClinicApp(ZONE, (c) => ({ t, admin, monday } = c));

  /** An approved doctor with these weekly hours. */
  async function doctorWith(weekly: WeeklyWindow[], slotMinutes: number | null = null): Promise<Session> {
    const doctor = await registerDoctor(t);
    await t.http.post(`/api/admin/doctors/${doctor.id}/approve`).set(admin.auth).expect(200);
    await putAvailability(t, doctor, weekly, { slotMinutes });
    return doctor;
  }

  const mondayMorning = () => [{ weekday: 1, start: '09:00', end: '12:00' }];

  async function daySlots(doctor: Session, day: DateTime): Promise<Slot[]> {
    return slotsOf(t, doctor.id, { from: isoDate(day), to: isoDate(day) });
  }

  function setClock(local: DateTime): void {
    t.clock.set(local.toJSDate());
  }

  describe('GET /api/doctors/:id/slots', () => {
    it('cuts the doctor’s windows into slots of the clinic’s length, as UTC instants, for whole local days', async () => {
      const doctor = await doctorWith([
        { weekday: 1, start: '09:00', end: '12:00' },
        { weekday: 3, start: '14:00', end: '15:15' },
      ]);
      const wednesday = monday.plus({ days: 2 });
      const slots = await slotsOf(t, doctor.id, { from: isoDate(monday), to: isoDate(wednesday) });
      expect(slots).toEqual([
        ...MORNING.map((hhmm) => slotAt(monday, hhmm)),
        { startsAt: utc(wednesday, '14:00'), endsAt: utc(wednesday, '14:30') },
        { startsAt: utc(wednesday, '14:30'), endsAt: utc(wednesday, '15:00') },
      ]);
      for (const slot of slots) {
        expect(slot.startsAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);
        expect(Date.parse(slot.endsAt) - Date.parse(slot.startsAt)).toBe(30 * MINUTE);
      }
      // the trailing quarter hour is no slot; Tuesday (no hours) has none
      expect(await daySlots(doctor, monday.plus({ days: 1 }))).toEqual([]);
    });

    it('uses the doctor’s own slot length, else the clinic’s (which the admin can change)', async () => {
      const own = await doctorWith(mondayMorning(), 45);
      const clinics = await doctorWith(mondayMorning());
      expect(localStarts(await daySlots(own, monday), ZONE)).toEqual(['09:00', '09:45', '10:30', '11:15']);
      expect(localStarts(await daySlots(clinics, monday), ZONE)).toEqual(MORNING);

      await putSettings(t, admin, { ...defaultSettings(ZONE), slotMinutes: 40 });
      expect(localStarts(await daySlots(own, monday), ZONE)).toEqual(['09:00', '09:45', '10:30', '11:15']);
      const slots = await daySlots(clinics, monday);
      expect(localStarts(slots, ZONE)).toEqual(['09:00', '09:40', '10:20', '11:00']);
      expect(slots[2]).toEqual(slotAt(monday, '10:20', 40));
    });

    it('takes instants too: slots starting in [from, to)', async () => {
      const doctor = await doctorWith(mondayMorning());
      const slots = await slotsOf(t, doctor.id, { from: instant(monday, '09:45'), to: instant(monday, '11:00') });
      expect(localStarts(slots, ZONE)).toEqual(['10:00', '10:30']);
      const utcQuery = await slotsOf(t, doctor.id, {
        from: at(monday, '10:00').toUTC().toISO() ?? '',
        to: at(monday, '10:30').toUTC().toISO() ?? '',
      });
      expect(localStarts(utcQuery, ZONE)).toEqual(['10:00']);
    });

    it('defaults to the coming 7 days from now', async () => {
      const doctor = await doctorWith(defaultSettings(ZONE).workingHours);
      const before = Date.now();
      const slots = await slotsOf(t, doctor.id);
      const after = Date.now();
      expect(slots.length).toBeGreaterThan(0);
      for (const slot of slots) {
        expect(Date.parse(slot.startsAt)).toBeGreaterThanOrEqual(before + 120 * MINUTE);
        expect(Date.parse(slot.startsAt)).toBeLessThan(after + 7 * DAY);
      }
      // ascending, not overlapping
      for (let i = 1; i < slots.length; i++) {
        expect(Date.parse(slots[i].startsAt)).toBeGreaterThanOrEqual(Date.parse(slots[i - 1].endsAt));
      }
    });

    it('is empty for a doctor without weekly hours', async () => {
      const doctor = await approvedDoctor(t);
      expect(await slotsOf(t, doctor.id, { from: isoDate(monday), to: isoDate(monday.plus({ days: 6 })) })).toEqual([]);
    });

    it('answers 404 for pending, suspended, unknown or non-doctor ids, and malformed ids', async () => {
      const pending = await registerDoctor(t);
      await putAvailability(t, pending, mondayMorning());
      const suspended = await doctorWith(mondayMorning());
      await t.http
        .post(`/api/admin/users/${suspended.id}/suspend`)
        .set(admin.auth)
        .send({ reason: 'Licence under review' })
        .expect(200);
      const patient = await registerPatient(t);
      const range = { from: isoDate(monday), to: isoDate(monday) };
      for (const id of [pending.id, suspended.id, patient.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        const res = await t.http.get(`/api/doctors/${id}/slots`).query(range);
        expect({ id, status: res.status }).toEqual({ id, status: 404 });
        expect((res.body as ErrorBody).statusCode).toBe(404);
      }
    });

    it('refuses backwards, empty, over-wide and malformed ranges per field', async () => {
      const doctor = await doctorWith(mondayMorning());
      const d = (days: number) => isoDate(monday.plus({ days }));
      const cases: [Record<string, string>, string][] = [
        [{ from: d(3), to: d(1) }, 'to'],
        [{ from: instant(monday, '10:00'), to: instant(monday, '10:00') }, 'to'],
        [{ from: instant(monday, '10:00'), to: instant(monday, '09:00') }, 'to'],
        [{ from: d(0), to: d(31) }, 'to'], // 32 local days
        [{ from: instant(monday, '00:00'), to: instant(monday.plus({ days: 32 }), '00:00') }, 'to'],
        [{ from: '2099/01/01' }, 'from'],
        [{ from: '2099-02-30' }, 'from'],
        [{ from: '2099-01-01T09:00:00' }, 'from'], // no offset
        [{ from: d(0), to: 'next week' }, 'to'],
      ];
      for (const [query, field] of cases) {
        const res = await t.http.get(`/api/doctors/${doctor.id}/slots`).query(query);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expect({ query, fields: (res.body as ErrorBody).details?.map((e) => e.field) }).toEqual({ query, fields: [field] });
      }
      // 31 whole local days is the most one search may ask for
      const widest = await slotsOf(t, doctor.id, { from: d(0), to: d(30) });
      expect(localStamps(widest, ZONE)).toContain(`${d(28)} 09:00`);
    });
  });

  describe('clinic rules', () => {
    it('offers nothing on a holiday, and the day comes back when the holiday is removed', async () => {
      const doctor = await doctorWith([
        { weekday: 1, start: '09:00', end: '12:00' },
        { weekday: 2, start: '09:00', end: '10:00' },
      ]);
      const holiday = await addHoliday(t, admin, { date: isoDate(monday), name: 'Bank Holiday' });
      try {
        expect(await daySlots(doctor, monday)).toEqual([]);
        // the days around it are untouched
        expect(localStarts(await daySlots(doctor, monday.plus({ days: 1 })), ZONE)).toEqual(['09:00', '09:30']);
        expect(localStarts(await daySlots(doctor, monday.plus({ days: 7 })), ZONE)).toEqual(MORNING);
      } finally {
        await removeHoliday(t, admin, holiday.id);
      }
      expect(localStarts(await daySlots(doctor, monday), ZONE)).toEqual(MORNING);
    });

    it('repeats a recurring holiday every year; a one-off one stays in its year', async () => {
      // weeks chosen so neither month-day is 29 February (whose previous year may have no such date)
      const target = monday.month === 2 && monday.day === 29 ? monday.plus({ weeks: 1 }) : monday;
      const control = target.plus({ days: 7 }).month === 2 && target.plus({ days: 7 }).day === 29 ? target.plus({ days: 14 }) : target.plus({ days: 7 });
      const doctor = await doctorWith(mondayMorning());
      const recurring = await addHoliday(t, admin, {
        date: isoDate(target.minus({ years: 1 })),
        name: 'Founders’ Day',
        recurring: true,
      });
      const oneOff = await addHoliday(t, admin, { date: isoDate(control.minus({ years: 1 })), name: 'Jubilee' });
      try {
        expect(await daySlots(doctor, target)).toEqual([]);
        expect(localStarts(await daySlots(doctor, control), ZONE)).toEqual(MORNING);
      } finally {
        await removeHoliday(t, admin, recurring.id);
        await removeHoliday(t, admin, oneOff.id);
      }
    });

    it('offers only the intersection with the clinic’s hours when the clinic narrows them', async () => {
      const doctor = await doctorWith([{ weekday: 1, start: '08:00', end: '18:00' }]);
      expect(await daySlots(doctor, monday)).toHaveLength(20);

      const base = defaultSettings(ZONE);
      await putSettings(t, admin, {
        ...base,
        workingHours: [
          ...base.workingHours.filter((w) => w.weekday !== 1),
          { weekday: 1, start: '10:00', end: '12:00' },
          { weekday: 1, start: '14:00', end: '15:00' },
        ],
      });
      expect(localStarts(await daySlots(doctor, monday), ZONE)).toEqual(['10:00', '10:30', '11:00', '11:30', '14:00', '14:30']);
      // the doctor's own hours are kept as they were
      const availability = await t.http.get('/api/doctors/me/availability').set(doctor.auth).expect(200);
      expect((availability.body as Availability).weekly).toEqual([{ weekday: 1, start: '08:00', end: '18:00' }]);

      // closed on Mondays: nothing at all
      await putSettings(t, admin, { ...base, workingHours: base.workingHours.filter((w) => w.weekday !== 1) });
      expect(await daySlots(doctor, monday)).toEqual([]);
    });

    it('offers nothing that starts within the minimum notice', async () => {
      const doctor = await doctorWith(mondayMorning());
      setClock(at(monday, '08:45'));
      expect(localStarts(await daySlots(doctor, monday), ZONE)).toEqual(['11:00', '11:30']);

      // a slot starting exactly at now + notice is still offered
      setClock(at(monday, '06:59').plus({ seconds: 30 }));
      expect(localStarts(await daySlots(doctor, monday), ZONE)).toEqual(MORNING);

      setClock(at(monday, '10:15'));
      await putSettings(t, admin, { ...defaultSettings(ZONE), minNoticeMinutes: 0 });
      expect(localStarts(await daySlots(doctor, monday), ZONE)).toEqual(['10:30', '11:00', '11:30']);

      // nothing in the past, whatever the range asks for
      setClock(at(monday, '13:00'));
      expect(await daySlots(doctor, monday)).toEqual([]);
    });

    it('offers nothing that starts at or after the booking horizon', async () => {
      const doctor = await doctorWith(mondayMorning());
      // 90 calendar days before, a little before 10:00: the horizon falls just before the 10:00 slot
      setClock(at(monday.minus({ days: 90 }), '09:59').plus({ seconds: 30 }));
      const slots = await slotsOf(t, doctor.id, { from: isoDate(monday), to: isoDate(monday.plus({ days: 14 })) });
      expect(localStamps(slots, ZONE)).toEqual([`${isoDate(monday)} 09:00`, `${isoDate(monday)} 09:30`]);

      t.clock.reset();
      expect(localStarts(await daySlots(doctor, monday), ZONE)).toEqual(MORNING);
      // a horizon shorter than the weeks ahead hides the day
      await putSettings(t, admin, { ...defaultSettings(ZONE), bookingHorizonDays: 7 });
      expect(await daySlots(doctor, monday)).toEqual([]);
    });
  });

  describe('what the doctor and patients hold', () => {
    it('removes the slots time off overlaps, and gives them back when it is removed', async () => {
      const doctor = await doctorWith(mondayMorning());
      const other = await doctorWith(mondayMorning());
      const res = await t.http
        .post('/api/doctors/me/time-off')
        .set(doctor.auth)
        .send({ startsAt: instant(monday, '10:15'), endsAt: instant(monday, '11:00'), reason: 'School play' })
        .expect(201);
      const { id } = res.body as TimeOff;
      // 10:00 and 10:30 overlap; 11:00 starts exactly when the time off ends
      expect(localStarts(await daySlots(doctor, monday), ZONE)).toEqual(['09:00', '09:30', '11:00', '11:30']);
      expect(localStarts(await daySlots(other, monday), ZONE)).toEqual(MORNING);

      await t.http.delete(`/api/doctors/me/time-off/${id}`).set(doctor.auth).expect(204);
      expect(localStarts(await daySlots(doctor, monday), ZONE)).toEqual(MORNING);
    });

    it('removes whole days of time off spanning several days', async () => {
      const doctor = await doctorWith([
        { weekday: 1, start: '09:00', end: '10:00' },
        { weekday: 2, start: '09:00', end: '10:00' },
        { weekday: 3, start: '09:00', end: '10:00' },
      ]);
      await t.http
        .post('/api/doctors/me/time-off')
        .set(doctor.auth)
        .send({ startsAt: instant(monday, '00:00'), endsAt: instant(monday.plus({ days: 2 }), '00:00') })
        .expect(201);
      const slots = await slotsOf(t, doctor.id, { from: isoDate(monday), to: isoDate(monday.plus({ days: 2 })) });
      const wednesday = isoDate(monday.plus({ days: 2 }));
      expect(localStamps(slots, ZONE)).toEqual([`${wednesday} 09:00`, `${wednesday} 09:30`]);
    });

    it('holds slots for pending and confirmed appointments, not for cancelled or declined ones', async () => {
      const doctor = await doctorWith(mondayMorning());
      const other = await doctorWith(mondayMorning());
      const patient = await registerPatient(t);
      const book = (hhmm: string, status: string, doctorId = doctor.id) =>
        insertAppointment(t.databaseUrl, {
          doctorId,
          patientId: patient.id,
          ...slotAt(monday, hhmm),
          status,
        });
      await book('09:00', 'pending');
      await book('10:00', 'confirmed');
      await book('11:00', 'cancelled');
      await book('11:30', 'declined');
      expect(localStarts(await daySlots(doctor, monday), ZONE)).toEqual(['09:30', '10:30', '11:00', '11:30']);
      // another doctor's appointment holds nothing of this one's
      expect(localStarts(await daySlots(other, monday), ZONE)).toEqual(MORNING);
    });

    it('drops every slot an off-grid appointment overlaps', async () => {
      const doctor = await doctorWith(mondayMorning());
      const patient = await registerPatient(t);
      await insertAppointment(t.databaseUrl, {
        doctorId: doctor.id,
        patientId: patient.id,
        startsAt: utc(monday, '09:45'),
        endsAt: utc(monday, '10:15'),
        status: 'confirmed',
      });
      expect(localStarts(await daySlots(doctor, monday), ZONE)).toEqual(['09:00', '10:30', '11:00', '11:30']);
    });
  });

  describe('time zones', () => {
    /** The first Monday on or after a date of next year. */
    const mondayOnOrAfter = (month: number, day: number) => {
      const date = DateTime.fromObject({ year: DateTime.now().year + 1, month, day }, { zone: ZONE });
      return date.plus({ days: (8 - date.weekday) % 7 }).startOf('day');
    };
    /** The last Sunday of a month of next year (when the UK clocks change). */
    const lastSunday = (month: number) => {
      const end = DateTime.fromObject({ year: DateTime.now().year + 1, month }, { zone: ZONE }).endOf('month').startOf('day');
      return end.minus({ days: end.weekday % 7 });
    };

    it('keeps a 09:00 window at 09:00 local: 09:00Z in winter, 08:00Z in summer', async () => {
      const doctor = await doctorWith(mondayMorning());
      const winter = mondayOnOrAfter(1, 10);
      const summer = mondayOnOrAfter(7, 10);

      setClock(winter.minus({ days: 7 }));
      const januarySlots = await daySlots(doctor, winter);
      expect(januarySlots[0]).toEqual({
        startsAt: `${isoDate(winter)}T09:00:00.000Z`,
        endsAt: `${isoDate(winter)}T09:30:00.000Z`,
      });
      expect(januarySlots).toHaveLength(6);

      setClock(summer.minus({ days: 7 }));
      const julySlots = await daySlots(doctor, summer);
      expect(julySlots[0]).toEqual({
        startsAt: `${isoDate(summer)}T08:00:00.000Z`,
        endsAt: `${isoDate(summer)}T08:30:00.000Z`,
      });
      expect(julySlots[5].startsAt).toBe(`${isoDate(summer)}T10:30:00.000Z`);
    });

    it('follows the clinic’s timezone setting', async () => {
      const doctor = await doctorWith(mondayMorning());
      await putSettings(t, admin, { ...defaultSettings(ZONE), timezone: 'America/New_York' });
      const newYorkMonday = mondayAhead('America/New_York');
      const slots = await slotsOf(t, doctor.id, { from: isoDate(newYorkMonday), to: isoDate(newYorkMonday) });
      expect(localStarts(slots, 'America/New_York')).toEqual(MORNING);
      expect(slots[0].startsAt).toBe(utc(newYorkMonday, '09:00'));
      // 09:00 in New York is 13:00 or 14:00 UTC depending on the season
      expect(['13:00', '14:00']).toContain(slots[0].startsAt.slice(11, 16));
    });

    it('has no slots in the skipped hour in spring and slots in both repeated hours in autumn', async () => {
      const base = defaultSettings(ZONE);
      const night = { weekday: 7, start: '00:00', end: '04:00' };
      await putSettings(t, admin, { ...base, workingHours: [...base.workingHours, night] });
      const doctor = await doctorWith([night], 60);

      const spring = lastSunday(3);
      setClock(spring.minus({ days: 7 }));
      const springSlots = await daySlots(doctor, spring);
      // 00:00 GMT to 04:00 BST is three real hours
      expect(springSlots.map((s) => s.startsAt.slice(11, 16))).toEqual(['00:00', '01:00', '02:00']);
      expect(localStarts(springSlots, ZONE)).toEqual(['00:00', '02:00', '03:00']);

      const autumn = lastSunday(10);
      setClock(autumn.minus({ days: 7 }));
      const autumnSlots = await daySlots(doctor, autumn);
      // 00:00 BST (23:00Z the day before) to 04:00 GMT is five real hours
      expect(autumnSlots.map((s) => s.startsAt)).toEqual([
        `${isoDate(autumn.minus({ days: 1 }))}T23:00:00.000Z`,
        `${isoDate(autumn)}T00:00:00.000Z`,
        `${isoDate(autumn)}T01:00:00.000Z`,
        `${isoDate(autumn)}T02:00:00.000Z`,
        `${isoDate(autumn)}T03:00:00.000Z`,
      ]);
      expect(localStarts(autumnSlots, ZONE)).toEqual(['00:00', '01:00', '01:00', '02:00', '03:00']);
    });
  });
});
