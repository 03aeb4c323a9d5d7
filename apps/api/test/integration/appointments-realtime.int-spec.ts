import { jest } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { DateTime } from 'luxon';
import { io, type Socket } from 'socket.io-client';
import { AppointmentExpiryJob } from '../../src/modules/appointments/appointment-expiry.job';
import { createTestApp, type TestApp } from '../support/test-app';
import { registerPatient, signInAdmin, type Session } from '../support/accounts';
import { mondayAhead, utc } from './scheduling-fixtures';
import { actionPath, book, bookableDoctor } from './appointment-fixtures';

const ZONE = 'Europe/London';
/** How long a socket waits for an event it expects. */
const WAIT_MS = 5000;

jest.setTimeout(120_000);

interface AppointmentUpdated {
  id: string;
  event: string;
  status: string;
  doctorId: string;
  patientId: string;
  startsAt: string;
  endsAt: string;
}

describe('live appointment updates over Socket.IO (real port, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: Session;
  let monday: DateTime;
  let sockets: Socket[] = [];
  let slot = 0;
  beforeAll(async () => {
    t = await createTestApp({ CLINIC_TIMEZONE: ZONE });
    admin = await signInAdmin(t);
    monday = mondayAhead(ZONE);
  });
  afterEach(() => {
    for (const socket of sockets) socket.disconnect();
    sockets = [];
  });
  afterAll(async () => {
    await t.close();
  });

  /** A fresh slot of the weekday mornings, so every test books its own time. */
  function nextSlot(): string {
    const day = monday.plus({ days: Math.floor(slot / 6) % 5, weeks: Math.floor(slot / 30) });
    const startsAt = utc(day, ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'][slot % 6]);
    slot += 1;
    return startsAt;
  }

  /** A socket as a browser opens it; without a token it is anonymous. */
  function open(token?: unknown): Socket {
    const socket = io(t.url, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: token === undefined ? {} : { token },
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    return socket;
  }

  function connect(token?: unknown): Promise<Socket> {
    const socket = open(token);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  function refusal(token: unknown): Promise<Error> {
    const socket = open(token);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => reject(new Error('the socket was let in')));
      socket.once('connect_error', resolve);
    });
  }

  /** The next `event` this socket receives. */
  function next<T>(socket: Socket, event: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} within ${WAIT_MS} ms`)), WAIT_MS);
      socket.once(event, (payload: T) => {
        clearTimeout(timer);
        resolve(payload);
      });
    });
  }

  describe('the handshake', () => {
    it('refuses bad, forged and expired tokens, and the tokens of suspended accounts', async () => {
      const patient = await registerPatient(t);
      const jwt = t.app.get(JwtService);
      const forged = await jwt.signAsync({ sub: patient.id }, { secret: 'not-the-clinic-secret', algorithm: 'HS256' });
      const anHourAgo = Math.floor(Date.now() / 1000) - 3600;
      const expired = await jwt.signAsync(
        { sub: patient.id, iat: anHourAgo },
        { secret: t.config.jwtSecret, algorithm: 'HS256', expiresIn: 60 },
      );
      for (const token of ['not-a-token', forged, expired, 42, { sub: patient.id }, `${patient.accessToken}x`]) {
        const error = await refusal(token);
        expect(error.message).toBe('unauthorized');
      }
      // the same token is let in while the account is active, and refused once it is suspended
      const socket = await connect(patient.accessToken);
      expect(socket.connected).toBe(true);
      const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      await t.http.post(`/api/admin/users/${patient.id}/suspend`).set(admin.auth).send({ reason: 'Abuse' }).expect(200);
      // the open socket is closed by the server, too
      expect(await closed).toBe('io server disconnect');
      expect((await refusal(patient.accessToken)).message).toBe('unauthorized');
    });

    it('lets anyone in without a token, to watch free slots only', async () => {
      const socket = await connect();
      expect(socket.connected).toBe(true);
      const doctor = await bookableDoctor(t);
      expect(await socket.emitWithAck('slots:watch', { doctorId: doctor.id })).toEqual({ ok: true });
      expect(await socket.emitWithAck('slots:watch', { doctorId: 'all' })).toEqual({ ok: false, error: 'doctorId must be a doctor id' });
      expect(await socket.emitWithAck('slots:watch', null)).toMatchObject({ ok: false });
    });
  });

  describe('appointment:updated', () => {
    it('tells the doctor, the patient on each device and admins when a request is approved; no one else', async () => {
      const doctor = await bookableDoctor(t);
      const patient = await registerPatient(t);
      const otherPatient = await registerPatient(t);
      const appointment = await book(t, patient, doctor.id, nextSlot());
      const [doctorSocket, phone, laptop, adminSocket, otherSocket] = await Promise.all([
        connect(doctor.accessToken),
        connect(patient.accessToken),
        connect(patient.accessToken),
        connect(admin.accessToken),
        connect(otherPatient.accessToken),
      ]);
      const received = Promise.all([doctorSocket, phone, laptop, adminSocket].map((s) => next<AppointmentUpdated>(s, 'appointment:updated')));
      const othersFirst = next<AppointmentUpdated>(otherSocket, 'appointment:updated');

      await t.http.post(actionPath(appointment.id, 'approve')).set(doctor.auth).expect(200);
      const expected: AppointmentUpdated = {
        id: appointment.id,
        event: 'approved',
        status: 'confirmed',
        doctorId: doctor.id,
        patientId: patient.id,
        startsAt: appointment.startsAt,
        endsAt: appointment.endsAt,
      };
      expect(await received).toEqual([expected, expected, expected, expected]);

      // the other patient's first update is about their own booking, made after the approval
      const own = await book(t, otherPatient, doctor.id, nextSlot());
      expect(await othersFirst).toMatchObject({ id: own.id, event: 'booked' });
    });

    it('tells the patient when the clinic expires their unanswered request', async () => {
      const doctor = await bookableDoctor(t);
      const patient = await registerPatient(t);
      const appointment = await book(t, patient, doctor.id, nextSlot());
      const socket = await connect(patient.accessToken);
      const update = next<AppointmentUpdated>(socket, 'appointment:updated');
      t.clock.advance(49 * 3_600_000);
      try {
        await t.app.get(AppointmentExpiryJob).run();
      } finally {
        t.clock.reset();
      }
      expect(await update).toMatchObject({ id: appointment.id, event: 'expired', status: 'cancelled' });
    });
  });

  describe('slots:changed', () => {
    it('tells an anonymous watcher of a doctor when someone books, and later cancels, that doctor', async () => {
      const doctor = await bookableDoctor(t);
      const otherDoctor = await bookableDoctor(t);
      const patient = await registerPatient(t);
      const watcher = await connect();
      const otherWatcher = await connect();
      expect(await watcher.emitWithAck('slots:watch', { doctorId: doctor.id })).toEqual({ ok: true });
      expect(await otherWatcher.emitWithAck('slots:watch', { doctorId: otherDoctor.id })).toEqual({ ok: true });
      const otherFirst = next<{ doctorId: string }>(otherWatcher, 'slots:changed');

      const booked = next<{ doctorId: string }>(watcher, 'slots:changed');
      const appointment = await book(t, patient, doctor.id, nextSlot());
      expect(await booked).toEqual({ doctorId: doctor.id });

      const freed = next<{ doctorId: string }>(watcher, 'slots:changed');
      await t.http.post(actionPath(appointment.id, 'cancel')).set(patient.auth).expect(200);
      expect(await freed).toEqual({ doctorId: doctor.id });

      // the watcher of another doctor heard nothing of this one
      await book(t, patient, otherDoctor.id, nextSlot());
      expect(await otherFirst).toEqual({ doctorId: otherDoctor.id });
    });

    it('stops after slots:unwatch', async () => {
      const doctor = await bookableDoctor(t);
      const otherDoctor = await bookableDoctor(t);
      const patient = await registerPatient(t);
      const watcher = await connect();
      await watcher.emitWithAck('slots:watch', { doctorId: doctor.id });
      await watcher.emitWithAck('slots:watch', { doctorId: otherDoctor.id });
      await watcher.emitWithAck('slots:unwatch', { doctorId: doctor.id });
      const first = next<{ doctorId: string }>(watcher, 'slots:changed');
      await book(t, patient, doctor.id, nextSlot());
      await book(t, patient, otherDoctor.id, nextSlot());
      expect(await first).toEqual({ doctorId: otherDoctor.id });
    });
  });
});
