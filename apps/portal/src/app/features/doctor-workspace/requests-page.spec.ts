import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { type Appointment } from '@carebook/api-client';
import { Subject } from 'rxjs';
import type { ClinicInfo } from '../../core/api-types';
import { AppointmentUpdated, Realtime } from '../../core/realtime';
import { RequestsPage, sortQueue } from './requests-page';
import { apiError, apiTesting } from '../../testing/fixtures';
import { clockFrom } from '../../testing/spec-steps';
import { Session } from '../../core/session';

// Timers (debounces, dialog animations, polling) are run by the test, not waited for; the rest of
// time still passes, so the harness and dialogs settle on their own.
beforeEach(() => jest.useFakeTimers({ advanceTimers: true }));
afterEach(() => jest.useRealTimers());

const CLINIC = { clinicName: 'Carebook Clinic', timezone: 'Europe/London', workingHours: [] } as unknown as ClinicInfo;
const NOW = Date.parse('2026-11-23T12:00:00Z');

function request(id: string, startsAt: string, createdAt: string, patient = 'Olivia Bennett'): Appointment {
  return {
    id,
    status: 'pending',
    doctorId: 'd1',
    patientId: `p-${id}`,
    startsAt,
    endsAt: new Date(Date.parse(startsAt) + 30 * 60_000).toISOString(),
    reason: 'Chest pain when climbing stairs',
    statusReason: null,
    patientDetails: { fullName: patient, age: 38, gender: 'female', phone: null, email: 'olivia@example.com' },
    doctor: { id: 'd1', fullName: 'Dr Amara Okafor', specialty: 'Cardiology', location: null, photoUrl: null, experienceYears: 14 },
    patient: { id: `p-${id}`, fullName: patient },
    sequence: 0,
    createdAt,
    updatedAt: createdAt,
    actions: ['approve', 'decline', 'cancel', 'reschedule'],
  };
}

// Next week's request made an hour ago, and tomorrow's made 30 hours ago.
const LATER = request('a1', '2026-11-30T10:00:00.000Z', '2026-11-23T11:00:00.000Z', 'Noah Clarke');
const SOONER = request('a2', '2026-11-24T09:00:00.000Z', '2026-11-22T06:00:00.000Z', 'Mia Schultz');

/** Waits (a few animation frames at most) for requests to `url` that timers or dialogs make. */
async function settle(http: HttpTestingController, url: string): Promise<TestRequest[]> {
  let requests: TestRequest[] = [];
  for (let i = 0; i < 40 && requests.length === 0; i++) {
    await jest.advanceTimersByTimeAsync(20);
    // A reloaded resource asks once its effects run.
    TestBed.tick();
    requests = http.match((r) => r.url === url);
  }
  return requests;
}

/** Waits for something a dialog does once its closing animation has finished. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 15 && !check(); i++) await jest.advanceTimersByTimeAsync(20);
}

describe('RequestsPage', () => {
  let fixture: ComponentFixture<RequestsPage>;
  let http: HttpTestingController;
  let page: HTMLElement;
  let updates: Subject<AppointmentUpdated>;

  const byTestId = <T extends HTMLElement>(id: string) => page.querySelector<T>(`[data-testid="${id}"]`);
  const queueList = () => http.match((r) => r.url === '/api/appointments' && r.method === 'GET');

  async function open(items: Appointment[]): Promise<void> {
    fixture = TestBed.createComponent(RequestsPage);
    page = fixture.nativeElement as HTMLElement;
    TestBed.tick();
    http.match('/api/clinic').forEach((r) => r.flush(CLINIC));
    const [list] = queueList();
    expect(list.request.params.get('status')).toBe('pending');
    list.flush({ items, total: items.length });
    await fixture.whenStable();
  }

  beforeEach(() => {
    clockFrom(NOW);
    updates = new Subject<AppointmentUpdated>();
    TestBed.configureTestingModule({
      imports: [RequestsPage],
      providers: [
        provideRouter([]),
        ...apiTesting(),
        { provide: Realtime, useValue: { appointmentUpdates: () => updates.asObservable() } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => (element.innerHTML = ''));
    jest.restoreAllMocks();
  });

  describe('sortQueue', () => {
    it('puts the soonest appointment first, or the longest waiting', () => {
      expect(sortQueue([LATER, SOONER], 'soonest').map((a) => a.id)).toEqual(['a2', 'a1']);
      expect(sortQueue([SOONER, LATER], 'waiting').map((a) => a.id)).toEqual(['a2', 'a1']);
      const old = request('a3', '2026-12-10T10:00:00.000Z', '2026-11-20T10:00:00.000Z');
      expect(sortQueue([SOONER, LATER, old], 'waiting').map((a) => a.id)).toEqual(['a3', 'a2', 'a1']);
    });
  });

  it('lists each request with the patient, clinic time and how long it has waited', async () => {
    await open([LATER, SOONER]);
    const items = [...page.querySelectorAll('[data-testid^="request-"]')].map((e) => e.getAttribute('data-testid'));
    expect(items).toEqual(['request-a2', 'request-a1']);
    const sooner = byTestId('request-a2')?.textContent ?? '';
    expect(sooner).toContain('Mia Schultz');
    expect(sooner).toContain('38 y · Female');
    expect(sooner).toMatch(/09:00( AM)?–(09:30)/);
    expect(sooner).toContain('Waiting 1 d 6 h');
    expect(byTestId('request-a2')?.querySelector('.waited.long')).not.toBeNull();
    expect(byTestId('request-a1')?.textContent).toContain('Waiting 1 h');
    expect(byTestId('requests-summary')?.textContent).toContain('2 requests wait for your answer');
  });

  it('shows that nothing waits when the queue is empty', async () => {
    await open([]);
    expect(byTestId('empty')?.textContent).toContain('All caught up');
  });

  it('tells a doctor under review that requests come once they are approved', async () => {
    const user = { id: 'd1', email: 'amara@example.com', fullName: 'Dr Amara Okafor', role: 'doctor', status: 'pending' };
    // The session as a signed-in doctor's browser keeps it.
    localStorage.setItem('carebook.user', JSON.stringify(user));
    fixture = TestBed.createComponent(RequestsPage);
    page = fixture.nativeElement as HTMLElement;
    TestBed.tick();
    localStorage.removeItem('carebook.user');
    http.match('/api/clinic').forEach((r) => r.flush(CLINIC));
    // The queue, and the navigation's count of requests (asked for a signed-in doctor): none.
    queueList().forEach((list) => list.flush({ items: [], total: 0 }));
    await fixture.whenStable();
    expect(TestBed.inject(Session).user()?.status).toBe('pending');
    expect(byTestId('requests-under-review')?.textContent).toContain('once an administrator approves it');
    expect(byTestId('empty')?.textContent).not.toContain('as patients make them');
  });

  it('approves in one click, takes the request off the queue and confirms with a snackbar', async () => {
    await open([LATER, SOONER]);
    byTestId<HTMLButtonElement>('approve-a2')?.click();
    const approve = http.expectOne('/api/appointments/a2/approve');
    expect(approve.request.method).toBe('POST');
    approve.flush({ ...SOONER, status: 'confirmed', actions: ['cancel', 'reschedule'] });
    await fixture.whenStable();
    expect(byTestId('request-a2')).toBeNull();
    expect(byTestId('request-a1')).not.toBeNull();
    expect(document.querySelector('.mat-mdc-snack-bar-container')?.textContent).toContain('Confirmed Mia Schultz');
  });

  it('refreshes with a message when someone else handled the request first (409)', async () => {
    await open([LATER, SOONER]);
    byTestId<HTMLButtonElement>('approve-a2')?.click();
    http.expectOne('/api/appointments/a2/approve').flush(...apiError(409, 'This appointment is declined, so it can’t be approved'));
    TestBed.tick();
    expect(document.querySelector('.mat-mdc-snack-bar-container')?.textContent).toContain(
      "Already handled elsewhere: this appointment is declined, so it can’t be approved",
    );
    const [reload] = queueList();
    reload.flush({ items: [LATER], total: 1 });
    await fixture.whenStable();
    expect(byTestId('request-a2')).toBeNull();
  });

  it('declines with the reason typed in the dialog', async () => {
    await open([LATER, SOONER]);
    byTestId<HTMLButtonElement>('decline-a1')?.click();
    await fixture.whenStable();
    http.expectNone('/api/appointments/a1/decline');
    const reason = document.querySelector<HTMLTextAreaElement>('[data-testid="status-reason"]');
    expect(reason).not.toBeNull();
    if (reason) {
      reason.value = '  Please book with a dermatologist  ';
      reason.dispatchEvent(new Event('input'));
    }
    document.querySelector<HTMLButtonElement>('[data-testid="confirm-reason"]')?.click();
    const decline = http.expectOne('/api/appointments/a1/decline');
    expect(decline.request.body).toEqual({ reason: 'Please book with a dermatologist' });
    decline.flush({ ...LATER, status: 'declined', statusReason: 'Please book with a dermatologist', actions: [] });
    await until(() => {
      fixture.detectChanges();
      return byTestId('request-a1') === null;
    });
    expect(byTestId('request-a1')).toBeNull();
    expect(byTestId('request-a2')).not.toBeNull();
  });

  it('refuses a reason longer than 500 characters before asking the server', async () => {
    await open([SOONER]);
    byTestId<HTMLButtonElement>('decline-a2')?.click();
    await fixture.whenStable();
    const reason = document.querySelector<HTMLTextAreaElement>('[data-testid="status-reason"]');
    if (reason) {
      reason.value = 'x'.repeat(501);
      reason.dispatchEvent(new Event('input'));
    }
    document.querySelector<HTMLButtonElement>('[data-testid="confirm-reason"]')?.click();
    await fixture.whenStable();
    http.expectNone('/api/appointments/a2/decline');
    expect(document.querySelector('mat-error')?.textContent).toContain('Use at most 500 characters');
  });

  it('shows a new request that arrives live, marked as new', async () => {
    await open([LATER]);
    updates.next({
      id: 'a2',
      event: 'booked',
      status: 'pending',
      doctorId: 'd1',
      patientId: 'p-a2',
      startsAt: SOONER.startsAt,
      endsAt: SOONER.endsAt,
    });
    const [reload] = await settle(http, '/api/appointments');
    reload.flush({ items: [LATER, SOONER], total: 2 });
    await fixture.whenStable();
    expect(byTestId('request-a2')?.textContent).toContain('New');
    expect(byTestId('request-a1')?.textContent).not.toContain('New');
  });
});
