import { jest } from '@jest/globals';
import { DateTime } from 'luxon';
import pg from 'pg';
import type { TestApp } from '../support/test-app';
import { registerPatient, type Session } from '../support/accounts';
import { AppointmentExpiryJob } from '../../src/modules/appointments/appointment-expiry.job';
import { actionPath, book, bookableDoctor, type Appointment } from './appointment-fixtures';
import {
  addHoliday,
  at,
  defaultSettings,
  insertAppointment,
  instant,
  isoDate,
  mondayAhead,
  putAvailability,
  putSettings,
  removeHoliday,
  uniqueWord,
  utc,
  useAdminApp,
  type DoctorCard,
  type DoctorPage,
  type DoctorProfile,
  type Slot,
  type TimeOff,
  type WeeklyWindow,
} from './scheduling-fixtures';

const ZONE = 'Europe/London';
const HOUR = 3_600_000;

// Each case makes several doctors and compares dozens of searches with the slot engine: slower than most.
jest.setTimeout(180_000);

/** Deterministic PRNG (mulberry32), so a failing random case can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Search reads the availability summary ("free on a day", "next available"); the slot list and the public
 * profile run the slot engine itself. After every kind of change the two must agree.
 */
describe('availability summary behind doctor search (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: Session;
  useAdminApp(ZONE, (c) => ({ t, admin } = c), { resetSettings: true });
  const monday = mondayAhead(ZONE);

  async function search(query: Record<string, string | number>): Promise<DoctorPage> {
    const res = await t.http.get('/api/doctors').query({ pageSize: 100, ...query }).expect(200);
    return res.body as DoctorPage;
  }

  async function cardOf(word: string, doctor: Session): Promise<DoctorCard> {
    const card = (await search({ q: word })).items.find((d) => d.id === doctor.id);
    if (!card) throw new Error(`${doctor.id} is not among the doctors found by ${word}`);
    return card;
  }

  /** The engine's answers: the profile's next free slot, and the clinic-local days with a slot in [from, from + days). */
  async function engineView(doctor: Session, from: DateTime, days: number): Promise<{ next: string | null; freeDays: Set<string> }> {
    const profile = (await t.http.get(`/api/doctors/${doctor.id}`).expect(200)).body as DoctorProfile;
    const slots = (
      await t.http
        .get(`/api/doctors/${doctor.id}/slots`)
        .query({ from: isoDate(from), to: isoDate(from.plus({ days: days - 1 })) })
        .expect(200)
    ).body as Slot[];
    return { next: profile.nextAvailableAt, freeDays: new Set(slots.map((s) => DateTime.fromISO(s.startsAt, { zone: ZONE }).toISODate() ?? '')) };
  }

  /** Search (summary) and slots (engine) agree on every doctor's next free slot and on who is free each day. */
  async function expectAgreement(word: string, doctors: Session[], from: DateTime, days = 14): Promise<void> {
    const views = new Map<string, { next: string | null; freeDays: Set<string> }>();
    for (const doctor of doctors) views.set(doctor.id, await engineView(doctor, from, days));
    const page = await search({ q: word });
    for (const doctor of doctors) {
      expect({ doctor: doctor.id, next: page.items.find((d) => d.id === doctor.id)?.nextAvailableAt }).toEqual({
        doctor: doctor.id,
        next: views.get(doctor.id)?.next,
      });
    }
    // soonest first, then by name, then id; nothing free last, by name
    const key = (d: DoctorCard) => [d.nextAvailableAt ? Date.parse(d.nextAvailableAt) : Number.POSITIVE_INFINITY, d.fullName, d.id] as const;
    const order = [...page.items].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      return x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0) || (x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0);
    });
    expect(page.items.map((d) => d.id)).toEqual(order.map((d) => d.id));
    // page by page: the same order and the same total
    expect(await pagesOf({ q: word }, 2)).toEqual({ ids: page.items.map((d) => d.id), totals: [page.total] });
    await expectDirectoryCopies();
    for (let i = 0; i < days; i++) {
      const day = isoDate(from.plus({ days: i }));
      const found = (await search({ q: word, availableOn: day })).items.map((d) => d.id).sort();
      const expected = doctors.filter((d) => views.get(d.id)?.freeDays.has(day)).map((d) => d.id).sort();
      expect({ day, found }).toEqual({ day, found: expected });
    }
  }

  /** Every page of a search at this page size, in order, and the distinct totals they reported. */
  async function pagesOf(query: Record<string, string>, pageSize: number): Promise<{ ids: string[]; totals: number[] }> {
    const ids: string[] = [];
    const totals = new Set<number>();
    for (let page = 1; ; page++) {
      const found = (await t.http.get('/api/doctors').query({ ...query, pageSize, page }).expect(200)).body as DoctorPage;
      totals.add(found.total);
      if (found.items.length === 0) return { ids, totals: [...totals] };
      ids.push(...found.items.map((d) => d.id));
    }
  }

  /**
   * The copies search orders and counts by agree with the accounts: every doctor profile has its next-free row
   * with the account's name and bookability, the profile's specialty and the summary's days with a free slot, and
   * the kept count of bookable doctors is the real one.
   */
  async function expectDirectoryCopies(): Promise<void> {
    const db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ wrong: number; kept: number; actual: number }>(
        `select (select count(*)::int from doctor_profiles p join users u on u.id = p.user_id
                 left join doctor_next_free n on n.doctor_id = p.user_id
                 where n.doctor_id is null or n.full_name <> u.full_name or n.bookable <> (u.role = 'doctor' and u.status = 'active')
                   or n.specialty_id <> p.specialty_id
                   or n.free_days <> array(select a.day from doctor_day_availability a where a.doctor_id = p.user_id and a.first_free is not null order by a.day)) as wrong,
                (select doctors from doctor_bookable_count) as kept,
                (select count(*)::int from doctor_profiles p join users u on u.id = p.user_id where u.role = 'doctor' and u.status = 'active') as actual`,
      );
      expect(rows[0]).toEqual({ wrong: 0, kept: rows[0].actual, actual: rows[0].actual });
      // what unfiltered search reports as its total
      expect((await search({ pageSize: 1 })).total).toBe(rows[0].actual);
      await expectFreeDayCounts(db);
      // the cron folds the counts' changes into one row per (specialty, day), and they still agree
      await db.query('select compact_doctor_free_day_counts()');
      const { rows: folded } = await db.query<{ n: number }>(
        'select count(*)::int as n from (select 1 from doctor_free_day_counts group by specialty_id, day having count(*) > 1) x',
      );
      expect(folded[0].n).toBe(0);
      await expectFreeDayCounts(db);
    } finally {
      await db.end();
    }
  }

  /**
   * The kept free-day counts equal the bookable next-free rows' free days, per specialty and summary day, and an
   * `availableOn` search's total (which reads them) is the number of bookable doctors free that day.
   */
  async function expectFreeDayCounts(db: pg.Client): Promise<void> {
    const { rows } = await db.query<{ specialty_id: string; day: string; kept: number | null; actual: number | null }>(
      `with kept as (
         select specialty_id, day, sum(doctors)::int as n from doctor_free_day_counts group by specialty_id, day having sum(doctors) <> 0
       ), actual as (
         select specialty_id, d as day, count(*)::int as n from doctor_next_free, unnest(free_days) d where bookable group by specialty_id, d
       )
       select specialty_id, day::text, kept.n as kept, actual.n as actual from kept full join actual using (specialty_id, day)
       where day >= (select first_day from doctor_availability_state) and kept.n is distinct from actual.n`,
    );
    expect(rows).toEqual([]);
    // the first day with a free doctor from the day after tomorrow on (by the app's clock): wholly in the window
    const after = DateTime.fromJSDate(t.clock.now(), { zone: ZONE }).plus({ days: 2 }).toISODate();
    const { rows: days } = await db.query<{ day: string; n: number }>(
      `select d::text as day, count(*)::int as n from doctor_next_free, unnest(free_days) d
       where bookable and d >= $1::date group by d order by d limit 1`,
      [after],
    );
    if (days.length > 0) expect({ day: days[0].day, total: (await search({ availableOn: days[0].day, pageSize: 1 })).total }).toEqual({ day: days[0].day, total: days[0].n });
  }

  async function doctorWith(word: string, weekly: WeeklyWindow[], options: { slotMinutes?: number | null } = {}): Promise<Session> {
    const doctor = await bookableDoctor(t, { fullName: `Dr ${word} ${Math.random().toString(36).slice(2, 8)}`, weekly });
    if (options.slotMinutes !== undefined) await putAvailability(t, doctor, weekly, { slotMinutes: options.slotMinutes });
    return doctor;
  }

  beforeEach(() => {
    // Sunday noon before `monday`: every day below is ahead and clear of the notice.
    t.clock.set(at(monday.minus({ days: 1 }), '12:00').toJSDate());
  });

  it('agrees with the slot engine on random hours, slot lengths, time off and appointments', async () => {
    const random = prng(20261205);
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    const word = uniqueWord();
    const doctors: Session[] = [];
    for (let i = 0; i < 6; i++) {
      const weekly: WeeklyWindow[] = [];
      for (let weekday = 1; weekday <= 6; weekday++) {
        if (random() < 0.3) continue;
        const [open, close] = weekday === 6 ? [9, 13] : [8, 18];
        const start = open + Math.floor(random() * (close - open - 1));
        const end = Math.min(close, start + 1 + Math.floor(random() * 4));
        weekly.push({ weekday, start: `${String(start).padStart(2, '0')}:${pick(['00', '30'])}`, end: `${String(end).padStart(2, '0')}:00` });
      }
      doctors.push(await doctorWith(word, weekly, { slotMinutes: pick([null, 15, 20, 45]) }));
    }
    const patients = await Promise.all([0, 1, 2, 3].map(() => registerPatient(t)));
    for (const doctor of doctors) {
      if (random() < 0.5) {
        const start = monday.plus({ days: Math.floor(random() * 10), hours: 8 + Math.floor(random() * 8) });
        await t.http
          .post('/api/doctors/me/time-off')
          .set(doctor.auth)
          .send({ startsAt: start.toISO(), endsAt: start.plus({ hours: 1 + Math.floor(random() * 30) }).toISO() })
          .expect(201);
      }
    }
    // Appointments written straight into the table, on and off the slot grid, in every status.
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const start = monday.plus({ days: Math.floor(random() * 12) }).set({ hour: 8 + Math.floor(random() * 10), minute: pick([0, 15, 30, 45, 10]) });
      try {
        ids.push(
          await insertAppointment(t.databaseUrl, {
            doctorId: pick(doctors).id,
            patientId: pick(patients).id,
            startsAt: start.toUTC().toISO() ?? '',
            endsAt: start.plus({ minutes: pick([15, 30, 45, 60]) }).toUTC().toISO() ?? '',
            status: pick(['pending', 'confirmed', 'confirmed', 'cancelled', 'declined', 'completed']),
          }),
        );
      } catch {
        // overlapping another hold of that doctor or patient: the constraints refuse it, as they should
      }
    }
    const holiday = await addHoliday(t, admin, { date: isoDate(monday.plus({ days: Math.floor(random() * 10) })), name: 'Random closure' });
    try {
      await expectAgreement(word, doctors, monday);

      // Moved, cancelled and deleted by hand, several rows per statement.
      const db = new pg.Client({ connectionString: t.databaseUrl });
      await db.connect();
      try {
        await db.query(`update appointments set status = 'cancelled' where id = any($1::uuid[]) and status = 'pending'`, [ids.slice(0, 15)]);
        await db.query(`update appointments set status = 'confirmed' where id = any($1::uuid[]) and status = 'cancelled'`, [ids.slice(15, 25)]).catch(() => undefined);
        await db.query(`delete from appointments where id = any($1::uuid[])`, [ids.slice(25, 30)]);
        for (const id of ids.slice(30)) {
          await db
            .query(`update appointments set starts_at = starts_at + interval '1 day', ends_at = ends_at + interval '1 day' where id = $1`, [id])
            .catch(() => undefined);
        }
      } finally {
        await db.end();
      }
      await expectAgreement(word, doctors, monday);
    } finally {
      await removeHoliday(t, admin, holiday.id);
    }
  });

  it('stays current through booking, cancelling, rescheduling and expiry', async () => {
    const word = uniqueWord();
    const doctor = await doctorWith(word, [{ weekday: 1, start: '09:00', end: '10:00' }]);
    const patient = await registerPatient(t);
    const mondayFree = async () => (await search({ q: word, availableOn: isoDate(monday) })).items.map((d) => d.id);
    // Friday noon: far enough ahead of Monday for the patient to cancel
    t.clock.set(at(monday.minus({ days: 3 }), '12:00').toJSDate());

    const first = await book(t, patient, doctor.id, utc(monday, '09:00'));
    expect((await cardOf(word, doctor)).nextAvailableAt).toBe(utc(monday, '09:30'));
    const second: Appointment = await book(t, await registerPatient(t), doctor.id, utc(monday, '09:30'));
    expect(await mondayFree()).toEqual([]);
    expect((await cardOf(word, doctor)).nextAvailableAt).toBe(utc(monday.plus({ weeks: 1 }), '09:00'));
    await expectAgreement(word, [doctor], monday);

    await t.http.post(actionPath(first.id, 'cancel')).set(patient.auth).send({}).expect(200);
    expect(await mondayFree()).toEqual([doctor.id]);
    expect((await cardOf(word, doctor)).nextAvailableAt).toBe(utc(monday, '09:00'));

    // the 09:30 booking moves to next Monday: this Monday's 09:30 is free again, next Monday's 09:00 taken
    await t.http.post(actionPath(second.id, 'reschedule')).set(doctor.auth).send({ startsAt: utc(monday.plus({ weeks: 1 }), '09:00') }).expect(200);
    await expectAgreement(word, [doctor], monday);
    await book(t, patient, doctor.id, utc(monday, '09:00'));
    await book(t, await registerPatient(t), doctor.id, utc(monday, '09:30'));
    expect((await cardOf(word, doctor)).nextAvailableAt).toBe(utc(monday.plus({ weeks: 1 }), '09:30'));

    // two requests for a later Monday go unanswered for two days: the expiry job cancels them, the slots come back
    t.clock.set(at(monday.minus({ days: 3 }), '12:00').toJSDate());
    const later = monday.plus({ weeks: 2 });
    const laterFree = async () => (await search({ q: word, availableOn: isoDate(later) })).items.map((d) => d.id);
    const asking = await registerPatient(t);
    const stale = await book(t, asking, doctor.id, utc(later, '09:00'));
    await book(t, await registerPatient(t), doctor.id, utc(later, '09:30'));
    expect(await laterFree()).toEqual([]);
    t.clock.advance(49 * HOUR);
    expect(await t.app.get(AppointmentExpiryJob).run()).toBeGreaterThanOrEqual(2);
    const expired = (await t.http.get(`/api/appointments/${stale.id}`).set(asking.auth).expect(200)).body as Appointment;
    expect(expired.status).toBe('cancelled');
    expect(await laterFree()).toEqual([doctor.id]);
    await expectAgreement(word, [doctor], monday, 21);
  });

  it('stays current through weekly hours, slot length and time off', async () => {
    const word = uniqueWord();
    const doctor = await doctorWith(word, [{ weekday: 1, start: '09:00', end: '10:00' }]);
    const tuesday = monday.plus({ days: 1 });
    expect((await search({ q: word, availableOn: isoDate(tuesday) })).items).toEqual([]);

    await putAvailability(t, doctor, [{ weekday: 2, start: '14:00', end: '15:00' }], { slotMinutes: 20 });
    expect((await search({ q: word, availableOn: isoDate(monday) })).items).toEqual([]);
    expect((await search({ q: word, availableOn: isoDate(tuesday) })).items.map((d) => d.id)).toEqual([doctor.id]);
    expect((await cardOf(word, doctor)).nextAvailableAt).toBe(utc(tuesday, '14:00'));
    await expectAgreement(word, [doctor], monday);

    const off = (
      await t.http.post('/api/doctors/me/time-off').set(doctor.auth).send({ startsAt: instant(tuesday, '13:00'), endsAt: instant(tuesday, '14:30') }).expect(201)
    ).body as TimeOff;
    expect((await cardOf(word, doctor)).nextAvailableAt).toBe(utc(tuesday, '14:40'));
    await t.http
      .post('/api/doctors/me/time-off')
      .set(doctor.auth)
      .send({ startsAt: instant(tuesday, '14:00'), endsAt: instant(tuesday, '15:00') })
      .expect(201);
    expect((await search({ q: word, availableOn: isoDate(tuesday) })).items).toEqual([]);
    expect((await cardOf(word, doctor)).nextAvailableAt).toBe(utc(tuesday.plus({ weeks: 1 }), '14:00'));
    await expectAgreement(word, [doctor], monday);

    await t.http.delete(`/api/doctors/me/time-off/${off.id}`).set(doctor.auth).expect(204);
    expect((await cardOf(word, doctor)).nextAvailableAt).toBe(utc(tuesday.plus({ weeks: 1 }), '14:00'));
    await expectAgreement(word, [doctor], monday);

    await putAvailability(t, doctor, []);
    expect((await cardOf(word, doctor)).nextAvailableAt).toBeNull();
    expect((await search({ q: word, availableOn: isoDate(tuesday.plus({ weeks: 1 })) })).items).toEqual([]);
  });

  it('stays current through holidays and the clinic’s settings', async () => {
    const word = uniqueWord();
    const early = await doctorWith(word, [{ weekday: 1, start: '08:00', end: '09:00' }]);
    const late = await doctorWith(word, [{ weekday: 1, start: '16:00', end: '17:00' }]);
    expect((await search({ q: word })).items.map((d) => d.id)).toEqual([early.id, late.id]);

    const holiday = await addHoliday(t, admin, { date: isoDate(monday), name: 'Closed' });
    try {
      expect((await search({ q: word, availableOn: isoDate(monday) })).items).toEqual([]);
      expect((await cardOf(word, early)).nextAvailableAt).toBe(utc(monday.plus({ weeks: 1 }), '08:00'));
      await expectAgreement(word, [early, late], monday);
    } finally {
      await removeHoliday(t, admin, holiday.id);
    }
    expect((await cardOf(word, early)).nextAvailableAt).toBe(utc(monday, '08:00'));

    // the clinic opens at 10:00 on Mondays: the early doctor's hours fall outside, the late one's get 15-minute slots
    const settings = defaultSettings(ZONE);
    await putSettings(t, admin, {
      ...settings,
      slotMinutes: 15,
      workingHours: [...settings.workingHours.filter((w) => w.weekday !== 1), { weekday: 1, start: '10:00', end: '18:00' }],
    });
    expect((await search({ q: word, availableOn: isoDate(monday) })).items.map((d) => d.id)).toEqual([late.id]);
    expect((await search({ q: word })).items.map((d) => [d.id, d.nextAvailableAt])).toEqual([
      [late.id, utc(monday, '16:00')],
      [early.id, null],
    ]);
    await expectAgreement(word, [early, late], monday);

    // a shorter horizon leaves next week out; a longer notice skips the day's first hours
    await putSettings(t, admin, { ...settings, bookingHorizonDays: 3 });
    expect((await search({ q: word, availableOn: isoDate(monday.plus({ weeks: 1 })) })).items).toEqual([]);
    t.clock.set(at(monday, '06:00').toJSDate());
    await putSettings(t, admin, { ...settings, minNoticeMinutes: 9 * 60 });
    expect((await search({ q: word, availableOn: isoDate(monday) })).items.map((d) => d.id)).toEqual([late.id]);
    expect((await cardOf(word, early)).nextAvailableAt).toBe(utc(monday.plus({ weeks: 1 }), '08:00'));
    await expectAgreement(word, [early, late], monday);
  });
  it('orders doctors free at the same time by name, and follows renames, suspensions and reactivations', async () => {
    const word = uniqueWord();
    const hours = [{ weekday: 1, start: '09:00', end: '10:00' }];
    const charlie = await bookableDoctor(t, { fullName: `Dr ${word} Charlie`, weekly: hours });
    const alpha = await bookableDoctor(t, { fullName: `Dr ${word} Alpha`, weekly: hours });
    const bravo = await bookableDoctor(t, { fullName: `Dr ${word} Bravo`, weekly: hours });
    const ids = async (query: Record<string, string | number> = {}) => (await search({ q: word, ...query })).items.map((d) => d.id);
    expect(await ids()).toEqual([alpha.id, bravo.id, charlie.id]);
    expect(await ids({ availableOn: isoDate(monday) })).toEqual([alpha.id, bravo.id, charlie.id]);
    const everyone = (await search({ pageSize: 1 })).total;

    await t.http.patch('/api/doctors/me').set(charlie.auth).send({ fullName: `Dr ${word} Aaron` }).expect(200);
    expect(await ids()).toEqual([charlie.id, alpha.id, bravo.id]);
    expect(await pagesOf({ q: word }, 1)).toEqual({ ids: [charlie.id, alpha.id, bravo.id], totals: [3] });

    await t.http.post(`/api/admin/users/${alpha.id}/suspend`).set(admin.auth).send({}).expect(200);
    expect(await ids()).toEqual([charlie.id, bravo.id]);
    expect(await pagesOf({ q: word, availableOn: isoDate(monday) }, 1)).toEqual({ ids: [charlie.id, bravo.id], totals: [2] });
    expect((await search({ pageSize: 1 })).total).toBe(everyone - 1);
    await expectDirectoryCopies();

    await t.http.post(`/api/admin/users/${alpha.id}/reactivate`).set(admin.auth).send({}).expect(200);
    expect(await ids()).toEqual([charlie.id, alpha.id, bravo.id]);
    expect((await search({ pageSize: 1 })).total).toBe(everyone);
    await expectDirectoryCopies();
  });
});
