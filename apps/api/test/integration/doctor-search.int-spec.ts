import { jest } from '@jest/globals';
import { DateTime } from 'luxon';
import type { TestApp } from '../support/test-app';
import { registerDoctor, registerPatient, type Session } from '../support/accounts';
import {
  addHoliday,
  at,
  instant,
  isoDate,
  mondayAhead,
  putAvailability,
  removeHoliday,
  uniqueWord,
  utc,
  useAdminApp,
  type DoctorCard,
  type DoctorPage,
  type DoctorProfile,
  type ErrorBody,
  type WeeklyWindow,
} from './scheduling-fixtures';

const ZONE = 'Europe/London';
const SOME_ID = '00000000-0000-4000-8000-000000000000';

interface DoctorSpec {
  name: string;
  specialty?: string;
  experienceYears?: number | null;
  location?: string | null;
  languages?: string[];
  consultationTypes?: string[];
  weekly?: WeeklyWindow[];
  bio?: string;
}

// Each doctor costs a registration and a sign-in (password hashing): allow for a busy machine.
jest.setTimeout(120_000);

describe('doctor search and public profiles (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: Session;
  useAdminApp(ZONE, (c) => ({ t, admin } = c));

  /** An approved doctor with a profile and weekly hours. */
  async function doctor(spec: DoctorSpec, approved = true): Promise<Session> {
    const overrides = { fullName: spec.name, specialty: spec.specialty ?? 'Cardiology' };
    const session = await registerDoctor(t, overrides);
    if (approved) await t.http.post(`/api/admin/doctors/${session.id}/approve`).set(admin.auth).expect(200);
    await t.http
      .patch('/api/doctors/me')
      .set(session.auth)
      .send({
        experienceYears: spec.experienceYears ?? null,
        location: spec.location ?? null,
        languages: spec.languages ?? [],
        consultationTypes: spec.consultationTypes ?? ['in_person'],
        ...(spec.bio ? { bio: spec.bio } : {}),
      })
      .expect(200);
    if (spec.weekly) await putAvailability(t, session, spec.weekly);
    return session;
  }

  async function search(query: Record<string, string | number>): Promise<DoctorPage> {
    const res = await t.http.get('/api/doctors').query(query).expect(200);
    return res.body as DoctorPage;
  }

  const ids = (page: DoctorPage) => page.items.map((d) => d.id);
  const sorted = (list: string[]) => [...list].sort();

  describe('GET /api/doctors', () => {
    it('lists only approved, active doctors', async () => {
      const word = uniqueWord();
      const weekly = [{ weekday: 1, start: '09:00', end: '12:00' }];
      const active = await doctor({ name: `Dr ${word} Active`, weekly });
      const pending = await doctor({ name: `Dr ${word} Pending`, weekly }, false);
      const suspended = await doctor({ name: `Dr ${word} Suspended`, weekly });
      await t.http.post(`/api/admin/users/${suspended.id}/suspend`).set(admin.auth).send({ reason: 'Review' }).expect(200);
      const rejected = await doctor({ name: `Dr ${word} Rejected`, weekly }, false);
      await t.http.post(`/api/admin/doctors/${rejected.id}/reject`).set(admin.auth).send({ reason: 'No licence' }).expect(200);

      const page = await search({ q: word });
      expect(page).toEqual({ total: 1, items: [expect.objectContaining({ id: active.id })] });
      // anonymous and signed-in users see the same
      const patient = await registerPatient(t);
      const signedIn = await t.http.get('/api/doctors').query({ q: word }).set(patient.auth).expect(200);
      expect(ids(signedIn.body as DoctorPage)).toEqual([active.id]);

      // once approved, the pending doctor appears
      await t.http.post(`/api/admin/doctors/${pending.id}/approve`).set(admin.auth).expect(200);
      expect(sorted(ids(await search({ q: word })))).toEqual(sorted([active.id, pending.id]));
    });

    it('answers each doctor’s public card, without contact details', async () => {
      const word = uniqueWord();
      const monday = mondayAhead(ZONE);
      const session = await doctor({
        name: `Dr ${word} Card`,
        specialty: 'Neurology',
        experienceYears: 9,
        location: `${word} Medical Centre`,
        languages: ['English', 'Polish'],
        consultationTypes: ['in_person', 'video'],
        weekly: [{ weekday: 1, start: '09:00', end: '12:00' }],
        bio: 'Headaches and migraines.',
      });
      await t.http.patch('/api/doctors/me').set(session.auth).send({ contactPhone: '+44 20 7946 0000' }).expect(200);
      t.clock.set(at(monday.minus({ days: 1 }), '12:00').toJSDate());

      const page = await search({ q: word });
      expect(page).toEqual({
        total: 1,
        items: [
          {
            id: session.id,
            fullName: `Dr ${word} Card`,
            specialty: 'Neurology',
            experienceYears: 9,
            location: `${word} Medical Centre`,
            photoUrl: null,
            bio: 'Headaches and migraines.',
            languages: ['English', 'Polish'],
            consultationTypes: ['in_person', 'video'],
            nextAvailableAt: utc(monday, '09:00'),
          },
        ],
      });
    });

    it('filters by name or specialty (q), specialty, location, language and consultation type', async () => {
      const word = uniqueWord();
      const place = `${word} General Hospital`;
      const alpha = await doctor({
        name: `Dr Alpha ${word}`,
        specialty: 'Cardiology',
        location: `North Wing, ${place}`,
        languages: ['English', 'French'],
        consultationTypes: ['in_person', 'video'],
      });
      const bravo = await doctor({
        name: `Dr Bravo ${word}`,
        specialty: 'Dermatology',
        location: `South Annex, ${place}`,
        languages: ['English'],
        consultationTypes: ['in_person'],
      });
      const charlie = await doctor({
        name: `Dr Charlie ${word}`,
        specialty: 'Cardiology',
        location: `North Wing, ${place}`,
        languages: ['Spanish'],
        consultationTypes: ['video'],
      });
      const all = [alpha.id, bravo.id, charlie.id];

      expect(sorted(ids(await search({ q: word })))).toEqual(sorted(all));
      expect(sorted(ids(await search({ q: word.toUpperCase() })))).toEqual(sorted(all));
      expect(ids(await search({ q: `bravo ${word}` }))).toEqual([bravo.id]);
      // q also finds the specialty (scoped here by location)
      expect(ids(await search({ q: 'dermat', location: place }))).toEqual([bravo.id]);
      expect(sorted(ids(await search({ q: word, specialty: 'cardiology' })))).toEqual(sorted([alpha.id, charlie.id]));
      expect(await search({ q: word, specialty: 'Cardio' })).toEqual({ items: [], total: 0 });
      expect(sorted(ids(await search({ location: `north wing, ${word.toLowerCase()}` })))).toEqual(
        sorted([alpha.id, charlie.id]),
      );
      expect(sorted(ids(await search({ location: place })))).toEqual(sorted(all));
      expect(ids(await search({ q: word, language: 'french' }))).toEqual([alpha.id]);
      expect(sorted(ids(await search({ q: word, language: 'English' })))).toEqual(sorted([alpha.id, bravo.id]));
      expect(await search({ q: word, language: 'Fren' })).toEqual({ items: [], total: 0 });
      expect(sorted(ids(await search({ q: word, consultationType: 'video' })))).toEqual(sorted([alpha.id, charlie.id]));
      expect(ids(await search({ q: word, consultationType: 'in_person', specialty: 'Cardiology' }))).toEqual([alpha.id]);
      // % and _ are plain characters
      expect(await search({ q: '%' })).toEqual({ items: [], total: 0 });
      expect(await search({ location: '_' })).toEqual({ items: [], total: 0 });
    });

    it('filters by a clinic-local date with a free slot (availableOn)', async () => {
      const word = uniqueWord();
      const monday = mondayAhead(ZONE);
      const mondays = await doctor({ name: `Dr ${word} Mondays`, weekly: [{ weekday: 1, start: '09:00', end: '12:00' }] });
      const tuesdays = await doctor({ name: `Dr ${word} Tuesdays`, weekly: [{ weekday: 2, start: '09:00', end: '12:00' }] });
      const busy = await doctor({ name: `Dr ${word} Busy`, weekly: [{ weekday: 1, start: '09:00', end: '10:00' }] });
      await doctor({ name: `Dr ${word} Nohours` });
      await t.http
        .post('/api/doctors/me/time-off')
        .set(busy.auth)
        .send({ startsAt: instant(monday, '08:00'), endsAt: instant(monday, '12:00') })
        .expect(201);

      expect(await search({ q: word, availableOn: isoDate(monday) })).toEqual({
        total: 1,
        items: [expect.objectContaining({ id: mondays.id })],
      });
      expect(ids(await search({ q: word, availableOn: isoDate(monday.plus({ days: 1 })) }))).toEqual([tuesdays.id]);
      expect(await search({ q: word, availableOn: isoDate(monday.plus({ days: 6 })) })).toEqual({ items: [], total: 0 });
      // the following Monday, the busy doctor is free again
      expect(sorted(ids(await search({ q: word, availableOn: isoDate(monday.plus({ days: 7 })) })))).toEqual(
        sorted([mondays.id, busy.id]),
      );
      // a holiday empties the day; a past day has nothing free
      const holiday = await addHoliday(t, admin, { date: isoDate(monday), name: 'Closed' });
      try {
        expect(await search({ q: word, availableOn: isoDate(monday) })).toEqual({ items: [], total: 0 });
      } finally {
        await removeHoliday(t, admin, holiday.id);
      }
      expect(await search({ q: word, availableOn: isoDate(monday.minus({ weeks: 4 })) })).toEqual({ items: [], total: 0 });
    });

    it('sorts by experience (most first, unknown last) and by name', async () => {
      const word = uniqueWord();
      const c = await doctor({ name: `Dr ${word} Charlie`, experienceYears: 5 });
      const a = await doctor({ name: `Dr ${word} Alpha`, experienceYears: null });
      const b = await doctor({ name: `Dr ${word} Bravo`, experienceYears: 20 });
      const d = await doctor({ name: `Dr ${word} Delta`, experienceYears: 5 });

      expect(ids(await search({ q: word, sort: 'experience' }))).toEqual([b.id, c.id, d.id, a.id]);
      expect(ids(await search({ q: word, sort: 'name' }))).toEqual([a.id, b.id, c.id, d.id]);
    });

    it('sorts by next available slot by default, soonest first, doctors without a free slot last', async () => {
      const word = uniqueWord();
      const monday = mondayAhead(ZONE);
      const tuesdayEarly = await doctor({ name: `Dr ${word} Alpha`, weekly: [{ weekday: 2, start: '08:00', end: '09:00' }] });
      const mondayLate = await doctor({ name: `Dr ${word} Bravo`, weekly: [{ weekday: 1, start: '15:00', end: '16:00' }] });
      const noHours = await doctor({ name: `Dr ${word} Charlie` });
      const mondayEarly = await doctor({ name: `Dr ${word} Delta`, weekly: [{ weekday: 1, start: '09:00', end: '10:00' }] });
      // hours, but every slot within the horizon taken by time off
      const fullyBooked = await doctor({ name: `Dr ${word} Echo`, weekly: [{ weekday: 3, start: '09:00', end: '10:00' }] });
      await t.http
        .post('/api/doctors/me/time-off')
        .set(fullyBooked.auth)
        .send({ startsAt: DateTime.now().toISO(), endsAt: DateTime.now().plus({ days: 200 }).toISO() })
        .expect(201);

      // Sunday noon before `monday`: the order is fixed whatever today is
      t.clock.set(at(monday.minus({ days: 1 }), '12:00').toJSDate());
      const page = await search({ q: word });
      expect(ids(page)).toEqual([mondayEarly.id, mondayLate.id, tuesdayEarly.id, noHours.id, fullyBooked.id]);
      expect(page.items.map((d) => d.nextAvailableAt)).toEqual([
        utc(monday, '09:00'),
        utc(monday, '15:00'),
        utc(monday.plus({ days: 1 }), '08:00'),
        null,
        null,
      ]);
      expect(ids(await search({ q: word, sort: 'nextAvailable' }))).toEqual(ids(page));

      // paging keeps the order and the total
      const second = await search({ q: word, pageSize: 2, page: 2 });
      expect(second.total).toBe(5);
      expect(ids(second)).toEqual([tuesdayEarly.id, noHours.id]);
    });

    it('looks beyond the first week for the next available slot', async () => {
      const word = uniqueWord();
      const monday = mondayAhead(ZONE);
      const session = await doctor({ name: `Dr ${word} Later`, weekly: [{ weekday: 1, start: '09:00', end: '10:00' }] });
      // time off over the next two Mondays
      t.clock.set(at(monday.minus({ days: 1 }), '12:00').toJSDate());
      await t.http
        .post('/api/doctors/me/time-off')
        .set(session.auth)
        .send({ startsAt: instant(monday, '00:00'), endsAt: instant(monday.plus({ days: 8 }), '00:00') })
        .expect(201);
      const [card] = (await search({ q: word })).items;
      expect(card.nextAvailableAt).toBe(utc(monday.plus({ weeks: 2 }), '09:00'));
    });

    it('pages with page and pageSize and reports the total, for every sort', async () => {
      const word = uniqueWord();
      const created: string[] = [];
      for (let i = 0; i < 5; i++) {
        created.push((await doctor({ name: `Dr ${word} ${i}`, experienceYears: i, weekly: [{ weekday: 1, start: '09:00', end: '10:00' }] })).id);
      }
      for (const sort of ['name', 'experience', 'nextAvailable']) {
        const first = await search({ q: word, sort, pageSize: 2 });
        const second = await search({ q: word, sort, pageSize: 2, page: 2 });
        const third = await search({ q: word, sort, pageSize: 2, page: 3 });
        const beyond = await search({ q: word, sort, pageSize: 2, page: 4 });
        expect({ sort, totals: [first.total, second.total, third.total, beyond.total] }).toEqual({ sort, totals: [5, 5, 5, 5] });
        expect({ sort, sizes: [first, second, third, beyond].map((p) => p.items.length) }).toEqual({ sort, sizes: [2, 2, 1, 0] });
        expect(sorted([...ids(first), ...ids(second), ...ids(third)])).toEqual(sorted(created));
      }
      // with availableOn too
      const monday = mondayAhead(ZONE);
      const filtered = await search({ q: word, availableOn: isoDate(monday), sort: 'name', pageSize: 3, page: 2 });
      expect(filtered.total).toBe(5);
      expect(ids(filtered)).toEqual(created.slice(3));
    });

    it('answers 400 per field for bad filters and paging', async () => {
      const cases: [Record<string, string | number>, string][] = [
        [{ sort: 'rating' }, 'sort'],
        [{ consultationType: 'phone' }, 'consultationType'],
        [{ availableOn: '2099-02-30' }, 'availableOn'],
        [{ availableOn: '01/03/2099' }, 'availableOn'],
        [{ availableOn: '2099-03-01T09:00:00Z' }, 'availableOn'],
        [{ pageSize: 101 }, 'pageSize'],
        [{ pageSize: 0 }, 'pageSize'],
        [{ page: 0 }, 'page'],
        [{ page: 'two' }, 'page'],
        [{ q: 'x'.repeat(101) }, 'q'],
        [{ specialty: 'x'.repeat(81) }, 'specialty'],
        [{ location: 'x'.repeat(121) }, 'location'],
        [{ language: 'x'.repeat(41) }, 'language'],
      ];
      for (const [query, field] of cases) {
        const res = await t.http.get('/api/doctors').query(query);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expect(res.body as ErrorBody).toMatchObject({ statusCode: 400, message: 'Validation failed' });
        expect({ query, fields: (res.body as ErrorBody).details?.map((d) => d.field) }).toEqual({ query, fields: [field] });
      }
    });
  });

  describe('GET /api/specialties', () => {
    it('counts the doctors patients can book in each specialty: approved, active and with hours', async () => {
      const countOf = async (name: string) => {
        const res = await t.http.get('/api/specialties').expect(200);
        const list = res.body as { name: string; doctorCount: number }[];
        return list.find((s) => s.name === name)?.doctorCount;
      };
      const before = await countOf('Ophthalmology');
      expect(before).toBeGreaterThanOrEqual(0);
      const weekly = [{ weekday: 2, start: '09:00', end: '12:00' }];
      await doctor({ name: `Dr Iris ${uniqueWord()}`, specialty: 'Ophthalmology', weekly });
      await doctor({ name: `Dr Pending ${uniqueWord()}`, specialty: 'Ophthalmology', weekly }, false);
      // approved, but no hours yet: nobody can book them, so the specialty is not offered for them
      await doctor({ name: `Dr Idle ${uniqueWord()}`, specialty: 'Ophthalmology' });
      const suspended = await doctor({ name: `Dr Away ${uniqueWord()}`, specialty: 'Ophthalmology', weekly });
      await t.http.post(`/api/admin/users/${suspended.id}/suspend`).set(admin.auth).send({ reason: 'Review' }).expect(200);
      expect(await countOf('Ophthalmology')).toBe((before ?? 0) + 1);
    });
  });

  describe('GET /api/doctors/locations', () => {
    it('lists the distinct locations of bookable doctors, sorted', async () => {
      const word = uniqueWord();
      const north = `${word} North Clinic`;
      const south = `${word} South Clinic`;
      await doctor({ name: `Dr ${word} One`, location: south });
      await doctor({ name: `Dr ${word} Two`, location: north });
      await doctor({ name: `Dr ${word} Three`, location: north });
      await doctor({ name: `Dr ${word} Four`, location: `${word} Pending Place` }, false);
      await doctor({ name: `Dr ${word} Five`, location: null });

      const res = await t.http.get('/api/doctors/locations').expect(200);
      const locations = res.body as string[];
      expect(locations.filter((l) => l.includes(word))).toEqual([north, south]);
      expect(locations).not.toContain(null);
      expect([...locations].sort()).toEqual(locations.slice().sort());
    });
  });

  describe('GET /api/doctors/:id', () => {
    it('answers an approved doctor’s profile with contact details, slot length and next free slot', async () => {
      const word = uniqueWord();
      const monday = mondayAhead(ZONE);
      const session = await doctor({
        name: `Dr ${word} Profile`,
        specialty: 'Paediatrics',
        experienceYears: 4,
        location: 'Leeds',
        languages: ['English'],
      });
      await t.http
        .patch('/api/doctors/me')
        .set(session.auth)
        .send({ contactPhone: '+44 113 496 0000', contactEmail: 'kids@clinic.test' })
        .expect(200);
      await putAvailability(t, session, [{ weekday: 2, start: '14:00', end: '16:00' }], { slotMinutes: 20 });
      t.clock.set(at(monday, '12:00').toJSDate());

      const res = await t.http.get(`/api/doctors/${session.id}`).expect(200);
      expect(res.body as DoctorProfile).toEqual({
        id: session.id,
        fullName: `Dr ${word} Profile`,
        specialty: 'Paediatrics',
        experienceYears: 4,
        location: 'Leeds',
        photoUrl: null,
        bio: null,
        languages: ['English'],
        consultationTypes: ['in_person'],
        nextAvailableAt: utc(monday.plus({ days: 1 }), '14:00'),
        contactPhone: '+44 113 496 0000',
        contactEmail: 'kids@clinic.test',
        slotMinutes: 20,
      });
    });

    it('gives the clinic’s slot length and no next slot to a doctor without hours', async () => {
      const session = await doctor({ name: `Dr ${uniqueWord()} Idle` });
      const res = await t.http.get(`/api/doctors/${session.id}`).expect(200);
      expect(res.body as DoctorProfile).toMatchObject({ slotMinutes: 30, nextAvailableAt: null, contactPhone: null });
    });

    it('answers 404 for pending doctors, patients, admins, unknown and malformed ids', async () => {
      const pending = await doctor({ name: `Dr ${uniqueWord()} Waiting` }, false);
      const patient = await registerPatient(t);
      for (const id of [pending.id, patient.id, admin.id, SOME_ID, 'not-a-uuid', '123']) {
        const res = await t.http.get(`/api/doctors/${id}`);
        expect({ id, status: res.status }).toEqual({ id, status: 404 });
        expect(res.body as ErrorBody).toMatchObject({ statusCode: 404, error: 'Not Found' });
      }
    });

    it('keeps a pending doctor’s card out of search results too', async () => {
      const word = uniqueWord();
      const pending = await doctor({ name: `Dr ${word} Hidden`, weekly: [{ weekday: 1, start: '09:00', end: '12:00' }] }, false);
      for (const sort of ['name', 'experience', 'nextAvailable']) {
        expect(await search({ q: word, sort })).toEqual({ items: [], total: 0 });
      }
      expect(await search({ q: word, availableOn: isoDate(mondayAhead(ZONE)) })).toEqual({ items: [], total: 0 });
      const card: DoctorCard | undefined = (await search({ pageSize: 100 })).items.find((d) => d.id === pending.id);
      expect(card).toBeUndefined();
    });
  });
});
