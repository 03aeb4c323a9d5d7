import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { provideRouter } from '@angular/router';
import type { ConsultationDto } from '@carebook/api-client';
import { of, Subject } from 'rxjs';
import { ConsultationPresence } from '../../core/consultation-presence';
import { Realtime, type ConsultationUpdate } from '../../core/realtime';
import { aConsultation, DR_OKAFOR } from '../../testing/chat-fixtures';
import { apiError, apiTesting, findByTestId } from '../../testing/fixtures';
import { PatientConsultation } from './patient-consultation';

// The debounce of live updates is a timer the test runs.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());


describe('PatientConsultation ("See a doctor now")', () => {
  let fixture: ComponentFixture<PatientConsultation>;
  let http: HttpTestingController;
  let updates: Subject<ConsultationUpdate | null>;
  let noteConsultation: jest.Mock;
  let snackBar: { open: jest.Mock };
  let confirmed: boolean;

  const root = () => fixture.nativeElement as HTMLElement;
  const settle = async (ms = 0): Promise<void> => {
    await jest.advanceTimersByTimeAsync(ms);
    fixture.detectChanges();
    await jest.advanceTimersByTimeAsync(0);
    fixture.detectChanges();
  };
  const currents = (): TestRequest[] => http.match((r) => r.method === 'GET' && r.url === '/api/consultations/current');
  const answerCurrent = async (consultation: ConsultationDto | null): Promise<void> => {
    const pending = currents();
    expect(pending).toHaveLength(1);
    if (consultation) pending[0].flush(consultation);
    else pending[0].flush(null, { status: 204, statusText: 'No Content' });
    await settle();
  };
  const position = () => findByTestId(root(), 'queue-position').textContent?.replace(/\s+/g, ' ').trim();

  async function open(consultation: ConsultationDto | null): Promise<void> {
    fixture = TestBed.createComponent(PatientConsultation);
    await settle();
    http.expectOne('/api/specialties').flush([
      { id: 's1', name: 'Cardiology' },
      { id: 's2', name: 'Dermatology' },
    ]);
    await answerCurrent(consultation);
  }

  beforeEach(() => {
    updates = new Subject();
    noteConsultation = jest.fn();
    snackBar = { open: jest.fn() };
    confirmed = true;
    TestBed.configureTestingModule({
      imports: [PatientConsultation],
      providers: [
        ...apiTesting(),
        provideRouter([]),
        { provide: Realtime, useValue: { consultationUpdates: () => updates.asObservable() } },
        { provide: ConsultationPresence, useValue: { noteConsultation } },
        { provide: MatSnackBar, useValue: snackBar },
        { provide: MatDialog, useValue: { open: () => ({ afterClosed: () => of(confirmed) }) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  describe('waiting in the queue', () => {
    it('shows the place in the queue and the estimated wait, or that no doctor is available yet', async () => {
      await open(aConsultation({ position: 3, estimatedWaitMinutes: 12 }));
      expect(position()).toBe('You are number 3 in the queue. Estimated wait: about 12 minutes.');

      updates.next(aConsultation({ position: 1, estimatedWaitMinutes: 1 }));
      await settle(200);
      await answerCurrent(aConsultation({ position: 1, estimatedWaitMinutes: 1 }));
      expect(position()).toBe('You are number 1 in the queue. Estimated wait: about 1 minute.');

      updates.next({ queue: true });
      await settle(200);
      await answerCurrent(aConsultation({ position: 1, estimatedWaitMinutes: null }));
      expect(position()).toBe('You are number 1 in the queue. No doctor is available right now; you keep your place until one is.');
    });

    it('moves up as the queue moves, asking the server after each live update (one request for a burst)', async () => {
      await open(aConsultation({ position: 3 }));
      updates.next(aConsultation({ position: 2 }));
      updates.next(aConsultation({ position: 2 }));
      await settle(200);
      await answerCurrent(aConsultation({ position: 2, estimatedWaitMinutes: 8 }));
      expect(position()).toContain('number 2');
      // After a gap in the connection (null), too.
      updates.next(null);
      await settle(200);
      await answerCurrent(aConsultation({ position: 2, estimatedWaitMinutes: 8 }));
    });

    it('tells the portal-wide heartbeat it is waiting (which keeps its place from any page), then that a doctor took it', async () => {
      await open(aConsultation());
      expect(noteConsultation).toHaveBeenLastCalledWith(aConsultation());

      const assigned = aConsultation({ status: 'assigned', position: undefined, doctor: DR_OKAFOR, conversationId: 'c1', assignedAt: '2026-03-02T09:10:00.000Z' });
      updates.next(aConsultation({ status: 'assigned' }));
      await settle(200);
      await answerCurrent(assigned);
      expect(findByTestId(root(), 'consultation-assigned').textContent).toContain('Dr Amara Okafor has taken your consultation.');
      expect(findByTestId(root(), 'open-consultation-chat').getAttribute('href')).toBe('/messages/c1');
      expect(noteConsultation).toHaveBeenLastCalledWith(assigned);
    });

    it('leaves the queue once confirmed, and stays when the patient thinks again', async () => {
      await open(aConsultation());
      confirmed = false;
      findByTestId<HTMLButtonElement>(root(), 'leave-queue').click();
      await settle();
      http.expectNone('/api/consultations/k1/leave');

      confirmed = true;
      findByTestId<HTMLButtonElement>(root(), 'leave-queue').click();
      await settle();
      http.expectOne({ method: 'POST', url: '/api/consultations/k1/leave' }).flush(aConsultation({ status: 'left' }));
      await settle();
      expect(root().querySelector('[data-testid="consultation-waiting"]')).toBeNull();
      expect(findByTestId(root(), 'ask-consultation')).toBeTruthy();
      expect(noteConsultation).toHaveBeenLastCalledWith(null);
    });
  });

  describe('asking', () => {
    it('asks with the reason and the specialty chosen, then shows the place in the queue', async () => {
      await open(null);
      expect(noteConsultation).toHaveBeenLastCalledWith(null);
      const reason = findByTestId<HTMLTextAreaElement>(root(), 'consultation-reason');
      reason.value = 'A rash on both arms since yesterday';
      reason.dispatchEvent(new Event('input'));
      findByTestId(root(), 'consultation-specialty').querySelector<HTMLElement>('.mat-mdc-select-trigger')?.click();
      await settle();
      [...document.querySelectorAll<HTMLElement>('mat-option')].find((option) => option.textContent?.includes('Dermatology'))?.click();
      await settle();
      findByTestId<HTMLButtonElement>(root(), 'ask-consultation').click();
      await settle();
      const request = http.expectOne({ method: 'POST', url: '/api/consultations' });
      expect(request.request.body).toEqual({ reason: 'A rash on both arms since yesterday', specialty: 'Dermatology' });
      request.flush(aConsultation({ position: 1, estimatedWaitMinutes: 4, specialty: 'Dermatology' }));
      await settle();
      expect(position()).toBe('You are number 1 in the queue. Estimated wait: about 4 minutes.');
      expect(noteConsultation).toHaveBeenLastCalledWith(expect.objectContaining({ status: 'waiting', position: 1 }));
    });

    it('asks nothing without a reason long enough, and says what is missing', async () => {
      await open(null);
      findByTestId<HTMLButtonElement>(root(), 'ask-consultation').click();
      await settle();
      http.expectNone({ method: 'POST', url: '/api/consultations' });
      expect(root().querySelector('mat-error')?.textContent).toContain('Say in a few words what it is about');
    });

    it('says why when the server refuses, and shows the consultation already open', async () => {
      await open(null);
      const reason = findByTestId<HTMLTextAreaElement>(root(), 'consultation-reason');
      reason.value = 'Headache for three days';
      reason.dispatchEvent(new Event('input'));
      findByTestId<HTMLButtonElement>(root(), 'ask-consultation').click();
      await settle();
      http.expectOne({ method: 'POST', url: '/api/consultations' }).flush(...apiError(409, 'You already have an open consultation'));
      await settle();
      expect(snackBar.open).toHaveBeenCalledWith(expect.stringContaining('You already have an open consultation'), 'Close', { duration: 8000 });
      await answerCurrent(aConsultation({ position: 2 }));
      expect(position()).toContain('number 2');
    });
  });
});
