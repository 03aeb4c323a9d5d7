import { jest } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Response } from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';
import { registerPatient, signInAdmin, type Session } from '../support/accounts';
import { mondayAhead, TINY_PNG, utc, type ErrorBody } from './scheduling-fixtures';
import {
  actionPath,
  book,
  bookableDoctor,
  detailOf,
  FILES,
  type Appointment,
  type AppointmentFile,
} from './appointment-fixtures';
import { sql } from './record-fixtures';

const ZONE = 'Europe/London';
/** UPLOAD_MAX_MB=0.01 below: 10 KiB and a bit, so refusing an oversized file costs nothing. */
const MAX_BYTES = Math.round(0.01 * 1024 * 1024);
/** UPLOAD_MAX_FILES below: small, so the cap is reached with a handful of uploads. */
const MAX_FILES = 6;
/** RFC 5987 ext-value: only attr-chars and percent-escapes after the charset. */
const EXT_VALUE = /^UTF-8''(?:%[0-9A-F]{2}|[A-Za-z0-9!#$&+.^_`|~-])+$/;

jest.setTimeout(120_000);

/** Collects a binary answer into a Buffer, whatever its type. */
function binary(res: Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe('appointment files (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: Session;
  let doctor: Session;
  let patient: Session;
  let otherDoctor: Session;
  let otherPatient: Session;
  let slot = 0;
  beforeAll(async () => {
    t = await createTestApp({ CLINIC_TIMEZONE: ZONE, UPLOAD_MAX_MB: '0.01', UPLOAD_MAX_FILES: String(MAX_FILES) });
    admin = await signInAdmin(t);
    doctor = await bookableDoctor(t, { fullName: 'Dr Amara Okafor' });
    patient = await registerPatient(t, { fullName: 'Olivia Bennett' });
    otherDoctor = await bookableDoctor(t);
    otherPatient = await registerPatient(t);
  });
  afterAll(async () => {
    await t.close();
  });

  /** A new appointment of the doctor and patient, each on its own slot. */
  async function appointment(): Promise<Appointment> {
    const times = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'];
    const day = mondayAhead(ZONE).plus({ days: Math.floor(slot / 6) % 5, weeks: Math.floor(slot / 30) });
    const startsAt = utc(day, times[slot % 6]);
    slot += 1;
    return book(t, patient, doctor.id, startsAt, 'Follow-up on blood tests');
  }

  const upload = (viewer: Session | null, id: string) => {
    const req = t.http.post(`/api/appointments/${id}/files`);
    return viewer ? req.set(viewer.auth) : req;
  };
  const download = (viewer: Session | null, id: string, fileId: string, reason?: string) => {
    const req = t.http.get(`/api/appointments/${id}/files/${fileId}`).query(reason === undefined ? {} : { reason }).buffer(true).parse(binary);
    return viewer ? req.set(viewer.auth) : req;
  };

  /** Paths under the storage folder that start with `prefix`. */
  function storedUnder(prefix: string): string[] {
    const stored: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name));
        else stored.push(relative(t.config.storageDir, join(dir, entry.name)));
      }
    };
    walk(t.config.storageDir);
    return stored.filter((path) => path.startsWith(prefix));
  }

  async function filesOf(id: string): Promise<AppointmentFile[]> {
    return (await detailOf(t, admin, id)).files;
  }

  describe('POST /api/appointments/:id/files', () => {
    it('takes several files at once, typed by their content, and lists them on the appointment', async () => {
      const { id } = await appointment();
      const res = await upload(patient, id)
        .attach('files', FILES.pdf, { filename: 'blood test.pdf', contentType: 'application/pdf' })
        .attach('files', TINY_PNG, { filename: 'rash.png', contentType: 'image/png' })
        // the browser's claimed type is ignored: the bytes say JPEG
        .attach('files', FILES.jpeg, { filename: 'x-ray.jpeg', contentType: 'application/octet-stream' })
        .expect(201);
      const files = res.body as AppointmentFile[];
      expect(files.map((f) => [f.fileName, f.contentType, f.size])).toEqual([
        ['blood test.pdf', 'application/pdf', FILES.pdf.length],
        ['rash.png', 'image/png', TINY_PNG.length],
        ['x-ray.jpeg', 'image/jpeg', FILES.jpeg.length],
      ]);
      for (const file of files) expect(file.uploadedBy).toEqual({ id: patient.id, fullName: 'Olivia Bennett', role: 'patient' });

      const detail = await detailOf(t, doctor, id);
      expect(detail.files.map((f) => f.id).sort()).toEqual(files.map((f) => f.id).sort());
      expect(detail.maxFileBytes).toBe(MAX_BYTES);
      expect(detail.acceptedFileTypes).toEqual(expect.arrayContaining(['application/pdf', 'image/png', 'image/jpeg']));

      // the doctor can add theirs
      const fromDoctor = await upload(doctor, id).attach('files', FILES.pdf, 'referral.pdf').expect(201);
      expect((fromDoctor.body as AppointmentFile[])[0].uploadedBy).toMatchObject({ id: doctor.id, role: 'doctor' });
      expect(await filesOf(id)).toHaveLength(4);
    });

    it('refuses a file over the size limit with 413, keeping none of the upload', async () => {
      const { id } = await appointment();
      const big = Buffer.concat([FILES.pdf, Buffer.alloc(MAX_BYTES, 0x20)]);
      const res = await upload(patient, id)
        .attach('files', FILES.pdf, 'small.pdf')
        .attach('files', big, 'big.pdf')
        .expect(413);
      expect(res.body as ErrorBody).toMatchObject({ statusCode: 413, details: [{ field: 'files' }] });
      expect(await filesOf(id)).toEqual([]);
      // exactly the limit is fine
      await upload(patient, id).attach('files', big.subarray(0, MAX_BYTES), 'limit.pdf').expect(201);
    });

    it('refuses with 415 what is not a PDF or image, whatever its name says, keeping none of the upload', async () => {
      const { id } = await appointment();
      const cases: [Buffer, string, string][] = [
        [FILES.html, 'report.pdf', 'application/pdf'],
        [Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), 'photo.png', 'image/png'],
        [Buffer.from('just some text that is not a document'), 'notes.txt', 'text/plain'],
      ];
      for (const [bytes, filename, contentType] of cases) {
        const res = await upload(patient, id)
          .attach('files', FILES.pdf, 'fine.pdf')
          .attach('files', bytes, { filename, contentType });
        expect({ filename, status: res.status }).toEqual({ filename, status: 415 });
        expect((res.body as ErrorBody).details).toEqual([{ field: 'files', message: expect.stringContaining(filename) }]);
      }
      expect(await filesOf(id)).toEqual([]);
    });

    it('answers 400 when there is nothing to attach or the form is not as expected', async () => {
      const { id } = await appointment();
      const expectFilesError = (res: Response) => {
        expect(res.status).toBe(400);
        expect((res.body as ErrorBody).details?.map((d) => d.field)).toEqual(['files']);
      };
      expectFilesError(await upload(patient, id).send({}));
      expectFilesError(await upload(patient, id).field('files', ''));
      expectFilesError(await upload(patient, id).attach('file', FILES.pdf, 'wrong-field.pdf'));
      expectFilesError(await upload(patient, id).attach('files', Buffer.alloc(0), 'empty.pdf'));
      let eleven = upload(patient, id);
      for (let i = 0; i < 11; i++) eleven = eleven.attach('files', FILES.pdf, `page-${i}.pdf`);
      expectFilesError(await eleven);
      expect(await filesOf(id)).toEqual([]);
    });

    it('holds the per-appointment cap against concurrent uploads: none over it is stored or listed', async () => {
      const { id } = await appointment();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => upload(i % 2 ? doctor : patient, id).attach('files', FILES.pdf, `report-${i}.pdf`)),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([...Array(MAX_FILES).fill(201), ...Array(10 - MAX_FILES).fill(422)]);
      const refused = results.find((r) => r.status === 422);
      expect(refused?.body).toMatchObject({ details: [{ field: 'files', message: `an appointment holds at most ${MAX_FILES} files` }] });
      expect(await filesOf(id)).toHaveLength(MAX_FILES);
      expect(storedUnder(`appointments/${id}/`)).toHaveLength(MAX_FILES);
    });

    it('stores files under names it chose, and shows a safe version of the client’s name', async () => {
      const { id } = await appointment();
      const res = await upload(patient, id)
        .attach('files', FILES.pdf, '../../../../etc/passwd.pdf')
        .attach('files', TINY_PNG, '..\\..\\Windows\\win.ini')
        .attach('files', FILES.pdf, '.htaccess')
        .expect(201);
      expect((res.body as AppointmentFile[]).map((f) => f.fileName)).toEqual(['passwd.pdf', 'win.ini.png', 'htaccess.pdf']);

      expect(storedUnder(`appointments/${id}/`)).toHaveLength(3);
      for (const path of storedUnder('')) expect(path).toMatch(/^appointments\/[0-9a-f-]{36}\/[0-9a-f-]{36}\.(pdf|png|jpg)$/);
    });

    it('is for the appointment’s doctor and patient: 404 to others, 403 to admins, 401 signed out, 409 once cancelled', async () => {
      const { id } = await appointment();
      for (const stranger of [otherDoctor, otherPatient]) {
        await upload(stranger, id).attach('files', FILES.pdf, 'x.pdf').expect(404);
      }
      await upload(admin, id).attach('files', FILES.pdf, 'x.pdf').expect(403);
      await upload(null, id).attach('files', FILES.pdf, 'x.pdf').expect(401);
      await upload(patient, '00000000-0000-4000-8000-000000000000').attach('files', FILES.pdf, 'x.pdf').expect(404);
      // Refused before the body is read: an outsider's oversized upload is a 404, not a 413.
      const big = Buffer.concat([FILES.pdf, Buffer.alloc(MAX_BYTES, 0x20)]);
      await upload(otherPatient, id).attach('files', big, 'big.pdf').expect(404);
      expect(await filesOf(id)).toEqual([]);

      await t.http.post(actionPath(id, 'cancel')).set(patient.auth).expect(200);
      const res = await upload(patient, id).attach('files', FILES.pdf, 'late.pdf').expect(409);
      expect((res.body as ErrorBody).message).toContain('cancelled');
    });
  });

  describe('GET /api/appointments/:id/files/:fileId', () => {
    it('gives participants and admins the file as uploaded, as an attachment of its real type', async () => {
      const { id } = await appointment();
      const res = await upload(patient, id)
        .attach('files', FILES.pdf, 'lab results.pdf')
        .attach('files', TINY_PNG, { filename: 'photo.pdf', contentType: 'application/pdf' })
        .expect(201);
      const [pdf, png] = res.body as AppointmentFile[];
      for (const viewer of [patient, doctor, admin]) {
        const got = await download(viewer, id, pdf.id, viewer === admin ? 'Patient complaint #4411 review' : undefined).expect(200);
        expect(Buffer.compare(got.body as Buffer, FILES.pdf)).toBe(0);
        expect(got.headers['content-type']).toBe('application/pdf');
        expect(got.headers['content-length']).toBe(String(FILES.pdf.length));
        expect(got.headers['content-disposition']).toBe(`attachment; filename="lab results.pdf"; filename*=UTF-8''lab%20results.pdf`);
        expect(got.headers['x-content-type-options']).toBe('nosniff');
        expect(got.headers['cache-control']).toBe('private, no-store');
      }
      // a PNG sent as "photo.pdf" comes back as the PNG it is
      const image = await download(doctor, id, png.id).expect(200);
      expect(image.headers['content-type']).toBe('image/png');
      expect(image.headers['content-disposition']).toContain('filename="photo.pdf.png"');
      expect(Buffer.compare(image.body as Buffer, TINY_PNG)).toBe(0);
    });

    it('names files with any characters in a header every client can read', async () => {
      const { id } = await appointment();
      const names = ['Résumé médical (2).pdf', 'scan\'s "copy" 1*.pdf', '診断書.pdf', 'naïve;name, =x.pdf'];
      let req = upload(patient, id);
      for (const name of names) req = req.attach('files', FILES.pdf, name);
      const files = (await req.expect(201)).body as AppointmentFile[];
      for (const file of files) {
        const res = await download(patient, id, file.id).expect(200);
        const header: string = res.headers['content-disposition'];
        const match = /^attachment; filename="([^"\\]*)"; filename\*=(.+)$/.exec(header);
        expect({ header, matched: match !== null }).toEqual({ header, matched: true });
        const [, fallback, extended] = match as RegExpExecArray;
        expect(fallback).toMatch(/^[\x20-\x7e]+$/);
        expect({ header, valid: EXT_VALUE.test(extended) }).toEqual({ header, valid: true });
        expect(decodeURIComponent(extended.slice("UTF-8''".length))).toBe(file.fileName);
      }
      expect(files.map((f) => f.fileName)).toEqual(['Résumé médical (2).pdf', "scan's copy 1.pdf", '診断書.pdf', 'naïve;name, =x.pdf']);
    });

    it('is 404 to other doctors and patients, for unknown files and for another appointment’s file; 401 signed out', async () => {
      const first = await appointment();
      const second = await appointment();
      const [file] = (await upload(patient, first.id).attach('files', FILES.pdf, 'mine.pdf').expect(201)).body as AppointmentFile[];
      for (const stranger of [otherDoctor, otherPatient]) {
        await download(stranger, first.id, file.id).expect(404);
      }
      await download(null, first.id, file.id).expect(401);
      // a file is only reachable through its own appointment
      await download(patient, second.id, file.id).expect(404);
      await download(patient, first.id, '00000000-0000-4000-8000-000000000000').expect(404);
      await download(patient, first.id, 'passwd').expect(404);
    });
  });
  describe('audit of file uploads and downloads (part of the medical record)', () => {
    interface Entry {
      actor_id: string;
      actor_role: string;
      action: string;
      subject_id: string;
      target_type: string;
      target_id: string;
      reason: string | null;
      request_id: string;
    }
    const entries = (fileIds: string[]) =>
      sql<Entry>(
        t.databaseUrl,
        `select actor_id, actor_role, action, subject_id, target_type, target_id, reason, request_id
         from audit_log where target_id = any($1::uuid[]) order by seq`,
        [fileIds],
      );

    it('records who added and who downloaded each file, whose record it is, why and in which request', async () => {
      const { id } = await appointment();
      const added = (await upload(doctor, id).set('X-Request-Id', 'req-upload-0001').attach('files', FILES.pdf, 'ecg.pdf').attach('files', TINY_PNG, 'rash.png').expect(201))
        .body as AppointmentFile[];
      const [ecg, rash] = added;
      await download(patient, id, ecg.id).set('X-Request-Id', 'req-patient-0001').expect(200);
      await download(doctor, id, rash.id).set('X-Request-Id', 'req-doctor-0001').expect(200);
      await download(admin, id, ecg.id, '  Billing dispute: checking the ECG was done  ').set('X-Request-Id', 'req-admin-0001').expect(200);

      const subject = { subject_id: patient.id, target_type: 'appointment_file' };
      expect(await entries([ecg.id, rash.id])).toEqual([
        { ...subject, actor_id: doctor.id, actor_role: 'doctor', action: 'appointment_file.write', target_id: ecg.id, reason: null, request_id: 'req-upload-0001' },
        { ...subject, actor_id: doctor.id, actor_role: 'doctor', action: 'appointment_file.write', target_id: rash.id, reason: null, request_id: 'req-upload-0001' },
        { ...subject, actor_id: patient.id, actor_role: 'patient', action: 'appointment_file.read', target_id: ecg.id, reason: null, request_id: 'req-patient-0001' },
        { ...subject, actor_id: doctor.id, actor_role: 'doctor', action: 'appointment_file.read', target_id: rash.id, reason: null, request_id: 'req-doctor-0001' },
        {
          ...subject,
          actor_id: admin.id,
          actor_role: 'admin',
          action: 'record.break_glass_read',
          target_id: ecg.id,
          reason: 'Billing dispute: checking the ECG was done',
          request_id: 'req-admin-0001',
        },
      ]);

      // The patient sees the others' reads and writes of their files in "Who viewed my record" (their own read left out).
      const log = await t.http.get('/api/patients/me/access-log').set(patient.auth).expect(200);
      const newest = (log.body.items as { actor: { id: string }; action: string; reason: string | null }[]).slice(0, 4);
      expect(newest.map((item) => [item.actor.id, item.action, item.reason ?? null])).toEqual([
        [admin.id, 'record.break_glass_read', 'Billing dispute: checking the ECG was done'],
        [doctor.id, 'appointment_file.read', null],
        [doctor.id, 'appointment_file.write', null],
        [doctor.id, 'appointment_file.write', null],
      ]);
    });

    it('refuses an admin’s download without a reason, or with one too short to mean anything, and audits nothing', async () => {
      const { id } = await appointment();
      const [file] = (await upload(patient, id).attach('files', FILES.pdf, 'scan.pdf').expect(201)).body as AppointmentFile[];
      const missing = await download(admin, id, file.id).expect(400);
      expect(JSON.parse((missing.body as Buffer).toString())).toMatchObject({
        statusCode: 400,
        details: [{ field: 'reason', message: expect.stringContaining('break-glass') }],
      });
      const vague = await download(admin, id, file.id, ' because ').expect(400);
      expect(JSON.parse((vague.body as Buffer).toString())).toMatchObject({
        details: [{ field: 'reason', message: expect.stringContaining('at least 10 characters') }],
      });
      expect((await entries([file.id])).map((e) => e.action)).toEqual(['appointment_file.write']);
      // Strangers are still 404 whatever reason they give, and nothing is recorded for them either.
      await download(otherDoctor, id, file.id, 'I am covering for a colleague').expect(404);
      expect(await entries([file.id])).toHaveLength(1);
    });

    it('records nothing for an upload that is refused', async () => {
      const { id } = await appointment();
      const writes = async () =>
        (await sql<{ n: number }>(t.databaseUrl, "select count(*)::int as n from audit_log where action = 'appointment_file.write' and subject_id = $1", [patient.id]))[0].n;
      const before = await writes();
      await upload(patient, id).attach('files', FILES.pdf, 'fine.pdf').attach('files', FILES.html, 'page.pdf').expect(415);
      await upload(otherPatient, id).attach('files', FILES.pdf, 'not-mine.pdf').expect(404);
      expect(await writes()).toBe(before);
      expect(await filesOf(id)).toEqual([]);
    });
  });
});
