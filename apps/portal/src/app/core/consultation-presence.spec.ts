import { HttpTestingController } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { ConsultationDto } from '@carebook/api-client';
import { CONSULTATION_LIMITS } from '@carebook/shared';
import { Subject } from 'rxjs';
import { aConsultation, DR_OKAFOR } from '../testing/chat-fixtures';
import { apiTesting } from '../testing/fixtures';
import type { SessionUser } from './api-types';
import { ConsultationPresence } from './consultation-presence';
import { Realtime, type ConsultationUpdate } from './realtime';
import { Session } from './session';

// The heartbeat's interval and the debounce of live updates are timers the test runs.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const HEARTBEAT_MS = CONSULTATION_LIMITS.heartbeatSeconds * 1000;
const DOCTOR: SessionUser = { id: DR_OKAFOR.id, email: 'amara@example.com', fullName: DR_OKAFOR.fullName, role: 'doctor', status: 'active' };
const PATIENT: SessionUser = { id: 'p1', email: 'olivia@example.com', fullName: 'Olivia Bennett', role: 'patient', status: 'active' };
const ADMIN: SessionUser = { id: 'a1', email: 'admin@example.com', fullName: 'Ada Admin', role: 'admin', status: 'active' };
const ASSIGNED = aConsultation({ status: 'assigned', position: undefined, estimatedWaitMinutes: undefined, doctor: DR_OKAFOR, conversationId: 'c1' });

describe('ConsultationPresence (the portal-wide heartbeat)', () => {
  let http: HttpTestingController;
  let user: ReturnType<typeof signal<SessionUser | null>>;
  let updates: Subject<ConsultationUpdate | null>;
  let heartbeat: jest.Mock;
  let presence: ConsultationPresence;

  const settle = async (ms = 0): Promise<void> => {
    TestBed.tick();
    await jest.advanceTimersByTimeAsync(ms);
    TestBed.tick();
  };
  const answerAvailability = (available: boolean) => http.expectOne({ method: 'GET', url: '/api/consultations/availability' }).flush({ available });
  const answerCurrent = (consultation: ConsultationDto | null) => {
    const request = http.expectOne({ method: 'GET', url: '/api/consultations/current' });
    if (consultation) request.flush(consultation);
    else request.flush(null, { status: 204, statusText: 'No Content' });
  };

  async function start(signedIn: SessionUser | null): Promise<void> {
    user.set(signedIn);
    presence = TestBed.inject(ConsultationPresence);
    await settle();
  }

  beforeEach(() => {
    user = signal<SessionUser | null>(null);
    updates = new Subject();
    heartbeat = jest.fn();
    TestBed.configureTestingModule({
      providers: [
        ...apiTesting(),
        { provide: Session, useValue: { user } },
        { provide: Realtime, useValue: { consultationUpdates: () => updates.asObservable(), heartbeat } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  describe('a doctor', () => {
    it('beats every interval while available, whatever page is open, and stops when they switch off', async () => {
      await start(DOCTOR);
      answerAvailability(true);
      answerCurrent(null);
      await settle();
      expect(heartbeat).toHaveBeenCalledTimes(1);
      await settle(HEARTBEAT_MS);
      await settle(HEARTBEAT_MS);
      expect(heartbeat).toHaveBeenCalledTimes(3);
      expect(presence.beating()).toBe(true);

      presence.noteAvailability(false);
      await settle(5 * HEARTBEAT_MS);
      expect(heartbeat).toHaveBeenCalledTimes(3);
      expect(presence.beating()).toBe(false);
    });

    it('keeps beating during an assigned consultation even with availability off, and stops once it ends', async () => {
      await start(DOCTOR);
      answerAvailability(false);
      answerCurrent(ASSIGNED);
      await settle(HEARTBEAT_MS);
      expect(heartbeat).toHaveBeenCalledTimes(2);

      // The patient ends it: the server says so over the socket, and the service asks again.
      updates.next({ ...ASSIGNED, status: 'ended' });
      await settle(200);
      answerAvailability(false);
      answerCurrent(null);
      await settle(3 * HEARTBEAT_MS);
      expect(heartbeat).toHaveBeenCalledTimes(2);
    });

    it('starts beating when the page switches availability on, without waiting for the server to be asked again', async () => {
      await start(DOCTOR);
      answerAvailability(false);
      answerCurrent(null);
      await settle(HEARTBEAT_MS);
      expect(heartbeat).not.toHaveBeenCalled();

      presence.noteAvailability(true);
      await settle();
      expect(heartbeat).toHaveBeenCalledTimes(1);
      await settle(HEARTBEAT_MS);
      expect(heartbeat).toHaveBeenCalledTimes(2);
    });

    it('does not let an answer that left before the page spoke undo it', async () => {
      await start(DOCTOR);
      // still looking up when the doctor switches on
      presence.noteAvailability(true);
      await settle();
      answerAvailability(false);
      answerCurrent(null);
      await settle(HEARTBEAT_MS);
      expect(presence.beating()).toBe(true);
      expect(heartbeat).toHaveBeenCalledTimes(2);
    });

    it('stops at sign-out, and asks afresh for the next person to sign in', async () => {
      await start(DOCTOR);
      answerAvailability(true);
      answerCurrent(null);
      await settle(HEARTBEAT_MS);
      expect(heartbeat).toHaveBeenCalledTimes(2);

      user.set(null);
      await settle(5 * HEARTBEAT_MS);
      expect(heartbeat).toHaveBeenCalledTimes(2);
      expect(presence.beating()).toBe(false);

      user.set(PATIENT);
      await settle();
      answerCurrent(null);
      await settle(HEARTBEAT_MS);
      expect(heartbeat).toHaveBeenCalledTimes(2);
    });

    it('picks up after a gap in the connection: the server may have assigned a patient meanwhile', async () => {
      await start(DOCTOR);
      answerAvailability(false);
      answerCurrent(null);
      await settle();
      updates.next(null);
      await settle(200);
      answerAvailability(true);
      answerCurrent(ASSIGNED);
      await settle();
      expect(heartbeat).toHaveBeenCalledTimes(1);
    });
  });

  describe('a patient', () => {
    it('beats while waiting and while a doctor has them, and stops when it ends', async () => {
      await start(PATIENT);
      answerCurrent(null);
      await settle(HEARTBEAT_MS);
      expect(heartbeat).not.toHaveBeenCalled();

      presence.noteConsultation(aConsultation({ position: 1 }));
      await settle(HEARTBEAT_MS);
      expect(heartbeat).toHaveBeenCalledTimes(2);

      updates.next(ASSIGNED);
      await settle(200);
      answerCurrent(ASSIGNED);
      await settle(HEARTBEAT_MS);
      expect(heartbeat).toHaveBeenCalledTimes(3);

      presence.noteConsultation({ ...ASSIGNED, status: 'left' });
      await settle(3 * HEARTBEAT_MS);
      expect(heartbeat).toHaveBeenCalledTimes(3);
    });

    it('keeps beating when the server cannot be reached for a look-up (the place in the queue is kept)', async () => {
      await start(PATIENT);
      answerCurrent(aConsultation());
      await settle();
      updates.next({ queue: true });
      await settle(200);
      http.expectOne('/api/consultations/current').flush(null, { status: 0, statusText: 'Unknown Error' });
      await settle(HEARTBEAT_MS);
      expect(heartbeat).toHaveBeenCalledTimes(2);
    });
  });

  it('asks nothing and never beats for an admin or when nobody is signed in', async () => {
    await start(null);
    await settle(HEARTBEAT_MS);
    user.set(ADMIN);
    await settle(HEARTBEAT_MS);
    http.expectNone('/api/consultations/current');
    expect(heartbeat).not.toHaveBeenCalled();
  });
});
