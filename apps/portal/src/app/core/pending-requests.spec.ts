import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { Role } from '@carebook/shared';
import { Subject } from 'rxjs';
import { PendingRequests } from './pending-requests';
import { AppointmentUpdated, Realtime } from './realtime';
import { Session } from './session';
import { apiTesting } from '../testing/fixtures';

// Timers (debounces, dialog animations, polling) are run by the test, not waited for.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const UPDATE: AppointmentUpdated = {
  id: 'a1',
  event: 'booked',
  status: 'pending',
  doctorId: 'd1',
  patientId: 'p1',
  startsAt: '2026-11-24T09:00:00Z',
  endsAt: '2026-11-24T09:30:00Z',
};

async function requestsTo(http: HttpTestingController): Promise<TestRequest[]> {
  let requests: TestRequest[] = [];
  for (let i = 0; i < 30 && requests.length === 0; i++) {
    await jest.advanceTimersByTimeAsync(20);
    TestBed.tick();
    requests = http.match((r) => r.url === '/api/appointments');
  }
  return requests;
}

describe('PendingRequests', () => {
  let http: HttpTestingController;
  let updates: Subject<AppointmentUpdated>;
  const role = signal<Role | null>('doctor');

  beforeEach(() => {
    role.set('doctor');
    updates = new Subject<AppointmentUpdated>();
    TestBed.configureTestingModule({
      providers: [
        ...apiTesting(),
        { provide: Session, useValue: { role, user: signal({ id: 'd1' }) } },
        { provide: Realtime, useValue: { appointmentUpdates: () => updates.asObservable() } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  it('counts a doctor’s pending requests and recounts when one changes live', async () => {
    const pending = TestBed.inject(PendingRequests);
    const [first] = await requestsTo(http);
    expect(first.request.params.get('status')).toBe('pending');
    expect(first.request.params.get('pageSize')).toBe('1');
    first.flush({ items: [], total: 4 });
    await jest.advanceTimersByTimeAsync(0);
    expect(pending.count()).toBe(4);

    updates.next(UPDATE);
    const [again] = await requestsTo(http);
    again.flush({ items: [], total: 5 });
    await jest.advanceTimersByTimeAsync(0);
    expect(pending.count()).toBe(5);
  });

  it('asks nothing for anyone but a doctor', async () => {
    role.set('admin');
    const pending = TestBed.inject(PendingRequests);
    expect(await requestsTo(http)).toHaveLength(0);
    expect(pending.count()).toBeNull();
  });
});
