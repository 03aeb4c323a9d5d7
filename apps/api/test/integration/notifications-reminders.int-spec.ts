import { jest } from '@jest/globals';
import type { DateTime } from 'luxon';
import { ReminderJob } from '../../src/modules/notifications/reminder.job';
import { createTestApp, type TestApp } from '../support/test-app';
import { registerPatient, signInAdmin, type Session } from '../support/accounts';
import type { SmtpSink } from '../support/smtp-sink';
import { actionPath, book, type Appointment } from './appointment-fixtures';
import { mondayAhead, utc } from './scheduling-fixtures';
import { clinicWhen, createMailClinic, expectWellFormed, MAIL_FROM, PUBLIC_URL, rows, type MailClinic } from './notification-fixtures';

/**
 * Reminders at the clinic's offsets (24 h and 1 h before), with the test clock frozen at the instants that
 * matter and the reminder job run by hand: they follow the appointment through approval, reschedule and
 * cancellation, are sent once each however often the job runs and on however many instances, and one already
 * past when the appointment is confirmed is skipped.
 */
const ZONE = 'Europe/London';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
jest.setTimeout(120_000);

describe('appointment reminders (test clock, real SMTP server)', () => {
  let m: MailClinic;
  let t: TestApp;
  let sink: SmtpSink;
  let doctor: Session;
  let autoDoctor: Session;
  let slot = 0;
  const monday = mondayAhead(ZONE);

  beforeAll(async () => {
    m = await createMailClinic(ZONE);
    ({ t, sink, doctor, autoDoctor } = m);
  });
  afterEach(() => t.clock.reset());
  afterAll(async () => {
    await m?.close();
  });

  /** A weekday of its own, so one test's due reminders are not another's. */
  function nextDay(): DateTime {
    const day = monday.plus({ days: slot % 5, weeks: Math.floor(slot / 5) });
    slot += 1;
    return day;
  }
  const nextSlot = () => utc(nextDay(), '10:00');

  const remindersOf = (a: { id: string }) =>
    rows<{ offset_minutes: number; due_at: Date }>(m.db, `select offset_minutes, due_at from appointment_reminders where appointment_id = $1 order by due_at`, [
      a.id,
    ]).then((found) => found.map((r) => [r.offset_minutes, r.due_at.toISOString()]));
  const sentFor = (a: { id: string }) =>
    rows<{ event_key: string }>(m.db, `select event_key from deliveries where kind = 'appointment-reminder' and event_key like $1 order by created_at`, [
      `reminder:${a.id}:%`,
    ]).then((found) => found.map((r) => r.event_key.split(':')[2]));
  const at = (instant: string, offsetMs: number) => new Date(new Date(instant).getTime() + offsetMs);
  const run = () => t.app.get(ReminderJob).run();
  const mailsAbout = (a: { id: string }) => sink.mails.filter((mail) => mail.subject.startsWith('Reminder:') && mail.text.includes(`/appointments/${a.id}`));

  it('an automatically confirmed booking: one reminder 24 h before and one 1 h before, each once though the job runs twice at once', async () => {
    const patient = await registerPatient(t, { fullName: 'Pat Remind' });
    const a = await book(t, patient, autoDoctor.id, nextSlot());
    expect(await remindersOf(a)).toEqual([
      [1440, at(a.startsAt, -24 * HOUR).toISOString()],
      [60, at(a.startsAt, -HOUR).toISOString()],
    ]);

    t.clock.freeze(at(a.startsAt, -24 * HOUR - MINUTE));
    await run();
    expect(await sentFor(a)).toEqual([]);

    t.clock.freeze(at(a.startsAt, -24 * HOUR + 1000));
    await Promise.all([run(), run()]);
    await run();
    expect(await sentFor(a)).toEqual(['1440']);
    const mail = await sink.waitFor('the 24 h reminder', () => mailsAbout(a)[0]);
    expectWellFormed(mail, {
      to: patient.email,
      subject: `Reminder: Dr Ben Auto, ${clinicWhen(a.startsAt, ZONE)}`,
      link: `/appointments/${a.id}`,
    });

    t.clock.freeze(at(a.startsAt, -HOUR + 1000));
    await Promise.all([run(), run()]);
    expect(await sentFor(a)).toEqual(['1440', '60']);
    await sink.waitFor('both reminders', () => mailsAbout(a).length === 2);
    expect(await remindersOf(a)).toEqual([]);
    // The bell has them too.
    const bell = await t.http.get('/api/notifications').set(patient.auth).expect(200);
    expect(bell.body.items.filter((n: { type: string }) => n.type === 'appointment-reminder')).toHaveLength(2);
  });

  it('approval schedules them; a reschedule moves them (none at the old time, the new time in the message); a patient’s move unschedules them until approved', async () => {
    const patient = await registerPatient(t, { fullName: 'Pat Moved' });
    const first = nextSlot();
    const a = await book(t, patient, doctor.id, first);
    expect(await remindersOf(a)).toEqual([]);
    await t.http.post(actionPath(a.id, 'approve')).set(doctor.auth).expect(200);
    expect((await remindersOf(a)).map(([offset]) => offset)).toEqual([1440, 60]);

    const second = nextSlot();
    await t.http.post(actionPath(a.id, 'reschedule')).set(patient.auth).send({ startsAt: second }).expect(200);
    expect(await remindersOf(a)).toEqual([]);
    const third = nextSlot();
    const moved = (await t.http.post(actionPath(a.id, 'reschedule')).set(doctor.auth).send({ startsAt: third }).expect(200)).body as Appointment;
    expect(moved.status).toBe('confirmed');
    expect(await remindersOf(a)).toEqual([
      [1440, at(third, -24 * HOUR).toISOString()],
      [60, at(third, -HOUR).toISOString()],
    ]);

    // The first time's reminder moment passes: nothing.
    t.clock.freeze(at(first, -HOUR + 1000));
    await run();
    expect(await sentFor(a)).toEqual([]);
    t.clock.freeze(at(third, -24 * HOUR + 1000));
    await run();
    expect(await sentFor(a)).toEqual(['1440']);
    const mail = await sink.waitFor('the reminder at the new time', () => mailsAbout(a)[0]);
    expect(mail.subject).toBe(`Reminder: Dr Amara Okafor, ${clinicWhen(third, ZONE)}`);
  });

  it('a cancelled appointment is not reminded of', async () => {
    const patient = await registerPatient(t, { fullName: 'Pat Cancelled' });
    const a = await book(t, patient, autoDoctor.id, nextSlot());
    await t.http.post(actionPath(a.id, 'cancel')).set(patient.auth).send({ reason: 'Away' }).expect(200);
    expect(await remindersOf(a)).toEqual([]);
    t.clock.freeze(at(a.startsAt, -HOUR + 1000));
    await run();
    expect(await sentFor(a)).toEqual([]);
  });

  it('a reminder whose time had passed when the appointment was confirmed is skipped; the later one still comes', async () => {
    const patient = await registerPatient(t, { fullName: 'Pat Late' });
    const startsAt = nextSlot();
    // Requested and approved 12 hours before: the 24 h reminder is already behind.
    t.clock.freeze(at(startsAt, -12 * HOUR));
    const a = await book(t, patient, doctor.id, startsAt);
    await t.http.post(actionPath(a.id, 'approve')).set(doctor.auth).expect(200);
    expect((await remindersOf(a)).map(([offset]) => offset)).toEqual([60]);
    await run();
    expect(await sentFor(a)).toEqual([]);
    t.clock.freeze(at(startsAt, -HOUR + 1000));
    await run();
    expect(await sentFor(a)).toEqual(['60']);
  });

  it('two instances running the job at the same moment send each reminder once', async () => {
    // The same secret: passport keeps one 'jwt' strategy per process, so the last app started verifies for both.
    const other = await createTestApp(
      { CLINIC_TIMEZONE: ZONE, PUBLIC_URL, MAIL_FROM, SMTP_URL: sink.url, JWT_SECRET: t.config.jwtSecret },
      { databaseUrl: t.databaseUrl, delivery: { work: false } },
    );
    try {
      const patients = await Promise.all([1, 2, 3].map((n) => registerPatient(t, { fullName: `Pat Twice ${n}` })));
      const day = nextDay();
      const booked = await Promise.all(
        patients.map((p, i) => book(t, p, [autoDoctor, doctor, autoDoctor][i].id, utc(day, ['09:00', '10:00', '11:00'][i]))),
      );
      await t.http.post(actionPath(booked[1].id, 'approve')).set(doctor.auth).expect(200);
      // Past the three 24 h reminders, before any 1 h one.
      const moment = new Date(utc(day, '11:00')).getTime() - 24 * HOUR + 1000;
      t.clock.freeze(moment);
      other.clock.freeze(moment);
      const jobs = [t, other, t, other].map((app) => app.app.get(ReminderJob).run());
      await Promise.all(jobs);
      for (const a of booked) expect({ id: a.id, sent: await sentFor(a) }).toEqual({ id: a.id, sent: ['1440'] });
      await sink.waitFor('three reminders', () => booked.every((a) => mailsAbout(a).length === 1));
      expect(booked.map((a) => mailsAbout(a).length)).toEqual([1, 1, 1]);
    } finally {
      await other.close();
    }
  });

  it('new reminder times in the clinic settings apply to confirmed appointments still to come, not only to later ones', async () => {
    const patient = await registerPatient(t, { fullName: 'Pat Settings' });
    const a = await book(t, patient, autoDoctor.id, nextSlot());
    expect((await remindersOf(a)).map(([offset]) => offset)).toEqual([1440, 60]);
    const admin = await signInAdmin(t);
    const settings = (await t.http.get('/api/admin/settings').set(admin.auth).expect(200)).body as Record<string, unknown>;
    const { updatedAt: _at, updatedBy: _by, ...input } = settings;
    try {
      await t.http.put('/api/admin/settings').set(admin.auth).send({ ...input, reminderOffsetsMinutes: [2880, 120] }).expect(200);
      expect(await remindersOf(a)).toEqual([
        [2880, at(a.startsAt, -48 * HOUR).toISOString()],
        [120, at(a.startsAt, -2 * HOUR).toISOString()],
      ]);
    } finally {
      await t.http.put('/api/admin/settings').set(admin.auth).send(input).expect(200);
    }
    expect((await remindersOf(a)).map(([offset]) => offset)).toEqual([1440, 60]);
  });
});
