import { jest } from '@jest/globals';
import { DateTime } from 'luxon';
import type { TestApp } from '../support/test-app';
import { approvedDoctor, registerDoctor, registerPatient, type Session } from '../support/accounts';
import {
  instant,
  isoDate,
  localStarts,
  mondayAhead,
  putAvailability,
  TINY_PNG,
  utc,
  useAdminApp,
  type Availability,
  type ErrorBody,
  type MyDoctorProfile,
  type Slot,
  type TimeOff,
} from './scheduling-fixtures';

const ZONE = 'Europe/London';
const SOME_ID = '00000000-0000-4000-8000-000000000000';
/** Starts like a JPEG; the API judges type by the first bytes only. */
const TINY_JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 7)]);

// Each doctor costs a registration and a sign-in (password hashing): allow for a busy machine.
jest.setTimeout(120_000);

describe('doctor profile, photo, availability and time off (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: Session;
  useAdminApp(ZONE, (c) => ({ t, admin } = c));

  async function me(doctor: Session): Promise<MyDoctorProfile> {
    const res = await t.http.get('/api/doctors/me').set(doctor.auth).expect(200);
    return res.body as MyDoctorProfile;
  }

  async function approve(doctor: Session): Promise<void> {
    await t.http.post(`/api/admin/doctors/${doctor.id}/approve`).set(admin.auth).expect(200);
  }

  describe('who may use the doctor’s own routes', () => {
    it('answers 401 without a token and 403 to patients and admins', async () => {
      const patient = await registerPatient(t);
      const calls = [
        () => t.http.get('/api/doctors/me'),
        () => t.http.patch('/api/doctors/me').send({ bio: 'Hello' }),
        () => t.http.put('/api/doctors/me/photo').attach('photo', TINY_PNG, 'me.png'),
        () => t.http.delete('/api/doctors/me/photo'),
        () => t.http.get('/api/doctors/me/availability'),
        () => t.http.put('/api/doctors/me/availability').send({ slotMinutes: null, autoApprove: false, weekly: [] }),
        () => t.http.get('/api/doctors/me/time-off'),
        () =>
          t.http
            .post('/api/doctors/me/time-off')
            .send({ startsAt: '2099-01-01T09:00:00Z', endsAt: '2099-01-01T10:00:00Z' }),
        () => t.http.delete(`/api/doctors/me/time-off/${SOME_ID}`),
        () => t.http.get('/api/doctors/me/slots'),
      ];
      for (const [index, call] of calls.entries()) {
        const anonymous = await call();
        expect({ index, status: anonymous.status }).toEqual({ index, status: 401 });
        for (const session of [patient, admin]) {
          const res = await call().set(session.auth);
          expect({ index, who: session.email, status: res.status }).toEqual({ index, who: session.email, status: 403 });
          expect((res.body as ErrorBody).error).toBe('Forbidden');
        }
      }
    });
  });

  describe('GET and PATCH /api/doctors/me', () => {
    it('shows a new (pending) doctor their profile with empty details', async () => {
      const doctor = await registerDoctor(t, { fullName: 'Dr Nia Pending', specialty: 'Neurology' });
      expect(await me(doctor)).toEqual({
        id: doctor.id,
        email: doctor.email,
        status: 'pending',
        fullName: 'Dr Nia Pending',
        licenseNumber: 'GMC-1234567',
        specialty: 'Neurology',
        experienceYears: null,
        location: null,
        photoUrl: null,
        bio: null,
        languages: [],
        consultationTypes: ['in_person'],
        contactPhone: null,
        contactEmail: null,
      });
    });

    it('lets a pending doctor edit every field; specialty names are matched case-insensitively', async () => {
      const doctor = await registerDoctor(t);
      const res = await t.http
        .patch('/api/doctors/me')
        .set(doctor.auth)
        .send({
          fullName: '  Dr Amara Okafor ',
          specialty: 'dermatology',
          experienceYears: 12,
          location: ' Central Clinic, London ',
          languages: [' English', 'Yoruba '],
          bio: 'Skin health for all ages.',
          consultationTypes: ['video', 'in_person'],
          contactPhone: '+44 20 7946 0018',
          contactEmail: ' Reception@Example.COM ',
        })
        .expect(200);
      const expected: MyDoctorProfile = {
        id: doctor.id,
        email: doctor.email,
        status: 'pending',
        fullName: 'Dr Amara Okafor',
        licenseNumber: 'GMC-1234567',
        specialty: 'Dermatology',
        experienceYears: 12,
        location: 'Central Clinic, London',
        photoUrl: null,
        bio: 'Skin health for all ages.',
        languages: ['English', 'Yoruba'],
        consultationTypes: ['video', 'in_person'],
        contactPhone: '+44 20 7946 0018',
        contactEmail: 'reception@example.com',
      };
      expect(res.body as MyDoctorProfile).toEqual(expected);
      expect(await me(doctor)).toEqual(expected);
    });

    it('changes only the fields sent, and clears optional ones with null or an empty string', async () => {
      const doctor = await approvedDoctor(t);
      await t.http
        .patch('/api/doctors/me')
        .set(doctor.auth)
        .send({ experienceYears: 3, location: 'Leeds', bio: 'Bio', contactPhone: '0113 496 0000', contactEmail: 'a@b.test' })
        .expect(200);
      await t.http.patch('/api/doctors/me').set(doctor.auth).send({ bio: 'New bio' }).expect(200);
      expect(await me(doctor)).toMatchObject({
        status: 'active',
        experienceYears: 3,
        location: 'Leeds',
        bio: 'New bio',
        contactPhone: '0113 496 0000',
        contactEmail: 'a@b.test',
      });

      await t.http
        .patch('/api/doctors/me')
        .set(doctor.auth)
        .send({ experienceYears: null, location: '', bio: null, contactPhone: '', contactEmail: '' })
        .expect(200);
      expect(await me(doctor)).toMatchObject({
        experienceYears: null,
        location: null,
        bio: null,
        contactPhone: null,
        contactEmail: null,
      });
    });

    it('refuses bad values per field and changes nothing', async () => {
      const doctor = await registerDoctor(t);
      const before = await me(doctor);
      const cases: [Record<string, unknown>, string][] = [
        [{ specialty: 'Astrology' }, 'specialty'],
        [{ specialty: '' }, 'specialty'],
        [{ fullName: 'A' }, 'fullName'],
        [{ experienceYears: 81 }, 'experienceYears'],
        [{ experienceYears: -1 }, 'experienceYears'],
        [{ experienceYears: 2.5 }, 'experienceYears'],
        [{ location: 'x'.repeat(121) }, 'location'],
        [{ languages: ['English', 'English'] }, 'languages'],
        [{ languages: ['E'] }, 'languages'],
        [{ languages: 'English' }, 'languages'],
        [{ languages: Array.from({ length: 11 }, (_, i) => `Language ${i}`) }, 'languages'],
        [{ bio: 'x'.repeat(2001) }, 'bio'],
        [{ consultationTypes: [] }, 'consultationTypes'],
        [{ consultationTypes: ['phone'] }, 'consultationTypes'],
        [{ consultationTypes: ['video', 'video'] }, 'consultationTypes'],
        [{ contactPhone: 'call me maybe' }, 'contactPhone'],
        [{ contactEmail: 'not-an-email' }, 'contactEmail'],
        [{ licenseNumber: 'GMC-7654321' }, 'licenseNumber'],
        [{ status: 'active' }, 'status'],
      ];
      for (const [body, field] of cases) {
        const res = await t.http.patch('/api/doctors/me').set(doctor.auth).send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect({ body, fields: (res.body as ErrorBody).details?.map((d) => d.field) }).toEqual({ body, fields: [field] });
      }
      expect(await me(doctor)).toEqual(before);
    });
  });

  describe('photo', () => {
    it('stores a PNG judged by its content and serves it while pending and once approved, not once suspended', async () => {
      const doctor = await registerDoctor(t);
      const res = await t.http
        .put('/api/doctors/me/photo')
        .set(doctor.auth)
        .attach('photo', TINY_PNG, { filename: 'avatar.bin', contentType: 'application/octet-stream' })
        .expect(200);
      const { photoUrl } = res.body as MyDoctorProfile;
      expect(photoUrl).toMatch(new RegExp(`^/api/doctors/${doctor.id}/photo\\?v=[0-9a-f]+$`));

      // While the application is reviewed the photo is not public (nor is the profile), but its doctor sees it.
      await t.http.get(`/api/doctors/${doctor.id}/photo`).expect(404);
      const own = await t.http.get('/api/doctors/me/photo').set(doctor.auth).buffer(true).expect(200);
      expect(own.headers['content-type']).toBe('image/png');
      expect(own.headers['cache-control']).toContain('private');
      expect(Buffer.compare(own.body as Buffer, TINY_PNG)).toBe(0);
      await t.http.get('/api/doctors/me/photo').expect(401);
      await approve(doctor);

      const photo = await t.http.get(photoUrl ?? '').buffer(true).expect(200);
      expect(photo.headers['content-type']).toBe('image/png');
      expect(photo.headers['x-content-type-options']).toBe('nosniff');
      expect(photo.headers['cache-control']).toContain('immutable');
      expect(Buffer.compare(photo.body as Buffer, TINY_PNG)).toBe(0);

      await t.http.post(`/api/admin/users/${doctor.id}/suspend`).set(admin.auth).send({}).expect(200);
      await t.http.get(`/api/doctors/${doctor.id}/photo`).expect(404);
    });

    it('replaces the photo with a new URL and content type, and removes it', async () => {
      const doctor = await approvedDoctor(t);
      const first = await t.http.put('/api/doctors/me/photo').set(doctor.auth).attach('photo', TINY_PNG, 'a.png').expect(200);
      const second = await t.http
        .put('/api/doctors/me/photo')
        .set(doctor.auth)
        .attach('photo', TINY_JPEG, { filename: 'b.png', contentType: 'image/png' })
        .expect(200);
      const firstUrl = (first.body as MyDoctorProfile).photoUrl;
      const secondUrl = (second.body as MyDoctorProfile).photoUrl;
      expect(secondUrl).not.toBe(firstUrl);
      expect((await me(doctor)).photoUrl).toBe(secondUrl);

      const photo = await t.http.get(`/api/doctors/${doctor.id}/photo`).buffer(true).expect(200);
      expect(photo.headers['content-type']).toBe('image/jpeg');
      expect(Buffer.compare(photo.body as Buffer, TINY_JPEG)).toBe(0);

      const removed = await t.http.delete('/api/doctors/me/photo').set(doctor.auth).expect(200);
      expect((removed.body as MyDoctorProfile).photoUrl).toBeNull();
      await t.http.get(`/api/doctors/${doctor.id}/photo`).expect(404);
      // removing again is harmless
      await t.http.delete('/api/doctors/me/photo').set(doctor.auth).expect(200);
    });

    it('refuses a file that is not a JPEG, PNG or WebP whatever its name says (415)', async () => {
      const doctor = await approvedDoctor(t);
      const html = Buffer.from('<!doctype html><html><script>alert(1)</script></html>');
      const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
      for (const [bytes, filename] of [
        [html, 'x.png'],
        [gif, 'y.jpg'],
      ] as const) {
        const res = await t.http
          .put('/api/doctors/me/photo')
          .set(doctor.auth)
          .attach('photo', bytes, { filename, contentType: 'image/png' });
        expect({ filename, status: res.status }).toEqual({ filename, status: 415 });
        expect(res.body as ErrorBody).toMatchObject({
          statusCode: 415,
          details: [{ field: 'photo', message: expect.any(String) }],
        });
      }
      expect((await me(doctor)).photoUrl).toBeNull();
    });

    it('refuses a photo over 2 MB with 413', async () => {
      const doctor = await approvedDoctor(t);
      const big = Buffer.concat([TINY_PNG, Buffer.alloc(2 * 1024 * 1024, 1)]);
      const res = await t.http.put('/api/doctors/me/photo').set(doctor.auth).attach('photo', big, 'big.png');
      expect(res.status).toBe(413);
      expect(res.body as ErrorBody).toMatchObject({ statusCode: 413, details: [{ field: 'photo', message: expect.stringContaining('2 MB') }] });
      expect((await me(doctor)).photoUrl).toBeNull();
    });

    it('refuses a body that is not a readable multipart/form-data upload with 400 on photo', async () => {
      const doctor = await approvedDoctor(t);
      const part = ['--x', 'Content-Disposition: form-data; name="photo"; filename="me.png"', 'Content-Type: image/png', '', TINY_PNG.toString('latin1'), '--x--', ''].join('\r\n');
      for (const contentType of ['multipart/mixed; boundary=x', 'multipart/form-data', 'multipart/form-data; boundary=']) {
        const res = await t.http.put('/api/doctors/me/photo').set(doctor.auth).set('Content-Type', contentType).send(Buffer.from(part, 'latin1'));
        expect({ contentType, status: res.status }).toEqual({ contentType, status: 400 });
        expect(res.body as ErrorBody).toMatchObject({ statusCode: 400, details: [{ field: 'photo', message: expect.any(String) }] });
      }
      expect((await me(doctor)).photoUrl).toBeNull();
    });

    it('refuses a photo sent in another form field with 400 on photo', async () => {
      const doctor = await approvedDoctor(t);
      const res = await t.http.put('/api/doctors/me/photo').set(doctor.auth).attach('picture', TINY_PNG, 'me.png');
      expect(res.status).toBe(400);
      expect(res.body as ErrorBody).toMatchObject({ statusCode: 400, details: [{ field: 'photo', message: expect.any(String) }] });
      // nor beside the photo
      const both = await t.http.put('/api/doctors/me/photo').set(doctor.auth).attach('photo', TINY_PNG, 'me.png').attach('picture', TINY_PNG, 'me.png');
      expect(both.status).toBe(400);
      expect((both.body as ErrorBody).details).toEqual([{ field: 'photo', message: expect.any(String) }]);
      expect((await me(doctor)).photoUrl).toBeNull();
    });

    it('answers 400 when no photo is sent', async () => {
      const doctor = await approvedDoctor(t);
      const none = await t.http.put('/api/doctors/me/photo').set(doctor.auth).expect(400);
      expect((none.body as ErrorBody).details).toEqual([{ field: 'photo', message: expect.any(String) }]);
      const otherField = await t.http.put('/api/doctors/me/photo').set(doctor.auth).field('caption', 'me');
      expect(otherField.status).toBe(400);
      expect((otherField.body as ErrorBody).details).toEqual([{ field: 'photo', message: expect.any(String) }]);
      const empty = await t.http
        .put('/api/doctors/me/photo')
        .set(doctor.auth)
        .attach('photo', Buffer.alloc(0), 'empty.png');
      expect(empty.status).toBe(400);
    });

    it('answers 404 for the photo of a doctor without one, an unknown id or a malformed id', async () => {
      const doctor = await approvedDoctor(t);
      await t.http.get(`/api/doctors/${doctor.id}/photo`).expect(404);
      await t.http.get(`/api/doctors/${SOME_ID}/photo`).expect(404);
      await t.http.get('/api/doctors/not-a-uuid/photo').expect(404);
    });
  });

  describe('GET and PUT /api/doctors/me/availability', () => {
    it('starts empty with the clinic’s slot length', async () => {
      const doctor = await registerDoctor(t);
      const res = await t.http.get('/api/doctors/me/availability').set(doctor.auth).expect(200);
      expect(res.body as Availability).toEqual({ slotMinutes: null, effectiveSlotMinutes: 30, autoApprove: false, weekly: [] });
    });

    it('answers ten simultaneous saves by one doctor with 200 each, the last one whole (no 500 from overlaps)', async () => {
      const doctor = await registerDoctor(t);
      const variants = Array.from({ length: 10 }, (_, i) => [
        { weekday: 1, start: '09:00', end: `1${i % 3}:00` },
        { weekday: 2, start: `0${8 + (i % 2)}:00`, end: '12:00' },
      ]);
      const results = await Promise.all(
        variants.map((weekly) => t.http.put('/api/doctors/me/availability').set(doctor.auth).send({ slotMinutes: null, autoApprove: false, weekly })),
      );
      expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
      const final = (await t.http.get('/api/doctors/me/availability').set(doctor.auth).expect(200)).body as Availability;
      // one save's windows, not a mixture of several
      expect(variants.map((v) => JSON.stringify(v))).toContain(JSON.stringify(final.weekly));
    });

    it('replaces the weekly hours (a pending doctor too), sorted by day and time', async () => {
      const doctor = await registerDoctor(t);
      const saved = await putAvailability(
        t,
        doctor,
        [
          { weekday: 3, start: '14:00', end: '17:00' },
          { weekday: 1, start: '09:00', end: '12:00' },
          { weekday: 3, start: '08:00', end: '12:00' },
          { weekday: 6, start: '09:00', end: '13:00' },
          { weekday: 1, start: '12:00', end: '13:00' },
        ],
        { slotMinutes: 20, autoApprove: true },
      );
      const expected: Availability = {
        slotMinutes: 20,
        effectiveSlotMinutes: 20,
        autoApprove: true,
        weekly: [
          { weekday: 1, start: '09:00', end: '12:00' },
          { weekday: 1, start: '12:00', end: '13:00' },
          { weekday: 3, start: '08:00', end: '12:00' },
          { weekday: 3, start: '14:00', end: '17:00' },
          { weekday: 6, start: '09:00', end: '13:00' },
        ],
      };
      expect(saved).toEqual(expected);
      const read = await t.http.get('/api/doctors/me/availability').set(doctor.auth).expect(200);
      expect(read.body as Availability).toEqual(expected);

      // a second PUT replaces, not adds
      const replaced = await putAvailability(t, doctor, [{ weekday: 5, start: '16:00', end: '18:00' }]);
      expect(replaced).toEqual({
        slotMinutes: null,
        effectiveSlotMinutes: 30,
        autoApprove: false,
        weekly: [{ weekday: 5, start: '16:00', end: '18:00' }],
      });
      expect(await putAvailability(t, doctor, [])).toMatchObject({ weekly: [] });
    });

    it('answers 422 naming each window outside the clinic’s hours, and keeps the old hours', async () => {
      const doctor = await registerDoctor(t);
      const kept = [{ weekday: 2, start: '09:00', end: '10:00' }];
      await putAvailability(t, doctor, kept);
      const res = await t.http
        .put('/api/doctors/me/availability')
        .set(doctor.auth)
        .send({
          slotMinutes: null,
          autoApprove: false,
          weekly: [
            { weekday: 1, start: '07:00', end: '09:00' }, // before opening
            { weekday: 2, start: '10:00', end: '12:00' }, // fine
            { weekday: 6, start: '12:00', end: '14:00' }, // past Saturday closing
            { weekday: 7, start: '10:00', end: '11:00' }, // closed on Sunday
          ],
        })
        .expect(422);
      const body = res.body as ErrorBody;
      expect(body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity', message: expect.any(String) });
      expect(body.details).toEqual([
        { field: 'weekly.0', message: expect.stringContaining('08:00–18:00') },
        { field: 'weekly.2', message: expect.stringContaining('09:00–13:00') },
        { field: 'weekly.3', message: expect.stringContaining('closed') },
      ]);
      expect(body.details?.[0].message).toContain('outside the clinic');
      const read = await t.http.get('/api/doctors/me/availability').set(doctor.auth).expect(200);
      expect((read.body as Availability).weekly).toEqual(kept);
    });

    it('answers 400 for overlapping, backwards or malformed windows and bad settings', async () => {
      const doctor = await registerDoctor(t);
      const ok = { slotMinutes: null, autoApprove: false };
      const mon = (start: string, end: string) => ({ weekday: 1, start, end });
      const cases: [Record<string, unknown>, string][] = [
        [{ ...ok, weekly: [mon('09:00', '12:00'), mon('11:00', '13:00')] }, 'weekly.1'],
        [{ ...ok, weekly: [mon('09:00', '12:00'), mon('09:00', '12:00')] }, 'weekly.1'],
        [{ ...ok, weekly: [mon('12:00', '12:00')] }, 'weekly.0'],
        [{ ...ok, weekly: [mon('13:00', '12:00')] }, 'weekly.0'],
        [{ ...ok, weekly: [mon('9:00', '12:00')] }, 'weekly.0.start'],
        [{ ...ok, weekly: [mon('09:00', '12:60')] }, 'weekly.0.end'],
        [{ ...ok, weekly: [{ weekday: 8, start: '09:00', end: '10:00' }] }, 'weekly.0.weekday'],
        [{ ...ok, weekly: 'Mondays' }, 'weekly'],
        [{ ...ok, slotMinutes: 7, weekly: [] }, 'slotMinutes'],
        [{ ...ok, slotMinutes: 0, weekly: [] }, 'slotMinutes'],
        [{ ...ok, slotMinutes: 300, weekly: [] }, 'slotMinutes'],
        [{ slotMinutes: null, weekly: [] }, 'autoApprove'],
        [{ ...ok }, 'weekly'],
      ];
      for (const [body, field] of cases) {
        const res = await t.http.put('/api/doctors/me/availability').set(doctor.auth).send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect({ body, fields: (res.body as ErrorBody).details?.map((d) => d.field) }).toEqual({ body, fields: [field] });
      }
      const read = await t.http.get('/api/doctors/me/availability').set(doctor.auth).expect(200);
      expect((read.body as Availability).weekly).toEqual([]);
    });
  });

  describe('time off', () => {
    /** POST /api/doctors/me/time-off as this doctor, with this body. */
    function addTimeOff(doctor: Session, body: Record<string, unknown>) {
      return t.http.post('/api/doctors/me/time-off').set(doctor.auth).send(body);
    }

    /** GET /api/doctors/me/time-off as this doctor: 200. */
    function listTimeOff(doctor: Session) {
      return t.http.get('/api/doctors/me/time-off').set(doctor.auth).expect(200);
    }

    it('adds time off (201) in UTC and lists current and upcoming time off, soonest first', async () => {
      const doctor = await registerDoctor(t);
      const monday = mondayAhead(ZONE);
      const later = await addTimeOff(doctor, {
        startsAt: instant(monday.plus({ days: 7 }), '00:00'),
        endsAt: instant(monday.plus({ days: 9 }), '00:00'),
      }).expect(201);
      const sooner = await addTimeOff(doctor, {
        startsAt: instant(monday, '10:00'),
        endsAt: instant(monday, '11:30'),
        reason: '  Conference  ',
      }).expect(201);
      expect(sooner.body as TimeOff).toEqual({
        id: expect.any(String),
        startsAt: utc(monday, '10:00'),
        endsAt: utc(monday, '11:30'),
        reason: 'Conference',
      });
      expect((later.body as TimeOff).reason).toBeNull();

      const list = await listTimeOff(doctor);
      expect(list.body as TimeOff[]).toEqual([sooner.body, later.body]);
    });

    it('accepts any offset for the same instant', async () => {
      const doctor = await registerDoctor(t);
      const res = await addTimeOff(doctor, { startsAt: '2099-06-01T10:00:00+02:00', endsAt: '2099-06-01T09:00:00Z' }).expect(201);
      expect(res.body as TimeOff).toMatchObject({ startsAt: '2099-06-01T08:00:00.000Z', endsAt: '2099-06-01T09:00:00.000Z' });
    });

    it('stops listing time off once it has ended', async () => {
      const doctor = await registerDoctor(t);
      const now = DateTime.now();
      const res = await addTimeOff(doctor, { startsAt: now.plus({ hours: 1 }).toISO(), endsAt: now.plus({ hours: 2 }).toISO() }).expect(201);
      const { id } = res.body as TimeOff;
      const listed = await listTimeOff(doctor);
      expect((listed.body as TimeOff[]).map((x) => x.id)).toEqual([id]);

      t.clock.set(now.plus({ hours: 3 }).toJSDate());
      const after = await listTimeOff(doctor);
      expect(after.body).toEqual([]);
    });

    it('refuses backwards, past, over-long or zone-less spans per field', async () => {
      const doctor = await registerDoctor(t);
      const now = DateTime.now().toUTC();
      const iso = (d: DateTime) => d.toISO() ?? '';
      const cases: [Record<string, unknown>, string][] = [
        [{ startsAt: '2099-01-01T10:00:00Z', endsAt: '2099-01-01T09:00:00Z' }, 'endsAt'],
        [{ startsAt: '2099-01-01T10:00:00Z', endsAt: '2099-01-01T10:00:00Z' }, 'endsAt'],
        [{ startsAt: iso(now.minus({ days: 2 })), endsAt: iso(now.minus({ days: 1 })) }, 'endsAt'],
        [{ startsAt: '2099-01-01T00:00:00Z', endsAt: '2100-06-01T00:00:00Z' }, 'endsAt'],
        [{ startsAt: '2099-01-01T10:00:00', endsAt: '2099-01-01T12:00:00Z' }, 'startsAt'],
        [{ startsAt: '2099-01-01', endsAt: '2099-01-02T00:00:00Z' }, 'startsAt'],
        [{ startsAt: '2099-02-30T10:00:00Z', endsAt: '2099-03-02T12:00:00Z' }, 'startsAt'],
        [{ startsAt: '2099-01-01T10:00:00Z', endsAt: 'tomorrow' }, 'endsAt'],
        [{ startsAt: '2099-01-01T10:00:00Z' }, 'endsAt'],
        [{ startsAt: '2099-01-01T10:00:00Z', endsAt: '2099-01-01T12:00:00Z', reason: 'x'.repeat(201) }, 'reason'],
      ];
      for (const [body, field] of cases) {
        const res = await addTimeOff(doctor, body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect({ body, fields: (res.body as ErrorBody).details?.map((d) => d.field) }).toEqual({ body, fields: [field] });
      }
      // time off already under way is fine: it has not ended
      await addTimeOff(doctor, { startsAt: iso(now.minus({ hours: 1 })), endsAt: iso(now.plus({ hours: 1 })) }).expect(201);
    });

    it('removes own time off (204) but answers 404 for another doctor’s, a missing or a malformed id', async () => {
      const owner = await registerDoctor(t);
      const other = await approvedDoctor(t);
      const res = await addTimeOff(owner, { startsAt: '2099-03-01T09:00:00Z', endsAt: '2099-03-01T17:00:00Z' }).expect(201);
      const { id } = res.body as TimeOff;

      const refused = await t.http.delete(`/api/doctors/me/time-off/${id}`).set(other.auth).expect(404);
      expect(refused.body as ErrorBody).toMatchObject({ statusCode: 404, error: 'Not Found' });
      const stillThere = await listTimeOff(owner);
      expect((stillThere.body as TimeOff[]).map((x) => x.id)).toEqual([id]);

      await t.http.delete(`/api/doctors/me/time-off/${id}`).set(owner.auth).expect(204);
      await t.http.delete(`/api/doctors/me/time-off/${id}`).set(owner.auth).expect(404);
      await t.http.delete('/api/doctors/me/time-off/not-a-uuid').set(owner.auth).expect(404);
      const gone = await listTimeOff(owner);
      expect(gone.body).toEqual([]);
    });
  });

  describe('GET /api/doctors/me/slots', () => {
    it('shows a pending doctor the slots patients will see once approved', async () => {
      const doctor = await registerDoctor(t);
      const monday = mondayAhead(ZONE);
      await putAvailability(t, doctor, [{ weekday: 1, start: '09:00', end: '11:00' }], { slotMinutes: 40 });
      const res = await t.http
        .get('/api/doctors/me/slots')
        .query({ from: isoDate(monday), to: isoDate(monday) })
        .set(doctor.auth)
        .expect(200);
      const slots = res.body as Slot[];
      expect(localStarts(slots, ZONE)).toEqual(['09:00', '09:40', '10:20']);
      expect(slots[0]).toEqual({ startsAt: utc(monday, '09:00'), endsAt: utc(monday, '09:40') });

      // patients can't see them yet
      await t.http.get(`/api/doctors/${doctor.id}/slots`).query({ from: isoDate(monday), to: isoDate(monday) }).expect(404);
      await approve(doctor);
      const publicView = await t.http
        .get(`/api/doctors/${doctor.id}/slots`)
        .query({ from: isoDate(monday), to: isoDate(monday) })
        .expect(200);
      expect(publicView.body).toEqual(slots);
    });

    it('refuses a bad range per field', async () => {
      const doctor = await registerDoctor(t);
      const bad = await t.http.get('/api/doctors/me/slots').query({ from: '2099-01-10', to: '2099-01-01' }).set(doctor.auth);
      expect(bad.status).toBe(400);
      expect((bad.body as ErrorBody).details?.map((d) => d.field)).toEqual(['to']);
    });
  });
});
