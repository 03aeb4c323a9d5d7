import { jest } from '@jest/globals';
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOTIFICATION_KINDS } from '@carebook/shared';
import { AppointmentExpiryJob } from '../../src/modules/appointments/appointment-expiry.job';
import { DeliveryQueue } from '../../src/modules/notifications/delivery-queue';
import { MailTemplates } from '../../src/modules/notifications/mail-templates';
import { NotificationsService } from '../../src/modules/notifications/notifications.service';
import type { TestApp } from '../support/test-app';
import { registerDoctor, registerPatient, signInAdmin, type Session } from '../support/accounts';
import { workspaceRoot } from '../support/built-api';
import type { SmtpSink, SunkMail } from '../support/smtp-sink';
import { actionPath, book, bookRequest, type Appointment } from './appointment-fixtures';
import { insertAppointment, mondayAhead } from './scheduling-fixtures';
import {
  clinicWhen,
  createMailClinic,
  deliveriesOf,
  expectWellFormed,
  MEDICAL_REASON,
  PUBLIC_URL,
  rows,
  slotSequence,
  type MailClinic,
} from './notification-fixtures';

/**
 * Email as it leaves the API: a real SMTP server (smtp-server) receives every kind of message, parsed with
 * mailparser; the .ics of a confirmation is parsed with ical.js. Also: a change that rolls back sends
 * nothing, preferences are honoured (security email aside), and every template renders from the build.
 */
const ZONE = 'Europe/London';
const HOUR = 3_600_000;
jest.setTimeout(120_000);

function calendarOf(mail: SunkMail): ICAL.Event {
  const file = mail.attachments.find((a) => a.filename.endsWith('.ics'));
  if (!file) throw new Error(`"${mail.subject}" carries no .ics`);
  expect(file.contentType).toBe('text/calendar');
  return new ICAL.Event(new ICAL.Component(ICAL.parse(file.content)).getFirstSubcomponent('vevent') ?? undefined);
}

function expectCalendar(mail: SunkMail, appointment: Pick<Appointment, 'id' | 'startsAt' | 'endsAt'>, sequence: number): void {
  const event = calendarOf(mail);
  expect({
    uid: event.uid,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    sequence: event.sequence,
    summary: event.summary,
    manage: event.description.includes(`${PUBLIC_URL}/appointments/${appointment.id}`),
  }).toEqual({
    uid: `${appointment.id}@portal.carebook.test`,
    start: appointment.startsAt,
    end: appointment.endsAt,
    sequence,
    summary: 'Appointment with Dr Amara Okafor (Cardiology)',
    manage: true,
  });
}

describe('notification emails through a real SMTP server (real PostgreSQL, pg-boss)', () => {
  let m: MailClinic;
  let t: TestApp;
  let sink: SmtpSink;
  let admin: Session;
  let doctor: Session;
  let autoDoctor: Session;
  const nextSlot = slotSequence(mondayAhead(ZONE));

  beforeAll(async () => {
    m = await createMailClinic(ZONE);
    ({ t, sink, doctor, autoDoctor } = m);
    admin = await signInAdmin(t);
  });
  afterEach(() => t.clock.reset());
  afterAll(async () => {
    await m?.close();
  });

  const link = (a: { id: string }) => `/appointments/${a.id}`;
  /** The messages of one appointment (its link is in every one). */
  const about = (a: { id: string }) => (mail: SunkMail) => mail.text.includes(`${PUBLIC_URL}${link(a)}`);
  const mailAbout = (to: Session, a: { id: string }, subject: string) =>
    sink.waitFor(`"${subject}" about ${a.id} to ${to.email}`, () => sink.to(to.email).find((mail) => about(a)(mail) && mail.subject.startsWith(subject)));

  it('doctor application decisions: approved (with the way to set hours) and rejected (with the reason)', async () => {
    const approved = await sink.one(doctor.email, 'Your doctor profile is approved');
    expectWellFormed(approved, { to: doctor.email, subject: 'Your doctor profile is approved', link: '/doctor/hours', text: ['Hello Dr Amara Okafor'] });
    const applicant = await registerDoctor(t, { fullName: 'Dr Rita Refused' });
    await t.http.post(`/api/admin/doctors/${applicant.id}/reject`).set(admin.auth).send({ reason: 'Licence number not on the register' }).expect(200);
    const rejected = await sink.one(applicant.email, 'Your doctor application was not approved');
    expectWellFormed(rejected, {
      to: applicant.email,
      subject: 'Your doctor application was not approved',
      link: '/account',
      text: ['Licence number not on the register'],
    });
  });

  it('a booking request reaches the doctor; the approval reaches the patient with the .ics', async () => {
    const patient = await registerPatient(t, { fullName: 'Pat Request' });
    const a = await book(t, patient, doctor.id, nextSlot(), MEDICAL_REASON);
    const when = clinicWhen(a.startsAt, ZONE);
    const request = await mailAbout(doctor, a, 'New appointment request');
    expectWellFormed(request, { to: doctor.email, subject: `New appointment request: Pat Request, ${when}`, link: link(a) });

    await t.http.post(actionPath(a.id, 'approve')).set(doctor.auth).expect(200);
    const confirmed = await mailAbout(patient, a, 'Appointment confirmed');
    expectWellFormed(confirmed, { to: patient.email, subject: `Appointment confirmed: Dr Amara Okafor, ${when}`, link: link(a) });
    expectCalendar(confirmed, a, 0);
    // Nobody is emailed about their own action: the patient's request, the doctor's approval.
    expect((await deliveriesOf(m.db, patient.id)).map((d) => d.kind)).toEqual(['appointment-confirmed']);
    expect((await deliveriesOf(m.db, doctor.id)).filter((d) => d.event_key.includes(a.id)).map((d) => d.kind)).toEqual(['appointment-requested']);

    // The admin's delivery log shows the message the SMTP server received: the same subject, text and HTML.
    const [stored] = (await deliveriesOf(m.db, patient.id)).filter((d) => d.kind === 'appointment-confirmed');
    const detail = await t.http.get(`/api/admin/deliveries/${stored.id}`).set(admin.auth).expect(200);
    expect({ id: confirmed.deliveryId, subject: detail.body.subject, text: detail.body.text.trim(), html: detail.body.html.trim() }).toEqual({
      id: stored.id,
      subject: confirmed.subject,
      text: confirmed.text.trim(),
      html: confirmed.html.trim(),
    });
  });

  it('an automatically confirmed booking: the doctor is told, the patient gets the confirmation with the .ics', async () => {
    const patient = await registerPatient(t, { fullName: 'Pat Auto' });
    const a = await book(t, patient, autoDoctor.id, nextSlot());
    const when = clinicWhen(a.startsAt, ZONE);
    expectWellFormed(await mailAbout(autoDoctor, a, 'New appointment'), { to: autoDoctor.email, subject: `New appointment: Pat Auto, ${when}`, link: link(a) });
    const confirmed = await mailAbout(patient, a, 'Appointment confirmed');
    expectWellFormed(confirmed, { to: patient.email, subject: `Appointment confirmed: Dr Ben Auto, ${when}`, link: link(a) });
    expect(calendarOf(confirmed).startDate.toJSDate().toISOString()).toBe(a.startsAt);
  });

  it('writes the time in the clinic’s locale and clock: a 12-hour US clinic says "Mon, Dec 7, 9:00 AM"', async () => {
    const settings = (await t.http.get('/api/admin/settings').set(admin.auth).expect(200)).body as Record<string, unknown>;
    const { updatedAt: _at, updatedBy: _by, ...values } = settings;
    await t.http.put('/api/admin/settings').set(admin.auth).send({ ...values, locale: 'en-US', hourCycle: 'h12' }).expect(200);
    try {
      const patient = await registerPatient(t, { fullName: 'Pat Abroad' });
      const a = await book(t, patient, autoDoctor.id, nextSlot());
      // The oracle is Luxon's US pattern, independent of the Intl formatter the API uses (ICU puts a narrow space before AM).
      const when = DateTime.fromISO(a.startsAt, { zone: ZONE }).toFormat('ccc, LLL d, h:mm a');
      const confirmed = await mailAbout(patient, a, 'Appointment confirmed');
      expect(confirmed.subject.replace(/\u202f/g, ' ')).toBe(`Appointment confirmed: Dr Ben Auto, ${when}`);
      expect(confirmed.text.replace(/\u202f/g, ' ')).toContain(`on ${when}`);
      expect(when).toMatch(/^\w{3}, \w{3} \d{1,2}, \d{1,2}:\d{2} [AP]M$/);
    } finally {
      await t.http.put('/api/admin/settings').set(admin.auth).send(values).expect(200);
    }
  });

  it('a declined request reaches the patient with the doctor’s note', async () => {
    const patient = await registerPatient(t, { fullName: 'Pat Declined' });
    const a = await book(t, patient, doctor.id, nextSlot());
    await t.http.post(actionPath(a.id, 'decline')).set(doctor.auth).send({ reason: 'Fully booked with surgery that morning' }).expect(200);
    const declined = await mailAbout(patient, a, 'Appointment request declined');
    expectWellFormed(declined, {
      to: patient.email,
      subject: `Appointment request declined: Dr Amara Okafor, ${clinicWhen(a.startsAt, ZONE)}`,
      link: link(a),
      text: ['Fully booked with surgery that morning'],
    });
    expect(declined.attachments).toEqual([]);
  });

  it('reschedules: by the patient (the doctor is told, the time awaits approval), then by the doctor (the patient gets the new .ics)', async () => {
    const patient = await registerPatient(t, { fullName: 'Pat Moves' });
    const a = await book(t, patient, doctor.id, nextSlot());
    await t.http.post(actionPath(a.id, 'approve')).set(doctor.auth).expect(200);
    await mailAbout(patient, a, 'Appointment confirmed');

    const second = nextSlot();
    await t.http.post(actionPath(a.id, 'reschedule')).set(patient.auth).send({ startsAt: second }).expect(200);
    const byPatient = await mailAbout(doctor, a, 'Appointment moved');
    expectWellFormed(byPatient, {
      to: doctor.email,
      subject: `Appointment moved: Pat Moves, ${clinicWhen(second, ZONE)}`,
      link: link(a),
      text: [`moved from ${clinicWhen(a.startsAt, ZONE)} to ${clinicWhen(second, ZONE)}`, 'waits for the doctor to confirm'],
    });
    expect(byPatient.attachments).toEqual([]);

    const third = nextSlot();
    const moved = (await t.http.post(actionPath(a.id, 'reschedule')).set(doctor.auth).send({ startsAt: third }).expect(200)).body as Appointment;
    const byDoctor = await mailAbout(patient, a, 'Appointment moved');
    expectWellFormed(byDoctor, {
      to: patient.email,
      subject: `Appointment moved: Dr Amara Okafor, ${clinicWhen(third, ZONE)}`,
      link: link(a),
      text: [`moved from ${clinicWhen(second, ZONE)} to ${clinicWhen(third, ZONE)}`],
    });
    expectCalendar(byDoctor, moved, 2);
  });

  it('a cancellation by the patient reaches the doctor', async () => {
    const patient = await registerPatient(t, { fullName: 'Pat Cancels' });
    const a = await book(t, patient, autoDoctor.id, nextSlot());
    await t.http.post(actionPath(a.id, 'cancel')).set(patient.auth).send({ reason: 'Feeling better' }).expect(200);
    expectWellFormed(await mailAbout(autoDoctor, a, 'Appointment cancelled'), {
      to: autoDoctor.email,
      subject: `Appointment cancelled: Pat Cancels, ${clinicWhen(a.startsAt, ZONE)}`,
      link: link(a),
      text: ['Feeling better'],
    });
  });

  it('an expired request (the expiry job) reaches the patient and the doctor', async () => {
    const patient = await registerPatient(t, { fullName: 'Pat Lapsed' });
    const a = await book(t, patient, doctor.id, nextSlot());
    t.clock.advance(49 * HOUR);
    await t.app.get(AppointmentExpiryJob).run();
    const subject = `Appointment request expired`;
    const when = clinicWhen(a.startsAt, ZONE);
    expectWellFormed(await mailAbout(patient, a, subject), { to: patient.email, subject: `${subject}: Dr Amara Okafor, ${when}`, link: link(a) });
    expectWellFormed(await mailAbout(doctor, a, subject), { to: doctor.email, subject: `${subject}: Pat Lapsed, ${when}`, link: link(a) });
  });

  it('a completed visit reaches the patient', async () => {
    const patient = await registerPatient(t, { fullName: 'Pat Seen' });
    const startsAt = DateTime.now().setZone(ZONE).minus({ days: 1 }).startOf('hour');
    const id = await insertAppointment(t.databaseUrl, {
      doctorId: doctor.id,
      patientId: patient.id,
      startsAt: startsAt.toISO() ?? '',
      endsAt: startsAt.plus({ minutes: 30 }).toISO() ?? '',
      status: 'confirmed',
    });
    await t.http.post(actionPath(id, 'complete')).set(doctor.auth).expect(200);
    expectWellFormed(await mailAbout(patient, { id }, 'Visit summary ready'), {
      to: patient.email,
      subject: `Visit summary ready: Dr Amara Okafor, ${clinicWhen(startsAt.toJSDate(), ZONE)}`,
      link: `/appointments/${id}`,
    });
  });

  it('a password reset email: the single-use link, and no link to notification settings', async () => {
    const patient = await registerPatient(t, { fullName: 'Pat Forgetful' });
    await t.http.post('/api/auth/password/forgot').send({ email: patient.email }).expect(202);
    const mail = await sink.one(patient.email, 'Reset your Carebook Clinic password');
    const token = /reset-password\?token=([\w-]+)/.exec(mail.text)?.[1] ?? '';
    expect(token.length).toBeGreaterThanOrEqual(40);
    expectWellFormed(mail, { to: patient.email, subject: 'Reset your Carebook Clinic password', link: `/reset-password?token=${token}` });
    expect(mail.text).not.toContain('Notification settings');
    expect(mail.html).not.toContain('Notification settings');
    // Security emails never enter the bell.
    const bell = await t.http.get('/api/notifications').set(patient.auth).expect(200);
    expect(bell.body.items).toEqual([]);
  });

  it('entries, deliveries and queue jobs are written by one statement: each job carries its delivery’s id, and the same notice again adds nothing', async () => {
    expect(t.app.get(DeliveryQueue).jobInsert()).toBeDefined();
    const patient = await registerPatient(t, { fullName: 'Pat Once' });
    const orm = t.app.get(MikroORM);
    const service = t.app.get(NotificationsService);
    const notice = { kind: 'doctor-approved' as const, eventKey: 'test:once', recipientId: patient.id, summary: 'Once', link: '/account' };
    const write = () => RequestContext.create(orm.em, () => orm.em.transactional(() => service.notify([notice])));
    const first = await write();
    expect(first.map((row) => ({ title: row.title, readAt: row.read_at }))).toEqual([{ title: 'Your doctor profile is approved', readAt: null }]);
    const deliveries = await rows<{ id: string }>(m.db, `select id from deliveries where event_key = 'test:once'`);
    expect(deliveries).toHaveLength(1);
    const jobs = await rows<{ id: string; delivery: string }>(m.db, `select id, data->>'deliveryId' as delivery from pgboss.job where name = 'deliveries' and id = $1`, [deliveries[0].id]);
    expect(jobs).toEqual([{ id: deliveries[0].id, delivery: deliveries[0].id }]);
    expect(await write()).toEqual([]);
    expect(await rows(m.db, `select id from deliveries where event_key = 'test:once'`)).toHaveLength(1);
    expect(await rows(m.db, `select id from notifications where event_key = 'test:once'`)).toHaveLength(1);
  });

  describe('a change that rolls back tells nobody', () => {
    const jobCount = async () => Number((await rows<{ n: string }>(m.db, `select count(*) as n from pgboss.job where name = 'deliveries'`))[0].n);

    it('the outbox written inside a transaction that then fails: no notification, no delivery, no queued job', async () => {
      const patient = await registerPatient(t, { fullName: 'Pat Rollback' });
      const orm = t.app.get(MikroORM);
      const service = t.app.get(NotificationsService);
      const before = await jobCount();
      let inside = -1;
      await expect(
        RequestContext.create(orm.em, () =>
          orm.em.transactional(async (em) => {
            const written = await service.notify([
              { kind: 'doctor-approved', eventKey: 'test:rolled-back', recipientId: patient.id, summary: 'Never sent', link: '/account' },
            ]);
            expect(written).toHaveLength(1);
            // The job is there, inside the transaction...
            inside = Number((await em.execute<{ n: string }[]>(`select count(*) as n from pgboss.job where name = 'deliveries'`))[0].n);
            throw new Error('the change failed after its outbox was written');
          }),
        ),
      ).rejects.toThrow('the change failed after its outbox was written');
      expect(inside).toBe(before + 1);
      // ...and gone with it.
      expect(await jobCount()).toBe(before);
      expect(await rows(m.db, `select id from notifications where event_key = 'test:rolled-back'`)).toEqual([]);
      expect(await deliveriesOf(m.db, patient.id)).toEqual([]);
    });

    it('a booking whose transaction fails at commit: no appointment, no notification, no delivery, no job; the same booking then succeeds', async () => {
      const patient = await registerPatient(t, { fullName: 'Pat Commit' });
      const startsAt = nextSlot();
      // A deferred constraint trigger refuses the commit, after every statement of the booking (outbox included) ran.
      await m.db.query(`create function test_refuse_commit() returns trigger language plpgsql as $$
        begin raise exception 'refused at commit by the test'; end $$`);
      await m.db.query(`create constraint trigger test_refuse_commit after insert on deliveries deferrable initially deferred
        for each row when (new.user_id = '${patient.id}') execute function test_refuse_commit()`);
      const before = await jobCount();
      try {
        const refused = await bookRequest(t, patient, { doctorId: autoDoctor.id, startsAt, reason: MEDICAL_REASON });
        expect(refused.status).toBe(500);
      } finally {
        await m.db.query(`drop trigger test_refuse_commit on deliveries; drop function test_refuse_commit()`);
      }
      expect(await jobCount()).toBe(before);
      expect(await rows(m.db, `select id from appointments where patient_id = $1`, [patient.id])).toEqual([]);
      expect(await rows(m.db, `select id from notifications where user_id = any($1::uuid[])`, [[patient.id]])).toEqual([]);
      expect(await deliveriesOf(m.db, patient.id)).toEqual([]);

      const a = await book(t, patient, autoDoctor.id, startsAt);
      await mailAbout(patient, a, 'Appointment confirmed');
      // The earlier attempt left no message for the doctor either: exactly one "New appointment" at this time.
      const when = clinicWhen(startsAt, ZONE);
      await mailAbout(autoDoctor, a, 'New appointment');
      expect(sink.to(autoDoctor.email).filter((mail) => mail.subject === `New appointment: Pat Commit, ${when}`)).toHaveLength(1);
    });
  });

  describe('preferences', () => {
    it('email for appointments off: no email, but the bell entry; the doctor is still emailed; a reset email still comes', async () => {
      const patient = await registerPatient(t, { fullName: 'Pat Quiet' });
      const off = { email: { appointments: false, reminders: false, messages: false }, sms: { appointments: false, reminders: false } };
      await t.http.put('/api/notifications/preferences').set(patient.auth).send(off).expect(200);
      const a = await book(t, patient, autoDoctor.id, nextSlot());
      await mailAbout(autoDoctor, a, 'New appointment');
      const bell = await t.http.get('/api/notifications').set(patient.auth).expect(200);
      expect(bell.body.items.map((n: { type: string; link: string }) => [n.type, n.link])).toEqual([['appointment-confirmed', link(a)]]);
      expect(await deliveriesOf(m.db, patient.id)).toEqual([]);

      await t.http.post('/api/auth/password/forgot').send({ email: patient.email }).expect(202);
      await sink.one(patient.email, 'Reset your Carebook Clinic password');
      expect(sink.to(patient.email).map((mail) => mail.subject)).toEqual(['Reset your Carebook Clinic password']);
    });

    it('SMS go only to valid international numbers (in E.164), and only when wanted', async () => {
      const phones = { formatted: '+44 20 7946 0018', national: '020 7946 0018', invalid: '+44 1234 5' };
      const people: Record<string, Session> = {};
      for (const [name, phone] of Object.entries(phones)) {
        people[name] = await registerPatient(t, { fullName: `Pat Phone ${name}` });
        await t.http.patch('/api/auth/me').set(people[name].auth).send({ phone }).expect(200);
      }
      people['unwanted'] = await registerPatient(t, { fullName: 'Pat No Texts' });
      await t.http.patch('/api/auth/me').set(people['unwanted'].auth).send({ phone: phones.formatted }).expect(200);
      const preferences = { email: { appointments: true, reminders: true, messages: true }, sms: { appointments: false, reminders: true } };
      await t.http.put('/api/notifications/preferences').set(people['unwanted'].auth).send(preferences).expect(200);

      const booked: Record<string, Appointment> = {};
      for (const [name, person] of Object.entries(people)) {
        booked[name] = await book(t, person, autoDoctor.id, nextSlot());
        await mailAbout(person, booked[name], 'Appointment confirmed');
      }
      const sms = async (person: Session) => (await deliveriesOf(m.db, person.id)).filter((d) => d.channel === 'sms');
      const [texted] = await sms(people['formatted']);
      expect(texted).toMatchObject({ recipient: '+442079460018', kind: 'appointment-confirmed', status: 'sent' });
      const detail = await t.http.get(`/api/admin/deliveries/${texted.id}`).set(admin.auth).expect(200);
      expect(detail.body.text).toBe(
        `Carebook Clinic: Appointment confirmed: Dr Ben Auto, ${clinicWhen(booked['formatted'].startsAt, ZONE)} ${PUBLIC_URL}${link(booked['formatted'])}`,
      );
      expect({ national: await sms(people['national']), invalid: await sms(people['invalid']), unwanted: await sms(people['unwanted']) }).toEqual({
        national: [],
        invalid: [],
        unwanted: [],
      });
    });
  });
});

describe('every email template renders from the build (dist/apps/api/assets/mail)', () => {
  const root = workspaceRoot();
  const dist = join(root, 'dist/apps/api/assets/mail');
  const source = join(root, 'apps/api/src/assets/mail');

  it('the build holds every template of the source, unchanged', () => {
    const expected = readdirSync(source).filter((name) => name.endsWith('.hbs')).sort();
    expect(expected).toEqual(expect.arrayContaining(NOTIFICATION_KINDS.flatMap((kind) => [`${kind}.html.hbs`, `${kind}.text.hbs`])));
    expect(existsSync(dist) ? readdirSync(dist).filter((name) => name.endsWith('.hbs')).sort() : []).toEqual(expected);
    for (const name of expected) expect({ name, same: readFileSync(join(dist, name), 'utf8') === readFileSync(join(source, name), 'utf8') }).toEqual({ name, same: true });
  });

  it.each(NOTIFICATION_KINDS)('%s', (kind) => {
    const templates = new MailTemplates(dist);
    const actionUrl = `${PUBLIC_URL}/somewhere?token=abc`;
    const context = {
      clinicName: 'Carebook Clinic',
      publicUrl: PUBLIC_URL,
      recipientName: 'Ada Lovelace',
      actionUrl,
      actionLabel: 'Open it',
      doctorName: 'Dr Amara Okafor',
      patientName: 'Pat Patient',
      otherName: 'Dr Amara Okafor',
      when: 'Mon 7 Dec 09:00',
      previousWhen: 'Fri 4 Dec 10:00',
      location: 'Room 4',
      statusReason: 'A note',
    };
    const mail = templates.render(kind, context);
    expect(mail.subject).toMatch(/^\S.{5,}$/);
    // What the outbox writes as the subject (the bell's title, the delivery log) is the rendered message's.
    expect(templates.subject(kind, context)).toBe(mail.subject);
    for (const part of [mail.subject, mail.text, mail.html]) expect(part).not.toMatch(/\{\{|\}\}|undefined|\[object/);
    expect(mail.text).toContain('Hello Ada Lovelace');
    expect(mail.text).toContain(`Open it: ${actionUrl}`);
    expect(mail.html).toContain(`<title>${mail.subject}</title>`);
    expect(mail.html).toContain('Hello Ada Lovelace');
    expect(mail.html).toContain('href="https://portal.carebook.test/somewhere?token&#x3D;abc"');
  });
});
