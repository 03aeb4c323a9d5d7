import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { provideRouter } from '@angular/router';
import type { ConsultationDto, ConsultationQueueDto } from '@carebook/api-client';
import { of, Subject } from 'rxjs';
import { Clinic } from '../../core/clinic';
import { ConsultationPresence } from '../../core/consultation-presence';
import { Realtime, type ConsultationUpdate } from '../../core/realtime';
import { formatTime } from '../../shared/clinic-time';
import { aConsultation, DR_OKAFOR } from '../../testing/chat-fixtures';
import { apiError, apiTesting, findByTestId } from '../../testing/fixtures';
import { DoctorConsultations } from './doctor-consultations';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const ASSIGNED = aConsultation({ status: 'assigned', position: undefined, estimatedWaitMinutes: undefined, doctor: DR_OKAFOR, conversationId: 'c1' });
const QUEUE: ConsultationQueueDto = {
  waiting: [
    { id: 'k2', position: 1, specialty: 'Dermatology', waitingSince: '2026-03-02T09:05:00.000Z' },
    { id: 'k3', position: 2, specialty: null, waitingSince: '2026-03-02T09:20:00.000Z' },
  ],
  doctors: [
    { id: DR_OKAFOR.id, fullName: DR_OKAFOR.fullName, specialty: 'Cardiology', busy: true },
    { id: 'd2', fullName: 'Dr Lena Schultz', specialty: 'Dermatology', busy: false },
  ],
};

describe('DoctorConsultations (availability, current consultation, queue)', () => {
  let fixture: ComponentFixture<DoctorConsultations>;
  let http: HttpTestingController;
  let updates: Subject<ConsultationUpdate | null>;
  let presence: { noteAvailability: jest.Mock; noteConsultation: jest.Mock };
  let snackBar: { open: jest.Mock };

  const root = () => fixture.nativeElement as HTMLElement;
  const settle = async (ms = 0): Promise<void> => {
    await jest.advanceTimersByTimeAsync(ms);
    fixture.detectChanges();
    await jest.advanceTimersByTimeAsync(0);
    fixture.detectChanges();
  };
  const one = (method: string, url: string): TestRequest => http.expectOne({ method, url });
  const toggle = () => findByTestId(root(), 'available-toggle').querySelector<HTMLButtonElement>('button[role="switch"]');
  const text = (testId: string) => findByTestId(root(), testId).textContent?.replace(/\s+/g, ' ').trim();

  /** Answers the page's three look-ups. */
  async function answer(available: boolean, current: ConsultationDto | null, queue: ConsultationQueueDto): Promise<void> {
    await settle();
    one('GET', '/api/consultations/availability').flush({ available });
    const currentRequest = one('GET', '/api/consultations/current');
    if (current) currentRequest.flush(current);
    else currentRequest.flush(null, { status: 204, statusText: 'No Content' });
    one('GET', '/api/consultations/queue').flush(queue);
    await settle();
  }

  beforeEach(() => {
    updates = new Subject();
    presence = { noteAvailability: jest.fn(), noteConsultation: jest.fn() };
    snackBar = { open: jest.fn() };
    TestBed.configureTestingModule({
      imports: [DoctorConsultations],
      providers: [
        ...apiTesting(),
        provideRouter([]),
        { provide: Clinic, useValue: { timezone: () => 'UTC' } },
        { provide: Realtime, useValue: { consultationUpdates: () => updates.asObservable() } },
        { provide: ConsultationPresence, useValue: presence },
        { provide: MatSnackBar, useValue: snackBar },
        { provide: MatDialog, useValue: { open: () => ({ afterClosed: () => of(true) }) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DoctorConsultations);
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  it('shows the queue in order (first come, first served) and who is available, busy or free', async () => {
    await answer(false, null, QUEUE);
    const waiting = [...findByTestId(root(), 'queue-waiting').querySelectorAll('li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(waiting).toEqual([
      `1. Dermatology · waiting since ${formatTime('2026-03-02T09:05:00.000Z', 'UTC')}`,
      `2. Any doctor · waiting since ${formatTime('2026-03-02T09:20:00.000Z', 'UTC')}`,
    ]);
    const doctors = [...findByTestId(root(), 'queue-doctors').querySelectorAll('li')].map((li) => li.textContent?.trim());
    expect(doctors).toEqual(['Dr Amara Okafor (Cardiology) · in a consultation', 'Dr Lena Schultz (Dermatology) · free']);
    expect(text('no-consultation')).toBe('No consultation in progress.');
  });

  it('switches availability on, and tells the portal-wide heartbeat, which keeps it on from any page', async () => {
    await answer(false, null, { waiting: [], doctors: [] });
    expect(text('queue-empty')).toBe('Nobody is waiting.');
    expect(presence.noteAvailability).toHaveBeenLastCalledWith(false);
    expect(presence.noteConsultation).toHaveBeenLastCalledWith(null);
    expect(toggle()?.getAttribute('aria-checked')).toBe('false');

    toggle()?.click();
    await settle();
    const put = one('PUT', '/api/consultations/availability');
    expect(put.request.body).toEqual({ available: true });
    put.flush({ available: true });
    await settle();
    // Taking consultations may bring a patient at once.
    one('GET', '/api/consultations/current').flush(ASSIGNED);
    one('GET', '/api/consultations/queue').flush({ waiting: [], doctors: [] });
    await settle();
    expect(toggle()?.getAttribute('aria-checked')).toBe('true');
    expect(findByTestId(root(), 'current-consultation').textContent).toContain('Olivia Bennett');
    expect(findByTestId(root(), 'open-consultation-chat').getAttribute('href')).toBe('/messages/c1');
    expect(presence.noteAvailability).toHaveBeenLastCalledWith(true);
    expect(presence.noteConsultation).toHaveBeenLastCalledWith(ASSIGNED);
  });

  it('puts the switch back and says why when the server refuses', async () => {
    await answer(false, null, { waiting: [], doctors: [] });
    toggle()?.click();
    await settle();
    one('PUT', '/api/consultations/availability').flush(...apiError(409, 'Finish your current consultation first'));
    await settle();
    expect(snackBar.open).toHaveBeenCalledWith(expect.stringContaining('Finish your current consultation first'), 'Close', { duration: 8000 });
    one('GET', '/api/consultations/availability').flush({ available: false });
    await settle();
    expect(toggle()?.getAttribute('aria-checked')).toBe('false');
    expect(presence.noteAvailability).not.toHaveBeenCalledWith(true);
  });

  it('ends the consultation and shows the next patient the server assigned', async () => {
    await answer(true, ASSIGNED, QUEUE);
    findByTestId<HTMLButtonElement>(root(), 'end-consultation').click();
    await settle();
    one('POST', '/api/consultations/k1/end').flush({ ...ASSIGNED, status: 'ended' });
    await settle();
    one('GET', '/api/consultations/current').flush(aConsultation({ ...ASSIGNED, id: 'k2', patient: { id: 'p2', fullName: 'Noah Clarke', photoUrl: null }, conversationId: 'c2' }));
    one('GET', '/api/consultations/queue').flush({ ...QUEUE, waiting: QUEUE.waiting.slice(1).map((w) => ({ ...w, position: 1 })) });
    await settle();
    expect(findByTestId(root(), 'current-consultation').textContent).toContain('Noah Clarke');
    expect(findByTestId(root(), 'open-consultation-chat').getAttribute('href')).toBe('/messages/c2');
    expect(findByTestId(root(), 'queue-waiting').querySelectorAll('li')).toHaveLength(1);
  });

  it('refreshes everything when the queue moves', async () => {
    await answer(true, null, { waiting: [], doctors: [] });
    updates.next({ queue: true });
    await settle(200);
    one('GET', '/api/consultations/availability').flush({ available: true });
    one('GET', '/api/consultations/current').flush(null, { status: 204, statusText: 'No Content' });
    one('GET', '/api/consultations/queue').flush(QUEUE);
    await settle();
    expect(findByTestId(root(), 'queue-waiting').querySelectorAll('li')).toHaveLength(2);
  });
});
