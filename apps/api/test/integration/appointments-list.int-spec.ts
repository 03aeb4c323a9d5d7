import { jest } from '@jest/globals';
import { DateTime } from 'luxon';
import { createTestApp, type TestApp } from '../support/test-app';
import { registerPatient, signInAdmin, type Session } from '../support/accounts';
import { isoDate, mondayAhead, utc, type ErrorBody } from './scheduling-fixtures';
import { actionPath, book, bookableDoctor, type Appointment, type AppointmentPage } from './appointment-fixtures';

const ZONE = 'Europe/London';
const ALL_DAY = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '18:00' }));

jest.setTimeout(120_000);

describe('GET /api/appointments (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: Session;
  let cardiologist: Session;
  let dermatologist: Session;
  let olivia: Session;
  let quentin: Session;
  let monday: DateTime;
  /** Every appointment of this file, by a short name. */
  const made: Record<string, Appointment> = {};

  beforeAll(async () => {
    t = await createTestApp({ CLINIC_TIMEZONE: ZONE });
    admin = await signInAdmin(t);
    monday = mondayAhead(ZONE);
    cardiologist = await bookableDoctor(t, { fullName: 'Dr Amara Okafor', specialty: 'Cardiology', weekly: ALL_DAY });
    dermatologist = await bookableDoctor(t, { fullName: 'Dr Lena Fischer', specialty: 'Dermatology', weekly: ALL_DAY });
    olivia = await registerPatient(t, { fullName: 'Olivia Bennett' });
    quentin = await registerPatient(t, { fullName: 'Quentin Zaragoza' });
    const tuesday = monday.plus({ days: 1 });
    const wednesday = monday.plus({ days: 2 });
    made['oliviaMorning'] = await book(t, olivia, cardiologist.id, utc(monday, '09:00'), 'Recurring migraine with aura');
    made['oliviaAfternoon'] = await book(t, olivia, dermatologist.id, utc(monday, '14:00'), 'Itchy rash on both arms');
    made['oliviaEvening'] = await book(t, olivia, cardiologist.id, utc(tuesday, '17:30'), 'Palpitations at night, 100% of evenings');
    made['quentinMorning'] = await book(t, quentin, cardiologist.id, utc(tuesday, '11:30'), 'Chest pain climbing stairs');
    made['quentinNoon'] = await book(t, quentin, dermatologist.id, utc(wednesday, '12:00'), 'Mole check');
    made['quentinLate'] = await book(t, quentin, dermatologist.id, utc(wednesday, '16:30'), 'Eczema follow-up');
    await t.http.post(actionPath(made['oliviaMorning'].id, 'approve')).set(cardiologist.auth).expect(200);
    await t.http.post(actionPath(made['quentinNoon'].id, 'decline')).set(dermatologist.auth).expect(200);
    await t.http.post(actionPath(made['oliviaAfternoon'].id, 'cancel')).set(olivia.auth).expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  /** The names of the appointments a query answers, in the order given. */
  async function listed(viewer: Session, query: Record<string, string | number> = {}): Promise<string[]> {
    const res = await t.http.get('/api/appointments').query(query).set(viewer.auth);
    expect({ query, status: res.status }).toEqual({ query, status: 200 });
    const page = res.body as AppointmentPage;
    return page.items.map((item) => Object.keys(made).find((name) => made[name].id === item.id) ?? item.id);
  }

  describe('who sees what', () => {
    it('shows a patient only their own, a doctor only theirs, an admin all, in time order', async () => {
      expect(await listed(olivia)).toEqual(['oliviaMorning', 'oliviaAfternoon', 'oliviaEvening']);
      expect(await listed(quentin)).toEqual(['quentinMorning', 'quentinNoon', 'quentinLate']);
      expect(await listed(cardiologist)).toEqual(['oliviaMorning', 'quentinMorning', 'oliviaEvening']);
      expect(await listed(dermatologist)).toEqual(['oliviaAfternoon', 'quentinNoon', 'quentinLate']);
      expect(await listed(admin)).toEqual([
        'oliviaMorning',
        'oliviaAfternoon',
        'quentinMorning',
        'oliviaEvening',
        'quentinNoon',
        'quentinLate',
      ]);
      await t.http.get('/api/appointments').expect(401);
    });

    it('cannot be widened with another person’s id', async () => {
      expect(await listed(olivia, { patientId: quentin.id })).toEqual([]);
      expect(await listed(cardiologist, { doctorId: dermatologist.id })).toEqual([]);
      // but narrows within what the viewer may see
      expect(await listed(olivia, { doctorId: cardiologist.id })).toEqual(['oliviaMorning', 'oliviaEvening']);
      expect(await listed(cardiologist, { patientId: quentin.id })).toEqual(['quentinMorning']);
      expect(await listed(admin, { doctorId: dermatologist.id, patientId: quentin.id })).toEqual(['quentinNoon', 'quentinLate']);
    });

    it('gives each item the viewer’s own actions and the names people recognise', async () => {
      const res = await t.http.get('/api/appointments').set(cardiologist.auth).expect(200);
      const first = (res.body as AppointmentPage).items[0];
      expect(first).toMatchObject({
        id: made['oliviaMorning'].id,
        status: 'confirmed',
        doctor: { fullName: 'Dr Amara Okafor', specialty: 'Cardiology' },
        patient: { fullName: 'Olivia Bennett' },
        actions: ['cancel', 'reschedule'],
      });
      const second = (res.body as AppointmentPage).items[1];
      expect(second.actions).toEqual(['approve', 'decline', 'cancel', 'reschedule']);
    });
  });

  describe('filters', () => {
    it('by status, one or several', async () => {
      expect(await listed(admin, { status: 'pending' })).toEqual(['quentinMorning', 'oliviaEvening', 'quentinLate']);
      expect(await listed(admin, { status: 'confirmed,declined' })).toEqual(['oliviaMorning', 'quentinNoon']);
      expect(await listed(olivia, { status: 'cancelled' })).toEqual(['oliviaAfternoon']);
      expect(await listed(admin, { status: 'completed' })).toEqual([]);
    });

    it('by clinic-local dates (to includes its whole day) and by instants', async () => {
      const tuesday = isoDate(monday.plus({ days: 1 }));
      expect(await listed(admin, { from: tuesday, to: tuesday })).toEqual(['quentinMorning', 'oliviaEvening']);
      expect(await listed(admin, { from: tuesday })).toEqual(['quentinMorning', 'oliviaEvening', 'quentinNoon', 'quentinLate']);
      expect(await listed(admin, { to: isoDate(monday) })).toEqual(['oliviaMorning', 'oliviaAfternoon']);
      // instants: [from, to)
      expect(await listed(admin, { from: utc(monday, '09:00'), to: utc(monday, '14:00') })).toEqual(['oliviaMorning']);
      expect(await listed(admin, { from: utc(monday, '09:01') })).not.toContain('oliviaMorning');
    });

    it('by words of the reason or the patient’s name, all words, any case', async () => {
      expect(await listed(admin, { q: 'migraine' })).toEqual(['oliviaMorning']);
      expect(await listed(admin, { q: 'MIGRAINE aura' })).toEqual(['oliviaMorning']);
      expect(await listed(admin, { q: 'migraine rash' })).toEqual([]);
      expect(await listed(admin, { q: 'zaragoza' })).toEqual(['quentinMorning', 'quentinNoon', 'quentinLate']);
      expect(await listed(admin, { q: 'Quentin chest' })).toEqual(['quentinMorning']);
      expect(await listed(cardiologist, { q: 'olivia' })).toEqual(['oliviaMorning', 'oliviaEvening']);
      // LIKE wildcards are taken literally
      expect(await listed(admin, { q: '100%' })).toEqual(['oliviaEvening']);
      expect(await listed(admin, { q: '%' })).toEqual(['oliviaEvening']);
      expect(await listed(admin, { q: '_' })).toEqual([]);
    });

    it('by the doctor’s specialty', async () => {
      expect(await listed(admin, { specialty: 'Dermatology' })).toEqual(['oliviaAfternoon', 'quentinNoon', 'quentinLate']);
      expect(await listed(olivia, { specialty: 'cardiology' })).toEqual(['oliviaMorning', 'oliviaEvening']);
      expect(await listed(admin, { specialty: 'Neurology' })).toEqual([]);
    });

    it('by the clinic-local time of day', async () => {
      expect(await listed(admin, { timeOfDay: 'morning' })).toEqual(['oliviaMorning', 'quentinMorning']);
      expect(await listed(admin, { timeOfDay: 'afternoon' })).toEqual(['oliviaAfternoon', 'quentinNoon', 'quentinLate']);
      expect(await listed(admin, { timeOfDay: 'evening' })).toEqual(['oliviaEvening']);
    });

    it('combined', async () => {
      expect(await listed(admin, { status: 'pending', specialty: 'Cardiology', timeOfDay: 'morning' })).toEqual(['quentinMorning']);
    });
  });

  describe('order and paging', () => {
    it('orders by start, newest first on request, and pages with the total', async () => {
      expect(await listed(quentin, { order: 'desc' })).toEqual(['quentinLate', 'quentinNoon', 'quentinMorning']);
      const page = async (query: Record<string, string | number>) =>
        (await t.http.get('/api/appointments').query(query).set(admin.auth).expect(200)).body as AppointmentPage;
      const first = await page({ pageSize: 4 });
      const second = await page({ pageSize: 4, page: 2 });
      expect(first.total).toBe(6);
      expect(second.total).toBe(6);
      expect(first.items).toHaveLength(4);
      expect(second.items).toHaveLength(2);
      expect(new Set([...first.items, ...second.items].map((a) => a.id)).size).toBe(6);
      // past the end: nothing, but the total still tells how many there are
      expect(await page({ pageSize: 4, page: 3 })).toEqual({ items: [], total: 6 });
      expect(await page({ status: 'completed' })).toEqual({ items: [], total: 0 });
    });
  });

  describe('bad queries: 400 with the field', () => {
    it.each<[Record<string, string>, string]>([
      [{ status: 'done' }, 'status'],
      [{ status: 'pending,maybe' }, 'status'],
      [{ from: 'tomorrow' }, 'from'],
      [{ from: '2030-02-30' }, 'from'],
      [{ to: '2030-01-01T09:00' }, 'to'],
      [{ from: '2030-01-10', to: '2030-01-09' }, 'to'],
      [{ timeOfDay: 'night' }, 'timeOfDay'],
      [{ doctorId: 'dr-who' }, 'doctorId'],
      [{ patientId: '42' }, 'patientId'],
      [{ order: 'sideways' }, 'order'],
      [{ page: '0' }, 'page'],
      [{ pageSize: '501' }, 'pageSize'],
      [{ q: 'x'.repeat(101) }, 'q'],
      [{ colour: 'blue' }, 'colour'],
      [{ q: 'chest\u0000pain' }, 'q'],
      [{ specialty: '\u0000' }, 'specialty'],
    ])('%j', async (query, field) => {
      const res = await t.http.get('/api/appointments').query(query).set(admin.auth);
      expect(res.status).toBe(400);
      expect((res.body as ErrorBody).details?.map((d) => d.field)).toEqual([field]);
    });
  });
});
