import type { TestApp } from '../support/test-app';
import { approvedDoctor, registerDoctor, registerPatient, type Session } from '../support/accounts';
import {
  addHoliday,
  defaultSettings,
  putSettings,
  useAdminApp,
  type ClinicInfo,
  type ClinicSettings,
  type ClinicSettingsInput,
  type ErrorBody,
  type Holiday,
} from './scheduling-fixtures';

interface Revision {
  at: string;
  by: string | null;
  changes: { field: string; from: unknown; to: unknown }[];
}

const TIMEZONE = 'America/New_York';

describe('clinic settings and holidays (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: Session;
  // Tests that change the rules put the defaults back, so none depends on another's leftovers.
  useAdminApp(TIMEZONE, (c) => ({ t, admin } = c), { resetSettings: true });

  async function history(): Promise<Revision[]> {
    const res = await t.http.get('/api/admin/settings/history').set(admin.auth).expect(200);
    return res.body as Revision[];
  }

  async function holidays(query: Record<string, string | number> = {}): Promise<Holiday[]> {
    const res = await t.http.get('/api/admin/holidays').query(query).set(admin.auth).expect(200);
    return res.body as Holiday[];
  }

  describe('GET /api/clinic', () => {
    it('tells anyone the clinic’s name, timezone (from CLINIC_TIMEZONE), hours and booking rules', async () => {
      const res = await t.http.get('/api/clinic').expect(200);
      expect(res.body as ClinicInfo).toEqual({
        upcomingHolidays: [], // none declared in this suite yet
        clinicName: 'Carebook Clinic',
        timezone: TIMEZONE,
        locale: 'en-GB',
        hourCycle: 'h23',
        workingHours: [
          { weekday: 1, start: '08:00', end: '18:00' },
          { weekday: 2, start: '08:00', end: '18:00' },
          { weekday: 3, start: '08:00', end: '18:00' },
          { weekday: 4, start: '08:00', end: '18:00' },
          { weekday: 5, start: '08:00', end: '18:00' },
          { weekday: 6, start: '09:00', end: '13:00' },
        ],
        slotMinutes: 30,
        minNoticeMinutes: 120,
        bookingHorizonDays: 90,
        cancellationWindowHours: 24,
      });
      // internal settings stay internal
      expect(res.body).not.toHaveProperty('pendingExpiryHours');
      expect(res.body).not.toHaveProperty('updatedBy');
    });
  });

  describe('who may touch the settings and holidays', () => {
    it('answers 401 without a token and 403 to patients and doctors (pending or approved)', async () => {
      const patient = await registerPatient(t);
      const pending = await registerDoctor(t);
      const doctor = await approvedDoctor(t);
      const body = defaultSettings(TIMEZONE);
      const someId = '00000000-0000-4000-8000-000000000000';
      const calls = [
        () => t.http.get('/api/admin/settings'),
        () => t.http.put('/api/admin/settings').send(body),
        () => t.http.get('/api/admin/settings/history'),
        () => t.http.get('/api/admin/holidays'),
        () => t.http.post('/api/admin/holidays').send({ date: '2030-01-01', name: 'New Year' }),
        () => t.http.delete(`/api/admin/holidays/${someId}`),
      ];
      for (const [index, call] of calls.entries()) {
        const anonymous = await call();
        expect({ index, status: anonymous.status }).toEqual({ index, status: 401 });
        expect((anonymous.body as ErrorBody).statusCode).toBe(401);
        for (const session of [patient, pending, doctor]) {
          const res = await call().set(session.auth);
          expect({ index, who: session.email, status: res.status }).toEqual({ index, who: session.email, status: 403 });
          expect(res.body as ErrorBody).toMatchObject({ statusCode: 403, error: 'Forbidden' });
        }
      }
      // nothing was created by the refused calls
      expect((await holidays()).map((h) => h.date)).not.toContain('2030-01-01');
    });
  });

  describe('GET /api/admin/settings', () => {
    it('answers every setting, including the internal ones, with when and by whom it was last changed', async () => {
      const res = await t.http.get('/api/admin/settings').set(admin.auth).expect(200);
      const settings = res.body as ClinicSettings;
      expect(settings).toEqual({ ...defaultSettings(TIMEZONE), updatedAt: expect.any(String), updatedBy: settings.updatedBy });
      expect(Number.isNaN(Date.parse(settings.updatedAt))).toBe(false);
      // null until an admin first changes something (other tests may have by now)
      expect([null, 'Administrator']).toContain(settings.updatedBy);
    });
  });

  describe('PUT /api/admin/settings', () => {
    it('replaces the rules, normalises their order, and everyone sees the change', async () => {
      // In the order they are answered in: by weekday, then start.
      const [monday, wednesdayMorning, wednesdayAfternoon, sunday] = [
        { weekday: 1, start: '07:30', end: '12:00' },
        { weekday: 3, start: '08:00', end: '12:00' },
        { weekday: 3, start: '14:00', end: '19:00' },
        { weekday: 7, start: '10:00', end: '24:00' },
      ];
      const rules = { slotMinutes: 20, minNoticeMinutes: 60, bookingHorizonDays: 30, cancellationWindowHours: 12 };
      const next: ClinicSettingsInput = {
        clinicName: '  Riverside Health  ',
        timezone: 'Europe/Paris',
        locale: 'fr-FR',
        hourCycle: 'h23',
        workingHours: [wednesdayAfternoon, monday, wednesdayMorning, sunday],
        ...rules,
        pendingExpiryHours: 24,
        reminderOffsetsMinutes: [60, 2880, 15],
      };
      const saved = await putSettings(t, admin, next);
      const expected = {
        clinicName: 'Riverside Health',
        timezone: 'Europe/Paris',
        locale: 'fr-FR',
        hourCycle: 'h23',
        workingHours: [monday, wednesdayMorning, wednesdayAfternoon, sunday],
        ...rules,
      };
      expect(saved).toEqual({
        ...expected,
        pendingExpiryHours: 24,
        reminderOffsetsMinutes: [2880, 60, 15],
        updatedAt: expect.any(String),
        updatedBy: 'Administrator',
      });

      const read = await t.http.get('/api/admin/settings').set(admin.auth).expect(200);
      expect(read.body).toEqual(saved);
      const info = await t.http.get('/api/clinic').expect(200);
      expect(info.body as ClinicInfo).toEqual({ ...expected, upcomingHolidays: [] });
    });

    it('records each change in the history, newest first, with the admin’s name and old and new values', async () => {
      const before = await history();
      const base = defaultSettings(TIMEZONE);
      await putSettings(t, admin, { ...base, slotMinutes: 15 });
      await putSettings(t, admin, { ...base, slotMinutes: 15, minNoticeMinutes: 30, clinicName: 'Hill Clinic' });

      const after = await history();
      expect(after).toHaveLength(before.length + 2);
      const [newest, previous] = after;
      expect(newest).toEqual({
        at: expect.any(String),
        by: 'Administrator',
        changes: expect.arrayContaining([
          { field: 'clinicName', from: 'Carebook Clinic', to: 'Hill Clinic' },
          { field: 'minNoticeMinutes', from: 120, to: 30 },
        ]),
      });
      expect(newest.changes).toHaveLength(2);
      expect(previous).toEqual({
        at: expect.any(String),
        by: 'Administrator',
        changes: [{ field: 'slotMinutes', from: 30, to: 15 }],
      });
      expect(Date.parse(newest.at)).toBeGreaterThanOrEqual(Date.parse(previous.at));
    });

    it('records a change of hours with the whole before and after', async () => {
      const base = defaultSettings(TIMEZONE);
      const hours = [...base.workingHours.filter((w) => w.weekday !== 6), { weekday: 6, start: '09:00', end: '12:00' }];
      await putSettings(t, admin, { ...base, workingHours: hours });
      const [newest] = await history();
      expect(newest.changes).toEqual([{ field: 'workingHours', from: base.workingHours, to: hours }]);
    });

    it('records nothing when nothing changes', async () => {
      const base = defaultSettings(TIMEZONE);
      await putSettings(t, admin, base);
      const before = await history();
      // same rules, listed in another order: no change either
      await putSettings(t, admin, {
        ...base,
        workingHours: [...base.workingHours].reverse(),
        reminderOffsetsMinutes: [60, 1440],
      });
      expect(await history()).toEqual(before);
    });

    it('refuses invalid rules per field, changing nothing', async () => {
      const base = defaultSettings(TIMEZONE);
      const monday = (start: string, end: string) => ({ weekday: 1, start, end });
      const cases: [Partial<ClinicSettingsInput> | Record<string, unknown>, string][] = [
        [{ timezone: 'Mars/Olympus_Mons' }, 'timezone'],
        [{ timezone: 'Europe/Londn' }, 'timezone'],
        [{ workingHours: [monday('10:00', '10:00')] }, 'workingHours.0'],
        [{ workingHours: [monday('12:00', '09:00')] }, 'workingHours.0'],
        [{ workingHours: [monday('08:00', '12:00'), monday('11:00', '14:00')] }, 'workingHours.1'],
        [{ workingHours: [monday('9:00', '12:00')] }, 'workingHours.0.start'],
        [{ workingHours: [monday('09:00', '24:30')] }, 'workingHours.0.end'],
        [{ workingHours: [{ weekday: 8, start: '09:00', end: '12:00' }] }, 'workingHours.0.weekday'],
        [{ workingHours: [{ weekday: 0, start: '09:00', end: '12:00' }] }, 'workingHours.0.weekday'],
        [{ slotMinutes: 32 }, 'slotMinutes'],
        [{ slotMinutes: 0 }, 'slotMinutes'],
        [{ slotMinutes: 245 }, 'slotMinutes'],
        [{ minNoticeMinutes: -1 }, 'minNoticeMinutes'],
        [{ bookingHorizonDays: 0 }, 'bookingHorizonDays'],
        [{ cancellationWindowHours: 1000 }, 'cancellationWindowHours'],
        [{ pendingExpiryHours: 0 }, 'pendingExpiryHours'],
        [{ reminderOffsetsMinutes: [60, 60] }, 'reminderOffsetsMinutes'],
        [{ reminderOffsetsMinutes: [1] }, 'reminderOffsetsMinutes'],
        [{ clinicName: '   ' }, 'clinicName'],
        [{ clinicName: 'x'.repeat(121) }, 'clinicName'],
        [{ unexpected: true }, 'unexpected'],
        [{ locale: 'not a locale' }, 'locale'],
        [{ locale: 'en_GB' }, 'locale'],
        [{ locale: 'xx-YY' }, 'locale'],
        [{ locale: '' }, 'locale'],
        [{ locale: 42 }, 'locale'],
        [{ hourCycle: 'h24' }, 'hourCycle'],
        [{ hourCycle: 12 }, 'hourCycle'],
      ];
      for (const [change, field] of cases) {
        const res = await t.http
          .put('/api/admin/settings')
          .set(admin.auth)
          .send({ ...base, ...change });
        expect({ change, status: res.status }).toEqual({ change, status: 400 });
        const body = res.body as ErrorBody;
        expect({ change, fields: body.details?.map((d) => d.field) }).toEqual({ change, fields: [field] });
        expect(body.details?.[0].message).toEqual(expect.any(String));
      }
      // a setting left out is refused too
      const { slotMinutes: _dropped, ...withoutSlot } = base;
      const missing = await t.http.put('/api/admin/settings').set(admin.auth).send(withoutSlot).expect(400);
      expect((missing.body as ErrorBody).details?.map((d) => d.field)).toEqual(['slotMinutes']);

      const info = await t.http.get('/api/clinic').expect(200);
      expect((info.body as ClinicInfo).timezone).toBe(TIMEZONE);
      expect((info.body as ClinicInfo).workingHours).toEqual(base.workingHours);
    });

    it('keeps the locale in canonical form; the hour cycle, when left out, stays or follows a new locale', async () => {
      const { locale: _locale, hourCycle: _cycle, ...base } = defaultSettings(TIMEZONE);
      const us = await putSettings(t, admin, { ...base, locale: 'EN-us' } as ClinicSettingsInput);
      expect({ locale: us.locale, hourCycle: us.hourCycle }).toEqual({ locale: 'en-US', hourCycle: 'h12' });
      const us24 = await putSettings(t, admin, { ...base, locale: 'en-US', hourCycle: 'h23' });
      expect(us24.hourCycle).toBe('h23');
      // A client that knows nothing of locales leaves both as they are.
      const untouched = await putSettings(t, admin, base as ClinicSettingsInput);
      expect({ locale: untouched.locale, hourCycle: untouched.hourCycle }).toEqual({ locale: 'en-US', hourCycle: 'h23' });
      const german = await putSettings(t, admin, { ...base, locale: 'de-DE' } as ClinicSettingsInput);
      expect({ locale: german.locale, hourCycle: german.hourCycle }).toEqual({ locale: 'de-DE', hourCycle: 'h23' });
      const info = (await t.http.get('/api/clinic').expect(200)).body as ClinicInfo;
      expect({ locale: info.locale, hourCycle: info.hourCycle }).toEqual({ locale: 'de-DE', hourCycle: 'h23' });
    });

    it('explains an overlap by naming the window it clashes with', async () => {
      const base = defaultSettings(TIMEZONE);
      const res = await t.http
        .put('/api/admin/settings')
        .set(admin.auth)
        .send({
          ...base,
          workingHours: [
            { weekday: 2, start: '08:00', end: '12:00' },
            { weekday: 2, start: '11:30', end: '13:00' },
          ],
        })
        .expect(400);
      expect(res.body as ErrorBody).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        details: [{ field: 'workingHours.1', message: expect.stringContaining('08:00') }],
      });
    });

    it('accepts windows that only touch', async () => {
      const base = defaultSettings(TIMEZONE);
      const hours = [
        { weekday: 2, start: '08:00', end: '12:00' },
        { weekday: 2, start: '12:00', end: '18:00' },
      ];
      const saved = await putSettings(t, admin, { ...base, workingHours: hours });
      expect(saved.workingHours).toEqual(hours);
    });
  });

  describe('holidays', () => {
    it('adds a holiday (201), lists holidays by date and removes them (204, then 404)', async () => {
      const later = await addHoliday(t, admin, { date: '2031-12-25', name: '  Christmas Day ' });
      expect(later).toEqual({ id: expect.any(String), date: '2031-12-25', name: 'Christmas Day', recurring: false });
      const earlier = await addHoliday(t, admin, { date: '2031-01-01', name: 'New Year', recurring: true });
      expect(earlier.recurring).toBe(true);

      const listed = await holidays();
      const ids = listed.map((h) => h.id);
      expect(ids.indexOf(earlier.id)).toBeLessThan(ids.indexOf(later.id));
      expect(listed).toContainEqual(later);

      await t.http.delete(`/api/admin/holidays/${later.id}`).set(admin.auth).expect(204);
      await t.http.delete(`/api/admin/holidays/${earlier.id}`).set(admin.auth).expect(204);
      const gone = await t.http.delete(`/api/admin/holidays/${later.id}`).set(admin.auth).expect(404);
      expect(gone.body as ErrorBody).toMatchObject({ statusCode: 404, error: 'Not Found' });
      expect((await holidays()).map((h) => h.id)).not.toContain(later.id);
    });

    it('refuses a second holiday on the same date with 409', async () => {
      const first = await addHoliday(t, admin, { date: '2032-05-03', name: 'Early May' });
      try {
        const res = await t.http
          .post('/api/admin/holidays')
          .set(admin.auth)
          .send({ date: '2032-05-03', name: 'Again', recurring: true })
          .expect(409);
        expect(res.body as ErrorBody).toMatchObject({
          statusCode: 409,
          error: 'Conflict',
          details: [{ field: 'date', message: expect.any(String) }],
        });
        expect((await holidays()).filter((h) => h.date === '2032-05-03')).toEqual([first]);
      } finally {
        await t.http.delete(`/api/admin/holidays/${first.id}`).set(admin.auth).expect(204);
      }
    });

    it('lists one year’s holidays with ?year=, always including recurring ones', async () => {
      const inYear = await addHoliday(t, admin, { date: '2033-08-29', name: 'Summer Bank Holiday' });
      const otherYear = await addHoliday(t, admin, { date: '2034-08-28', name: 'Summer Bank Holiday' });
      const recurring = await addHoliday(t, admin, { date: '2020-12-26', name: 'Boxing Day', recurring: true });
      try {
        const ids = (await holidays({ year: 2033 })).map((h) => h.id);
        expect(ids).toContain(inYear.id);
        expect(ids).toContain(recurring.id);
        expect(ids).not.toContain(otherYear.id);
        expect((await holidays()).map((h) => h.id)).toEqual(expect.arrayContaining([inYear.id, otherYear.id, recurring.id]));
      } finally {
        for (const h of [inYear, otherYear, recurring]) await t.http.delete(`/api/admin/holidays/${h.id}`).set(admin.auth);
      }
    });

    it('refuses malformed holidays and queries per field', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ date: '2031-02-30', name: 'Nope' }, 'date'],
        [{ date: '25/12/2031', name: 'Nope' }, 'date'],
        [{ date: '2031-12-25T00:00:00Z', name: 'Nope' }, 'date'],
        [{ name: 'No date' }, 'date'],
        [{ date: '2031-06-01', name: '  ' }, 'name'],
        [{ date: '2031-06-01', name: 'x'.repeat(121) }, 'name'],
        [{ date: '2031-06-01', name: 'Fine', recurring: 'yes' }, 'recurring'],
      ];
      for (const [body, field] of cases) {
        const res = await t.http.post('/api/admin/holidays').set(admin.auth).send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect({ body, fields: (res.body as ErrorBody).details?.map((d) => d.field) }).toEqual({ body, fields: [field] });
      }
      for (const year of ['1999', '2101', 'soon']) {
        const res = await t.http.get('/api/admin/holidays').query({ year }).set(admin.auth);
        expect({ year, status: res.status }).toEqual({ year, status: 400 });
        expect((res.body as ErrorBody).details?.map((d) => d.field)).toEqual(['year']);
      }
      expect(await holidays()).toEqual([]);
    });

    it('answers 404 for an unknown or malformed id', async () => {
      await t.http.delete('/api/admin/holidays/00000000-0000-4000-8000-000000000000').set(admin.auth).expect(404);
      await t.http.delete('/api/admin/holidays/not-a-uuid').set(admin.auth).expect(404);
    });
  });
});
