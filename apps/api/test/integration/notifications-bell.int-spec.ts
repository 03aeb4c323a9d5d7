import { jest } from '@jest/globals';
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import { io, type Socket } from 'socket.io-client';
import type { NotificationItem, NotificationNew } from '@carebook/shared';
import { NotificationsService } from '../../src/modules/notifications/notifications.service';
import type { NotificationRow } from '../../src/modules/notifications/notifications.repository';
import type { Notice } from '../../src/modules/notifications/outbox';
import { STRONG_PASSWORD, type TestApp } from '../support/test-app';
import { registerPatient, signIn, signInAdmin, type Session } from '../support/accounts';
import { eventually, type SmtpSink } from '../support/smtp-sink';
import { actionPath, book } from './appointment-fixtures';
import { mondayAhead } from './scheduling-fixtures';
import { createMailClinic, deliveriesOf, rows, slotSequence, type MailClinic } from './notification-fixtures';

/**
 * The bell (GET /api/notifications, read, read-all, preferences), `notification:new` over a real Socket.IO
 * client, and the refusals: strangers, other people's notifications, the admin's delivery log, and the
 * password reset (no enumeration, single-use and expiring links, every session ended).
 */
const ZONE = 'Europe/London';
const NEW_PASSWORD = 'Harbour-Violet-Quantum-58';
jest.setTimeout(120_000);

interface Page {
  items: NotificationItem[];
  total: number;
  unreadCount: number;
}

describe('the bell, live notifications and password resets (HTTP and Socket.IO, real PostgreSQL)', () => {
  let m: MailClinic;
  let t: TestApp;
  let sink: SmtpSink;
  let admin: Session;
  let doctor: Session;
  let autoDoctor: Session;
  let sockets: Socket[] = [];
  const nextSlot = slotSequence(mondayAhead(ZONE));

  beforeAll(async () => {
    m = await createMailClinic(ZONE);
    ({ t, sink, doctor, autoDoctor } = m);
    admin = await signInAdmin(t);
  });
  afterEach(() => {
    t.clock.reset();
    for (const socket of sockets) socket.disconnect();
    sockets = [];
  });
  afterAll(async () => {
    await m?.close();
  });

  const bell = async (who: Session, query: Record<string, string> = {}): Promise<Page> =>
    (await t.http.get('/api/notifications').set(who.auth).query(query).expect(200)).body as Page;
  const unreadInDb = async (who: Session) =>
    Number((await rows<{ n: string }>(m.db, `select count(*) as n from notifications where user_id = $1 and read_at is null`, [who.id]))[0].n);

  async function connect(who: Session): Promise<Socket> {
    const socket = io(t.url, { path: '/socket.io', transports: ['websocket'], auth: { token: who.accessToken }, reconnection: false, forceNew: true });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return socket;
  }

  function next(socket: Socket, event: string, timeoutMs = 10_000): Promise<NotificationNew> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
      socket.once(event, (payload: NotificationNew) => {
        clearTimeout(timer);
        resolve(payload);
      });
    });
  }

  /** Why the server closed this socket ('io server disconnect' when it ended the connection); fails after timeoutMs. */
  function disconnection(socket: Socket, timeoutMs = 10_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs);
      socket.once('disconnect', (reason: string) => {
        clearTimeout(timer);
        resolve(reason);
      });
    });
  }

  describe('the bell', () => {
    let patient: Session;
    let links: string[];

    beforeAll(async () => {
      patient = await registerPatient(t, { fullName: 'Pat Bell' });
      links = [];
      for (let i = 0; i < 3; i++) links.push(`/appointments/${(await book(t, patient, autoDoctor.id, nextSlot())).id}`);
    });

    it('lists newest first, with the total and the unread count the database has', async () => {
      const page = await bell(patient);
      expect(page.items.map((n) => [n.type, n.link, n.readAt])).toEqual([...links].reverse().map((link) => ['appointment-confirmed', link, null]));
      const times = page.items.map((n) => Date.parse(n.createdAt));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      expect({ total: page.total, unreadCount: page.unreadCount }).toEqual({ total: 3, unreadCount: await unreadInDb(patient) });
      expect(page.unreadCount).toBe(3);
      expect(page.items[0].title).toMatch(/^Appointment confirmed: Dr /);
    });

    it('marks one read (once: the first read time stays), and the unread filter leaves it out', async () => {
      const [, middle] = (await bell(patient)).items;
      const first = await t.http.post(`/api/notifications/${middle.id}/read`).set(patient.auth).expect(200);
      expect(first.body).toEqual({ unreadCount: 2 });
      const readAt = (await bell(patient)).items[1].readAt;
      expect(readAt).not.toBeNull();
      await t.http.post(`/api/notifications/${middle.id}/read`).set(patient.auth).expect(200, { unreadCount: 2 });
      expect((await bell(patient)).items[1].readAt).toBe(readAt);
      const unread = await bell(patient, { unread: 'true' });
      expect(unread.items.map((n) => n.link)).toEqual([links[2], links[0]]);
      expect({ total: unread.total, unreadCount: unread.unreadCount }).toEqual({ total: 2, unreadCount: await unreadInDb(patient) });
    });

    it('read-all with upTo marks what was created up to that instant (the newest seen included) and nothing newer', async () => {
      const seen = (await bell(patient)).items;
      // Something new arrives after the page was read.
      const later = `/appointments/${(await book(t, patient, autoDoctor.id, nextSlot())).id}`;
      const res = await t.http.post('/api/notifications/read-all').set(patient.auth).send({ upTo: seen[0].createdAt }).expect(200);
      expect(res.body).toEqual({ unreadCount: 1 });
      const after = await bell(patient);
      expect(after.items.filter((n) => n.readAt === null).map((n) => n.link)).toEqual([later]);
      expect(after.unreadCount).toBe(await unreadInDb(patient));
      await t.http.post('/api/notifications/read-all').set(patient.auth).send({}).expect(200, { unreadCount: 0 });
      expect(await unreadInDb(patient)).toBe(0);
    });

    it('preferences: everything on by default; saved and read back', async () => {
      const fresh = await registerPatient(t);
      const defaults = await t.http.get('/api/notifications/preferences').set(fresh.auth).expect(200);
      expect(defaults.body).toEqual({ email: { appointments: true, reminders: true, messages: true }, sms: { appointments: true, reminders: true }, smsNumber: null });
      const chosen = { email: { appointments: false, reminders: true, messages: false }, sms: { appointments: true, reminders: false } };
      await t.http.put('/api/notifications/preferences').set(fresh.auth).send(chosen).expect(200, { ...chosen, smsNumber: null });
      await t.http.get('/api/notifications/preferences').set(fresh.auth).expect(200, { ...chosen, smsNumber: null });
      const partial = await t.http.put('/api/notifications/preferences').set(fresh.auth).send({ email: { appointments: true } }).expect(400);
      expect(partial.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['email.reminders', 'sms']));
      const noSms = await t.http.put('/api/notifications/preferences').set(fresh.auth).send({ email: chosen.email }).expect(400);
      expect(noSms.body.details).toEqual([{ field: 'sms', message: expect.any(String) }]);
      await t.http.get('/api/notifications/preferences').set(fresh.auth).expect(200, { ...chosen, smsNumber: null });
    });

    it('preferences say where text messages go: an international number in E.164, none without a country code', async () => {
      const fresh = await registerPatient(t);
      const smsNumber = async () => (await t.http.get('/api/notifications/preferences').set(fresh.auth).expect(200)).body.smsNumber;
      await t.http.patch('/api/auth/me').set(fresh.auth).send({ phone: '+44 (20) 7946 0018' }).expect(200);
      expect(await smsNumber()).toBe('+442079460018');
      // A national number is kept as typed, but no provider can dial it: the page must not promise texts.
      await t.http.patch('/api/auth/me').set(fresh.auth).send({ phone: '020 7946 0018' }).expect(200);
      expect(await smsNumber()).toBeNull();
      await t.http.patch('/api/auth/me').set(fresh.auth).send({ phone: '+44 20 1234' }).expect(200);
      expect(await smsNumber()).toBeNull();
    });
  });

  it('notification:new reaches the doctor’s socket on a request and the patient’s on the approval, with the unread count', async () => {
    const patient = await registerPatient(t, { fullName: 'Pat Live' });
    const [doctorSocket, patientSocket] = await Promise.all([connect(doctor), connect(patient)]);
    const requested = next(doctorSocket, 'notification:new');
    const a = await book(t, patient, doctor.id, nextSlot());
    const toDoctor = await requested;
    expect(toDoctor.notification).toMatchObject({ type: 'appointment-requested', link: `/appointments/${a.id}`, readAt: null });
    expect(toDoctor.unreadCount).toBe(await unreadInDb(doctor));

    const confirmed = next(patientSocket, 'notification:new');
    await t.http.post(actionPath(a.id, 'approve')).set(doctor.auth).expect(200);
    const toPatient = await confirmed;
    expect(toPatient).toEqual({
      notification: {
        id: expect.any(String),
        type: 'appointment-confirmed',
        title: expect.stringMatching(/^Appointment confirmed: Dr Amara Okafor, /),
        body: expect.stringMatching(/^Dr Amara Okafor confirmed /),
        link: `/appointments/${a.id}`,
        createdAt: expect.any(String),
        readAt: null,
      },
      unreadCount: 1,
    });
    expect((await bell(patient)).items[0]).toEqual(toPatient.notification);
  });

  it('answering a request takes it out of the doctor’s unread count; the doctor’s other entries and the patient’s stay unread', async () => {
    const patient = await registerPatient(t, { fullName: 'Pat Answered' });
    const answered = await book(t, patient, doctor.id, nextSlot());
    const waiting = await book(t, patient, doctor.id, nextSlot());
    const before = await bell(doctor);
    const entryFor = (page: Page, id: string) => page.items.find((item) => item.link === `/appointments/${id}`);
    expect(entryFor(before, answered.id)).toMatchObject({ type: 'appointment-requested', readAt: null });

    await t.http.post(actionPath(answered.id, 'approve')).set(doctor.auth).expect(200);
    const after = await bell(doctor);
    expect(after.unreadCount).toBe(before.unreadCount - 1);
    expect(after.unreadCount).toBe(await unreadInDb(doctor));
    expect(entryFor(after, answered.id)?.readAt).toEqual(expect.any(String));
    expect(entryFor(after, waiting.id)).toMatchObject({ type: 'appointment-requested', readAt: null });
    // The patient is told of the approval, unread.
    expect(entryFor(await bell(patient), answered.id)).toMatchObject({ type: 'appointment-confirmed', readAt: null });

    // Declining the other clears it too, and only it.
    await t.http.post(actionPath(waiting.id, 'decline')).set(doctor.auth).send({ reason: 'Away that day' }).expect(200);
    expect((await bell(doctor)).unreadCount).toBe(before.unreadCount - 2);
  });

  describe('the live unread count is the database’s after the commit', () => {
    const notice = (who: Session, key: string): Notice => ({
      kind: 'doctor-approved',
      eventKey: `test:${key}:${who.id}`,
      recipientId: who.id,
      summary: key,
      link: '/account',
    });
    /** Writes the notices in a transaction of its own; `meanwhile` runs after the write, before the commit. */
    const commit = (notices: Notice[], meanwhile: () => Promise<void> = () => Promise.resolve()): Promise<NotificationRow[]> => {
      const orm = t.app.get(MikroORM);
      return RequestContext.create(orm.em, () =>
        orm.em.transactional(async () => {
          const written = await t.app.get(NotificationsService).notify(notices);
          await meanwhile();
          return written;
        }),
      );
    };
    /** Every `notification:new` the socket receives, in order. */
    function collect(socket: Socket): NotificationNew[] {
      const seen: NotificationNew[] = [];
      socket.on('notification:new', (payload: NotificationNew) => seen.push(payload));
      return seen;
    }

    it('two transactions notify one person at once: both announcements end at the count both commits made', async () => {
      const patient = await registerPatient(t, { fullName: 'Pat Twice' });
      const seen = collect(await connect(patient));
      // Each writes its entry, then waits for the other's write before committing: neither sees the other's row.
      let firstWritten: () => void = () => undefined;
      let secondWritten: () => void = () => undefined;
      const first = new Promise<void>((resolve) => (firstWritten = resolve));
      const second = new Promise<void>((resolve) => (secondWritten = resolve));
      const [a, b] = await Promise.all([
        commit([notice(patient, 'first')], async () => {
          firstWritten();
          await second;
        }),
        commit([notice(patient, 'second')], async () => {
          secondWritten();
          await first;
        }),
      ]);
      expect([a.length, b.length]).toEqual([1, 1]);
      const service = t.app.get(NotificationsService);
      await Promise.all([service.announce(a), service.announce(b)]);
      await eventually('both announcements received', () => Promise.resolve(seen.length === 2));
      expect(await unreadInDb(patient)).toBe(2);
      expect(seen.map((event) => event.notification.body).sort()).toEqual(['first', 'second']);
      expect(seen.map((event) => event.unreadCount)).toEqual([2, 2]);
      expect((await bell(patient)).unreadCount).toBe(2);
    });

    it('an entry read between its commit and its announcement: the count pushed leaves it out', async () => {
      const patient = await registerPatient(t, { fullName: 'Pat Quick' });
      const seen = collect(await connect(patient));
      await commit([notice(patient, 'earlier')]);
      const [fresh] = await commit([notice(patient, 'read at once')]);
      // Another of the person's pages reads it before this instance announces it.
      await t.http.post(`/api/notifications/${fresh.id}/read`).set(patient.auth).expect(200, { unreadCount: 1 });
      await t.app.get(NotificationsService).announce([fresh]);
      await eventually('the announcement received', () => Promise.resolve(seen.length === 1));
      expect(seen[0]).toMatchObject({ notification: { id: fresh.id }, unreadCount: 1 });
      expect(await unreadInDb(patient)).toBe(1);
    });
  });

  describe('refusals', () => {
    it('strangers get 401 on every notification route', async () => {
      const id = '00000000-0000-4000-8000-000000000000';
      const answers = await Promise.all([
        t.http.get('/api/notifications'),
        t.http.post(`/api/notifications/${id}/read`),
        t.http.post('/api/notifications/read-all').send({}),
        t.http.get('/api/notifications/preferences'),
        t.http.put('/api/notifications/preferences').send({}),
      ]);
      expect(answers.map((res) => res.status)).toEqual([401, 401, 401, 401, 401]);
    });

    it('nobody reads or marks another person’s notification (404), and it stays unread', async () => {
      const [owner, other] = await Promise.all([registerPatient(t), registerPatient(t)]);
      await book(t, owner, autoDoctor.id, nextSlot());
      const [mine] = (await bell(owner)).items;
      for (const who of [other, doctor, autoDoctor, admin]) {
        await t.http.post(`/api/notifications/${mine.id}/read`).set(who.auth).expect(404);
      }
      await t.http.post('/api/notifications/not-a-uuid/read').set(owner.auth).expect(404);
      expect((await bell(other)).items).toEqual([]);
      expect((await bell(owner)).items[0].readAt).toBeNull();
    });

    it('the delivery log is for admins only', async () => {
      const page = await t.http.get('/api/admin/deliveries').set(admin.auth).expect(200);
      expect(page.body).toMatchObject({ mailboxEmail: false, mailboxSms: true });
      const id = (page.body as { items: { id: string }[] }).items[0].id;
      for (const who of [doctor, await registerPatient(t)]) {
        await t.http.get('/api/admin/deliveries').set(who.auth).expect(403);
        await t.http.get(`/api/admin/deliveries/${id}`).set(who.auth).expect(403);
      }
      await t.http.get('/api/admin/deliveries').expect(401);
      await t.http.get(`/api/admin/deliveries/${id}`).set(admin.auth).expect(200);
    });

    it('the SMS status callback refuses a request without a valid signature', async () => {
      await t.http.post('/api/notifications/sms-status').type('form').send({ MessageSid: 'SM123', MessageStatus: 'delivered' }).expect(403);
    });
  });

  describe('password reset', () => {
    const forgot = (email: string) => t.http.post('/api/auth/password/forgot').send({ email }).expect(202);
    async function tokenFor(who: Session): Promise<string> {
      const before = sink.to(who.email).length;
      await forgot(who.email);
      const mail = await sink.waitFor(`reset email ${before + 1} to ${who.email}`, () => sink.to(who.email)[before]);
      return /reset-password\?token=([\w-]+)/.exec(mail.text)?.[1] ?? '';
    }
    const reset = (token: string, password = NEW_PASSWORD) => t.http.post('/api/auth/password/reset').send({ token, password });
    const expectTokenRefused = async (token: string) => {
      const res = await reset(token);
      expect({ status: res.status, fields: (res.body.details as { field: string }[] | undefined)?.map((d) => d.field) }).toEqual({ status: 400, fields: ['token'] });
    };

    it('an unknown address gets the same 202 and nothing is sent', async () => {
      const email = 'nobody.here@example.test';
      const tokens = () => rows(m.db, `select count(*)::int as n from password_tokens`);
      const before = await tokens();
      await forgot(email);
      expect(await rows(m.db, `select id from deliveries where recipient = $1`, [email])).toEqual([]);
      expect(await tokens()).toEqual(before);
      await t.http.post('/api/auth/password/forgot').send({ email: 'not an email' }).expect(400);
    });

    it('a bad, a used and an expired token: 400 naming token', async () => {
      await expectTokenRefused('not-a-token-anyone-was-sent');
      const [used, late] = await Promise.all([registerPatient(t), registerPatient(t)]);
      const token = await tokenFor(used);
      await reset(token).expect(204);
      await expectTokenRefused(token);
      const expiring = await tokenFor(late);
      t.clock.advance(61 * 60_000);
      await expectTokenRefused(expiring);
      await signIn(t, late.email);
    });

    it('a reset ends every session: old refresh and access tokens stop working, the new password signs in', async () => {
      const patient = await registerPatient(t, { fullName: 'Pat Reset' });
      const other = await signIn(t, patient.email);
      const token = await tokenFor(patient);
      // An earlier link dies with the reset too.
      const older = await tokenFor(patient);
      await reset(token).expect(204);
      for (const session of [patient, other]) {
        await t.http.get('/api/auth/me').set(session.auth).expect(401);
        await t.http.post('/api/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
      }
      await expectTokenRefused(older);
      await t.http.post('/api/auth/login').send({ email: patient.email, password: STRONG_PASSWORD }).expect(401);
      await signIn(t, patient.email, NEW_PASSWORD);
      // The reset emails were security emails: in the delivery log, never in the bell.
      expect((await deliveriesOf(m.db, patient.id)).map((d) => d.kind)).toEqual(['password-reset', 'password-reset']);
    });

    it('a reset also closes the account’s open sockets, so an old session hears nothing more; others stay connected', async () => {
      const patient = await registerPatient(t, { fullName: 'Pat Sockets' });
      const other = await signIn(t, patient.email);
      const bystander = await registerPatient(t, { fullName: 'Bea Stander' });
      const [first, second, bystanderSocket] = [await connect(patient), await connect(other), await connect(bystander)];
      const token = await tokenFor(patient);
      const closed = Promise.all([disconnection(first), disconnection(second)]);
      await reset(token).expect(204);
      expect(await closed).toEqual(['io server disconnect', 'io server disconnect']);
      expect(bystanderSocket.connected).toBe(true);
      // the old access token cannot open another, the new password's session can
      await expect(connect(patient)).rejects.toThrow('unauthorized');
      expect((await connect(await signIn(t, patient.email, NEW_PASSWORD))).connected).toBe(true);
    });
  });
});
