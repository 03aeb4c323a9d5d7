import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTestApp, type TestApp } from '../support/test-app';
import { registerDoctor, registerPatient, signInAdmin, type Session } from '../support/accounts';
import { appointmentBetween, approved, careCouple, sql, type VisitNote } from './record-fixtures';

jest.setTimeout(120_000);

/**
 * Patient records over HTTP on real PostgreSQL: the profile and medical history ("none known" is not "not
 * recorded"), who may read a record (the patient, their doctors, admins only with a reason; 404 for anyone
 * else), append-only visit notes, and the access log that tells a patient who looked.
 */
describe('patient records (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signInAdmin(t);
  });
  afterAll(() => t?.close());

  describe('GET / PATCH /api/patients/me', () => {
    it('starts with every list "not recorded" (null), and keeps "none known" ([]) apart from it', async () => {
      const patient = await registerPatient(t, { fullName: 'Nora Null', dateOfBirth: '1990-04-12', gender: 'female' });
      const fresh = await t.http.get('/api/patients/me').set(patient.auth).expect(200);
      expect(fresh.body).toMatchObject({
        id: patient.id,
        fullName: 'Nora Null',
        email: patient.email,
        dateOfBirth: '1990-04-12',
        gender: 'female',
        address: null,
        emergencyContact: null,
        medicalHistory: { conditions: null, allergies: null, medications: null, notes: null },
      });

      const none = await t.http.patch('/api/patients/me').set(patient.auth).send({ medicalHistory: { allergies: [] } }).expect(200);
      expect(none.body.medicalHistory).toEqual({ conditions: null, allergies: [], medications: null, notes: null });

      const filled = await t.http
        .patch('/api/patients/me')
        .set(patient.auth)
        .send({
          phone: '+44 20 7946 0018',
          address: '12 Elm Street, London N1 7AA',
          emergencyContact: { name: 'Sam Null', phone: '+44 20 7946 0019', relationship: 'Partner' },
          medicalHistory: {
            conditions: [{ name: 'Asthma', since: '2004', status: 'active' }],
            medications: [{ name: 'Salbutamol inhaler', dose: '2 puffs as needed' }],
            notes: 'Grandmother had glaucoma',
          },
        })
        .expect(200);
      expect(filled.body).toMatchObject({
        phone: '+44 20 7946 0018',
        address: '12 Elm Street, London N1 7AA',
        emergencyContact: { name: 'Sam Null', phone: '+44 20 7946 0019', relationship: 'Partner' },
        medicalHistory: {
          conditions: [{ name: 'Asthma', since: '2004', status: 'active' }],
          // lists left out of the PATCH keep what they held
          allergies: [],
          medications: [{ name: 'Salbutamol inhaler', dose: '2 puffs as needed' }],
          notes: 'Grandmother had glaucoma',
        },
      });
      // null sets a list back to "not recorded"
      const reset = await t.http.patch('/api/patients/me').set(patient.auth).send({ medicalHistory: { allergies: null } }).expect(200);
      expect(reset.body.medicalHistory.allergies).toBeNull();
      expect((await t.http.get('/api/patients/me').set(patient.auth).expect(200)).body.medicalHistory.conditions).toHaveLength(1);
    });

    it('answers bad input with 400 and the field at fault', async () => {
      const patient = await registerPatient(t);
      const cases: [unknown, string][] = [
        [{ dateOfBirth: '12/04/1990' }, 'dateOfBirth'],
        [{ gender: 'robot' }, 'gender'],
        [{ medicalHistory: { conditions: [{ name: 'Asthma', status: 'sometimes' }] } }, 'medicalHistory.conditions.0.status'],
        [{ medicalHistory: { allergies: [{ substance: 'Nuts', severity: 'deadly' }] } }, 'medicalHistory.allergies.0.severity'],
        [{ medicalHistory: { medications: 'none' } }, 'medicalHistory.medications'],
        [{ medicalHistory: { conditions: [{ name: 'Asthma', status: 'active', since: 'last spring' }] } }, 'medicalHistory.conditions.0.since'],
        [{ emergencyContact: { name: 'Sam' } }, 'emergencyContact.phone'],
      ];
      for (const [body, field] of cases) {
        const res = await t.http.patch('/api/patients/me').set(patient.auth).send(body as object).expect(400);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
    });

    it('refuses a date of birth in the future with 400 on dateOfBirth, keeping the one on record', async () => {
      const patient = await registerPatient(t, { dateOfBirth: '1990-04-12' });
      // Two days on is tomorrow or later in every time zone, the clinic's included.
      const future = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
      const res = await t.http.patch('/api/patients/me').set(patient.auth).send({ dateOfBirth: future, address: '1 Elm Street' }).expect(400);
      expect(res.body.details).toEqual([{ field: 'dateOfBirth', message: 'must not be in the future' }]);
      const record = await t.http.get('/api/patients/me').set(patient.auth).expect(200);
      expect(record.body).toMatchObject({ dateOfBirth: '1990-04-12', address: null });
      // clearing it is still allowed
      const cleared = await t.http.patch('/api/patients/me').set(patient.auth).send({ dateOfBirth: null }).expect(200);
      expect(cleared.body.dateOfBirth).toBeNull();
    });
  });

  describe('GET /api/patients/:id and GET /api/patients', () => {
    it('shows the record to a doctor in a care relationship and lists the patient as theirs; 404 for every other doctor', async () => {
      const { doctor, patient } = await careCouple(t, admin, { doctor: 'Dr Rhea Reader', patient: 'Quinn Quartz' });
      await t.http.patch('/api/patients/me').set(patient.auth).send({ medicalHistory: { allergies: [{ substance: 'Penicillin', severity: 'severe' }] } }).expect(200);
      const read = await t.http.get(`/api/patients/${patient.id}`).set(doctor.auth).expect(200);
      expect(read.body.medicalHistory.allergies).toEqual([{ substance: 'Penicillin', severity: 'severe' }]);

      const list = await t.http.get('/api/patients').query({ q: 'quartz' }).set(doctor.auth).expect(200);
      expect(list.body).toEqual({ total: 1, items: [expect.objectContaining({ id: patient.id, fullName: 'Quinn Quartz' })] });

      const stranger = (await careCouple(t, admin)).doctor;
      await t.http.get(`/api/patients/${patient.id}`).set(stranger.auth).expect(404);
      expect((await t.http.get('/api/patients').set(stranger.auth).expect(200)).body.items.map((p: { id: string }) => p.id)).not.toContain(patient.id);
      const pending = await registerDoctor(t);
      await t.http.get(`/api/patients/${patient.id}`).set(pending.auth).expect(404);
      // another patient is refused by role; nobody learns whether an id is a patient
      const other = await registerPatient(t);
      await t.http.get(`/api/patients/${patient.id}`).set(other.auth).expect(403);
      await t.http.get(`/api/patients/${doctor.id}`).set(doctor.auth).expect(404);
      await t.http.get(`/api/patients/${patient.id}`).expect(401);
    });

    it('counts a pending, completed or no-show appointment as care, and a declined or cancelled one not', async () => {
      const patient = await registerPatient(t);
      const [pending, completed, noShow, without] = await Promise.all(
        ['Dr Pen Ding', 'Dr Com Pleted', 'Dr No Show', 'Dr Can Celled'].map((name) => approved(t, admin, name)),
      );
      await appointmentBetween(t, pending, patient, 'pending', -3);
      await appointmentBetween(t, completed, patient, 'completed', 3);
      await appointmentBetween(t, noShow, patient, 'no_show', 4);
      await appointmentBetween(t, without, patient, 'cancelled', 5);
      await appointmentBetween(t, without, patient, 'declined', 6);
      for (const doctor of [pending, completed, noShow]) await t.http.get(`/api/patients/${patient.id}`).set(doctor.auth).expect(200);
      await t.http.get(`/api/patients/${patient.id}`).set(without.auth).expect(404);
    });

    it('lets an admin read a record only with a stated reason (break-glass), and the patient sees that read with its reason', async () => {
      const patient = await registerPatient(t, { fullName: 'Gina Glass' });
      const refused = await t.http.get(`/api/patients/${patient.id}`).set(admin.auth).expect(400);
      expect(refused.body.details).toEqual([expect.objectContaining({ field: 'reason' })]);
      const vague = await t.http.get(`/api/patients/${patient.id}`).query({ reason: '  test  ' }).set(admin.auth).expect(400);
      expect(vague.body.details).toEqual([{ field: 'reason', message: expect.stringContaining('at least 10 characters') }]);
      await t.http.get(`/api/patients/${patient.id}`).query({ reason: 'Patient unconscious in A&E' }).set(admin.auth).expect(200);

      const log = await t.http.get('/api/patients/me/access-log').set(patient.auth).expect(200);
      expect(log.body.items).toEqual([
        expect.objectContaining({
          actor: expect.objectContaining({ id: admin.id, role: 'admin' }),
          action: 'record.break_glass_read',
          reason: 'Patient unconscious in A&E',
        }),
      ]);
    });
  });

  describe('visit notes', () => {
    it('are written by the appointment’s doctor and read by its patient; a correction amends, never edits', async () => {
      const { doctor, patient, appointment } = await careCouple(t, admin, { doctor: 'Dr Nell Notes' });
      const first = await t.http
        .post(`/api/appointments/${appointment}/notes`)
        .set(doctor.auth)
        .send({
          body: 'Wheeze on expiration.',
          diagnosis: 'Asthma',
          prescriptions: [{ name: 'Beclometasone', dose: '100 µg twice daily', instructions: 'Rinse mouth after use' }],
          followUp: 'Review in 2 weeks',
        })
        .expect(201);
      const note = first.body as VisitNote;
      expect(note).toMatchObject({ authorId: doctor.id, author: { fullName: 'Dr Nell Notes' }, amends: null, amendedBy: null });

      const fix = await t.http
        .post(`/api/appointments/${appointment}/notes`)
        .set(doctor.auth)
        .send({ body: 'Wheeze on expiration; peak flow 380 l/min.', diagnosis: 'Asthma', amends: note.id })
        .expect(201);
      const read = await t.http.get(`/api/appointments/${appointment}/notes`).set(patient.auth).expect(200);
      expect(read.body).toEqual([
        expect.objectContaining({ id: note.id, body: 'Wheeze on expiration.', amendedBy: fix.body.id }),
        expect.objectContaining({ id: fix.body.id, amends: note.id, amendedBy: null, prescriptions: [] }),
      ]);

      // one correction per note: correct the newest version
      await t.http.post(`/api/appointments/${appointment}/notes`).set(doctor.auth).send({ body: 'Again', amends: note.id }).expect(409);
      // a note of another appointment cannot be amended from here
      const elsewhere = await appointmentBetween(t, doctor, patient, 'completed', 9);
      const otherNote = await t.http.post(`/api/appointments/${elsewhere}/notes`).set(doctor.auth).send({ body: 'Other visit' }).expect(201);
      const wrong = await t.http.post(`/api/appointments/${appointment}/notes`).set(doctor.auth).send({ body: 'x', amends: otherNote.body.id }).expect(422);
      expect(wrong.body.details).toEqual([expect.objectContaining({ field: 'amends' })]);
    });

    it('are refused to the patient (403 to write), other doctors and patients (404) and admins without a reason (400)', async () => {
      const { doctor, patient, appointment } = await careCouple(t, admin);
      await t.http.post(`/api/appointments/${appointment}/notes`).set(patient.auth).send({ body: 'Self-diagnosis' }).expect(403);
      const { doctor: other } = await careCouple(t, admin);
      await t.http.post(`/api/appointments/${appointment}/notes`).set(other.auth).send({ body: 'Not mine' }).expect(404);
      await t.http.get(`/api/appointments/${appointment}/notes`).set(other.auth).expect(404);
      await t.http.get(`/api/appointments/${appointment}/notes`).set((await registerPatient(t)).auth).expect(404);
      await t.http.get(`/api/appointments/${appointment}/notes`).set(admin.auth).expect(400);
      await t.http.get(`/api/appointments/${appointment}/notes`).query({ reason: 'Complaint investigation #12' }).set(admin.auth).expect(200);
      await t.http.post(`/api/appointments/${appointment}/notes`).set(doctor.auth).send({ body: '' }).expect(400);
      const halfPrescription = await t.http
        .post(`/api/appointments/${appointment}/notes`)
        .set(doctor.auth)
        .send({ body: 'Seen', prescriptions: [{ name: 'Amoxicillin', dose: ' ', instructions: 'With food' }] })
        .expect(400);
      expect(halfPrescription.body.details).toEqual([expect.objectContaining({ field: 'prescriptions.0.dose' })]);
      await t.http.get(`/api/appointments/${appointment}/notes`).query({ reason: 'why not' }).set(admin.auth).expect(400);
      const cancelled = await appointmentBetween(t, doctor, patient, 'cancelled', 12);
      await t.http.post(`/api/appointments/${cancelled}/notes`).set(doctor.auth).send({ body: 'Never happened' }).expect(409);
    });

    it('cannot be edited or deleted, even in SQL; only key rotation may rewrite a note’s ciphertext', async () => {
      const { doctor, patient, appointment } = await careCouple(t, admin);
      const note = await t.http.post(`/api/appointments/${appointment}/notes`).set(doctor.auth).send({ body: 'Original' }).expect(201);
      await expect(sql(t.databaseUrl, 'update visit_notes set author_id = author_id, amends = null, created_at = now() where id = $1', [note.body.id])).rejects.toThrow(/append-only/);
      await expect(sql(t.databaseUrl, 'delete from visit_notes where id = $1', [note.body.id])).rejects.toThrow(/append-only/);
      // a plain UPDATE of the content, even one that writes back another valid ciphertext of this very note, is refused
      await expect(sql(t.databaseUrl, 'update visit_notes set content = content where id = $1', [note.body.id])).rejects.toThrow(/append-only/);
      await expect(sql(t.databaseUrl, "update visit_notes set content = 'cb1.x.y' where id = $1", [note.body.id])).rejects.toThrow(/append-only/);
      // a message body likewise (read receipts still update their own column)
      const conversation = (await t.http.post('/api/conversations').set(patient.auth).send({ participantId: doctor.id }).expect(201)).body.id as string;
      const message = await t.http.post(`/api/conversations/${conversation}/messages`).set(patient.auth).send({ body: 'Hello', clientId: randomUUID() }).expect(201);
      await expect(sql(t.databaseUrl, "update messages set body = 'cb1.x.y' where id = $1", [message.body.id])).rejects.toThrow(/never edited/);
      await sql(t.databaseUrl, 'update messages set read_at = now() where id = $1', [message.body.id]);
      // the flag only key rotation sets, local to its transaction, lets the same statements through (KeyRotation's test rotates for real)
      const db = new pg.Client({ connectionString: t.databaseUrl });
      await db.connect();
      try {
        await db.query('begin');
        await db.query("select set_config('carebook.key_rotation', 'on', true)");
        expect((await db.query('update visit_notes set content = content where id = $1', [note.body.id])).rowCount).toBe(1);
        await db.query('commit');
      } finally {
        await db.end();
      }
      // ...and it ends with that transaction
      await expect(sql(t.databaseUrl, 'update visit_notes set content = content where id = $1', [note.body.id])).rejects.toThrow(/append-only/);
      expect((await t.http.get(`/api/appointments/${appointment}/notes`).set(patient.auth).expect(200)).body[0].body).toBe('Original');
    });
  });

  describe('reads and unchanged writes leave the ciphertexts alone', () => {
    const stored = async (patientId: string) =>
      (await sql<{ medical_history: string | null; xmin: string }>(t.databaseUrl, 'select medical_history, xmin::text from patient_profiles where user_id = $1', [patientId]))[0];

    it('keeps the medical history byte-identical through a profile-only PATCH and a PATCH re-sending the same history', async () => {
      const patient = await registerPatient(t);
      const history = {
        conditions: [{ name: 'Asthma', since: '2015', status: 'active' }],
        allergies: [],
        medications: [{ name: 'Salbutamol', dose: '100 µg as needed' }],
        notes: 'Worse in spring',
      };
      await t.http.patch('/api/patients/me').set(patient.auth).send({ medicalHistory: history }).expect(200);
      const before = await stored(patient.id);
      expect(before.medical_history).toMatch(/^cb1\./);

      await t.http.patch('/api/patients/me').set(patient.auth).send({ phone: '+44 20 7946 0001', address: '1 Spring Lane', dateOfBirth: '1985-03-02' }).expect(200);
      const afterProfile = await stored(patient.id);
      expect(afterProfile.xmin).not.toBe(before.xmin); // the profile row was written...
      expect(afterProfile.medical_history).toBe(before.medical_history); // ...and the history in it not re-encrypted

      const same = await t.http.patch('/api/patients/me').set(patient.auth).send({ medicalHistory: history, gender: 'female' }).expect(200);
      expect(same.body.medicalHistory).toMatchObject({ allergies: [], notes: 'Worse in spring' });
      expect((await stored(patient.id)).medical_history).toBe(before.medical_history);

      // a real change is written, once
      await t.http.patch('/api/patients/me').set(patient.auth).send({ medicalHistory: { notes: 'Worse in spring and autumn' } }).expect(200);
      expect((await stored(patient.id)).medical_history).not.toBe(before.medical_history);
    });

    it('rewrites no row when a record or its visit notes are read', async () => {
      const { doctor, patient, appointment } = await careCouple(t, admin);
      await t.http.patch('/api/patients/me').set(patient.auth).send({ medicalHistory: { allergies: [{ substance: 'Penicillin', severity: 'severe' }] } }).expect(200);
      await t.http.post(`/api/appointments/${appointment}/notes`).set(doctor.auth).send({ body: 'Seen', diagnosis: 'Hay fever' }).expect(201);
      const notes = () => sql<{ content: string; xmin: string }>(t.databaseUrl, 'select content, xmin::text from visit_notes where appointment_id = $1', [appointment]);
      const [profileBefore, notesBefore] = [await stored(patient.id), await notes()];

      await t.http.get('/api/patients/me').set(patient.auth).expect(200);
      await t.http.get(`/api/patients/${patient.id}`).set(doctor.auth).expect(200);
      await t.http.get(`/api/appointments/${appointment}/notes`).set(patient.auth).expect(200);
      await t.http.get(`/api/appointments/${appointment}/notes`).set(doctor.auth).expect(200);
      await t.http.get('/api/patients/me/export').set(patient.auth).expect(200);

      expect(await stored(patient.id)).toEqual(profileBefore);
      expect(await notes()).toEqual(notesBefore);
    });
  });

  describe('the access log and the audit log', () => {
    it('tells the patient which doctor read or wrote their record, and gives admins every entry with its request id', async () => {
      const { doctor, patient, appointment } = await careCouple(t, admin, { doctor: 'Dr Vera Viewer' });
      const read = await t.http.get(`/api/patients/${patient.id}`).set(doctor.auth).set('X-Request-Id', 'req-chart-0001').expect(200);
      expect(read.headers['x-request-id']).toBe('req-chart-0001');
      await t.http.post(`/api/appointments/${appointment}/notes`).set(doctor.auth).send({ body: 'Seen' }).expect(201);
      await t.http.get('/api/patients/me').set(patient.auth).expect(200);

      const log = await t.http.get('/api/patients/me/access-log').set(patient.auth).expect(200);
      expect(log.body.total).toBe(2);
      expect(log.body.items).toEqual([
        expect.objectContaining({ action: 'visit_notes.write', actor: { id: doctor.id, fullName: 'Dr Vera Viewer', role: 'doctor' } }),
        expect.objectContaining({ action: 'record.read', actor: { id: doctor.id, fullName: 'Dr Vera Viewer', role: 'doctor' } }),
      ]);

      const audit = await t.http.get('/api/admin/audit-log').query({ subjectId: patient.id }).set(admin.auth).expect(200);
      // the patient's own read is audited too (the access log leaves it out)
      expect(audit.body.total).toBe(3);
      expect(audit.body.items[2]).toMatchObject({ actorId: doctor.id, actorRole: 'doctor', action: 'record.read', requestId: 'req-chart-0001' });
      const byActor = await t.http.get('/api/admin/audit-log').query({ actorId: doctor.id, action: 'visit_notes.write' }).set(admin.auth).expect(200);
      expect(byActor.body.total).toBe(1);
      const future = await t.http.get('/api/admin/audit-log').query({ subjectId: patient.id, from: new Date(Date.now() + 60_000).toISOString() }).set(admin.auth).expect(200);
      expect(future.body.total).toBe(0);
      const csv = await t.http.get('/api/admin/audit-log/csv').query({ subjectId: patient.id }).set(admin.auth).expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const lines = csv.text.trim().split('\r\n');
      expect(lines[0]).toBe('seq,at,clinicTime,actorId,actorName,actorRole,action,subjectId,targetType,targetId,reason,requestId');
      expect(lines).toHaveLength(4);
      await t.http.get('/api/admin/audit-log').query({ actorId: 'nobody' }).set(admin.auth).expect(400);
      await t.http.get('/api/admin/audit-log').set(doctor.auth).expect(403);
    });

    it('refuses UPDATE, DELETE and TRUNCATE of the audit log in the database', async () => {
      const [entry] = await sql<{ id: string }>(t.databaseUrl, 'select id from audit_log limit 1');
      expect(entry).toBeDefined();
      await expect(sql(t.databaseUrl, "update audit_log set reason = 'tampered' where id = $1", [entry.id])).rejects.toThrow(/append-only/);
      await expect(sql(t.databaseUrl, 'delete from audit_log where id = $1', [entry.id])).rejects.toThrow(/append-only/);
      await expect(sql(t.databaseUrl, 'truncate audit_log')).rejects.toThrow(/append-only/);
    });
  });
});
