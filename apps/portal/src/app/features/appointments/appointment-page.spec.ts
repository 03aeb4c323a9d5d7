import { InteractivityChecker } from '@angular/cdk/a11y';
import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { type AppointmentDetail, type VisitNote } from '@carebook/api-client';
import type { Role } from '@carebook/shared';
import { Subject } from 'rxjs';
import { Clinic } from '../../core/clinic';
import type { AppointmentUpdated } from '../../core/realtime';
import { Realtime } from '../../core/realtime';
import { Session } from '../../core/session';
import { AppointmentPage } from './appointment-page';
import { aHistoryEntry, apiError, apiTesting, closeDialogsAndReset } from '../../testing/fixtures';
import { settle } from '../../testing/spec-steps';

// Timers (debounces, dialog animations, polling) are run by the test, not waited for.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const ID = '6f1c8a52-0d7e-4a57-9f64-2b0c3f1b7a10';
const IN_A_WEEK = new Date(Date.now() + 7 * 86_400_000);
IN_A_WEEK.setUTCHours(9, 0, 0, 0);

function detail(overrides: Partial<AppointmentDetail> = {}): AppointmentDetail {
  const startsAt = IN_A_WEEK.toISOString();
  return {
    id: ID,
    status: 'pending',
    doctorId: 'd1',
    patientId: 'p1',
    startsAt,
    endsAt: new Date(IN_A_WEEK.getTime() + 30 * 60_000).toISOString(),
    reason: 'Palpitations at night',
    statusReason: null,
    patientDetails: { fullName: 'Olivia Bennett', age: 38, gender: 'female', phone: '+44 7700 900123', email: 'olivia@example.com' },
    doctor: { id: 'd1', fullName: 'Dr Amara Okafor', specialty: 'Cardiology', location: 'Central Clinic, London', photoUrl: null, experienceYears: 14 },
    patient: { id: 'p1', fullName: 'Olivia Bennett' },
    sequence: 0,
    createdAt: '2030-03-01T09:00:00.000Z',
    updatedAt: '2030-03-01T09:00:00.000Z',
    actions: ['cancel', 'reschedule'],
    files: [],
    history: [aHistoryEntry({ startsAt })],
    maxFileBytes: 10 * 1024 * 1024,
    acceptedFileTypes: ['application/pdf', 'image/jpeg'],
    ...overrides,
  };
}

describe('AppointmentPage', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;
  let updates: Subject<Partial<AppointmentUpdated>>;

  async function open(role: Role, answer: AppointmentDetail = detail(), notes: VisitNote[] = []): Promise<void> {
    updates = new Subject();
    const ids: Record<Role, string> = { patient: 'p1', doctor: 'd1', admin: 'x1' };
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: 'appointments/:id', component: AppointmentPage }, { path: '**', children: [] }], withComponentInputBinding()),
        ...apiTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: InteractivityChecker, useValue: { isFocusable: () => true, isTabbable: () => true, isVisible: () => true, isDisabled: () => false } },
        {
          provide: Clinic,
          useValue: { timezone: () => 'Europe/London', info: { hasValue: () => true, value: () => ({ cancellationWindowHours: 24 }) } },
        },
        { provide: Session, useValue: { user: signal({ id: ids[role], fullName: 'Someone', email: 'x@example.com', role, status: 'active' }), role: signal(role) } },
        { provide: Realtime, useValue: { appointmentUpdates: () => updates, slotChanges: () => new Subject() } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create(`/appointments/${ID}`);
    await settle(harness);
    fetched().flush(answer);
    await settle(harness);
    // The visit notes card loads its own list (visit-notes.ts): none unless the test gives some.
    for (const request of http.match((r) => r.url === `/api/appointments/${ID}/notes`)) request.flush(notes);
    await settle(harness);
  }

  function fetched(): TestRequest {
    return http.expectOne((request) => request.url === `/api/appointments/${ID}` && request.method === 'GET');
  }

  function page(): HTMLElement {
    return harness.routeNativeElement as HTMLElement;
  }

  function testId(id: string, root: ParentNode = page()): HTMLElement | null {
    return root.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  }

  function actionButtons(): { id: string | null; label: string }[] {
    return Array.from(page().querySelectorAll('[data-testid^="action-"]')).map((button) => ({
      id: button.getAttribute('data-testid'),
      label: button.textContent?.replace(/^\s*\S+\s+/, '').trim() ?? '',
    }));
  }

  afterEach(() => closeDialogsAndReset(() => settle(harness)));

  it('tells the patient what is happening and offers what the server allows', async () => {
    await open('patient');
    expect(testId('appointment-status')?.textContent).toBe('Pending');
    expect(testId('appointment-status-text')?.textContent).toBe('Waiting for Dr Amara Okafor to confirm.');
    expect(page().querySelector('h1')?.textContent).toBe('Appointment with Dr Amara Okafor');
    expect(testId('appointment-reason')?.textContent).toBe('Palpitations at night');
    expect(testId('patient-details')?.textContent).toContain('38 years · Female');
    expect(actionButtons()).toEqual([
      { id: 'action-reschedule', label: 'Reschedule' },
      { id: 'action-cancel', label: 'Cancel appointment' },
    ]);
    expect(testId('cancel-window-note')).toBeNull();
  });

  it('offers the patient of a completed visit without a follow-up “Book again” with the same doctor instead of “Add to calendar”', async () => {
    await open('patient', detail({ status: 'completed', actions: [] }));
    expect(testId('download-calendar')).toBeNull();
    const again = testId('book-again');
    expect(again?.textContent).toContain('Book again');
    expect(again?.getAttribute('href')).toBe('/doctors/d1');
    expect(testId('book-follow-up')).toBeNull();
  });

  it('offers only “Book a follow-up” where the doctor asked for one', async () => {
    const note: VisitNote = {
      id: 'n1',
      appointmentId: ID,
      authorId: 'd1',
      author: { id: 'd1', fullName: 'Dr Amara Okafor' },
      body: 'Palpitations settled.',
      diagnosis: null,
      prescriptions: [],
      followUp: 'Review in 6 weeks',
      createdAt: '2030-03-01T09:40:00.000Z',
      amends: null,
      amendedBy: null,
    };
    await open('patient', detail({ status: 'completed', actions: [] }), [note]);
    expect(testId('visit-summary')?.textContent).toContain('Next: Review in 6 weeks');
    expect(testId('book-follow-up')?.getAttribute('href')).toBe('/doctors/d1');
    expect(testId('book-again')).toBeNull();
    expect(testId('download-calendar')).toBeNull();
  });

  it('keeps “Add to calendar” for the doctor of a completed visit', async () => {
    await open('doctor', detail({ status: 'completed', actions: [] }));
    expect(testId('download-calendar')?.textContent).toContain('Add to calendar (.ics)');
    expect(testId('book-again')).toBeNull();
  });

  it('gives the doctor the answer buttons first, and approves in one click', async () => {
    await open('doctor', detail({ actions: ['approve', 'decline', 'cancel', 'reschedule'] }));
    expect(page().querySelector('h1')?.textContent).toBe('Appointment with Olivia Bennett');
    expect(actionButtons().map((button) => button.id)).toEqual(['action-approve', 'action-decline', 'action-reschedule', 'action-cancel']);

    testId('action-approve')?.click();
    await settle(harness);
    http.expectOne(`/api/appointments/${ID}/approve`).flush({ ...detail(), status: 'confirmed' });
    await settle(harness);
    fetched().flush(detail({ status: 'confirmed', actions: ['cancel', 'reschedule'] }));
    await settle(harness);
    expect(testId('appointment-status')?.textContent).toBe('Confirmed');
    expect(testId('action-approve')).toBeNull();
  });

  it('shows a change made elsewhere without a reload, and ignores other appointments', async () => {
    await open('patient');
    updates.next({ id: 'another-appointment', status: 'confirmed' });
    await jest.advanceTimersByTimeAsync(200);
    await settle(harness);
    http.expectNone((request) => request.url === `/api/appointments/${ID}`);

    updates.next({ id: ID, status: 'confirmed', event: 'approved' });
    await jest.advanceTimersByTimeAsync(200);
    await settle(harness);
    fetched().flush(detail({ status: 'confirmed' }));
    await settle(harness);
    expect(testId('appointment-status')?.textContent).toBe('Confirmed');
    expect(testId('appointment-status-text')?.textContent).toContain('Confirmed. Dr Amara Okafor expects you');
  });

  it('says up front when it is too late to cancel or move online', async () => {
    await open('patient', detail({ status: 'confirmed', actions: [] }));
    expect(actionButtons()).toEqual([]);
    expect(testId('cancel-window-note')?.textContent).toContain('less than 24 hours before the start');
  });

  it('shows the clinic’s refusal in the cancel dialog and keeps it open', async () => {
    await open('patient');
    testId('action-cancel')?.click();
    await settle(harness);
    const dialog = document.querySelector('cb-appointment-reason-dialog') as HTMLElement;
    const reason = testId('status-reason', dialog) as HTMLTextAreaElement;
    reason.value = 'Feeling better';
    reason.dispatchEvent(new Event('input'));
    dialog.querySelector('form')?.dispatchEvent(new Event('submit'));
    await settle(harness);

    const request = http.expectOne(`/api/appointments/${ID}/cancel`);
    expect(request.request.body).toEqual({ reason: 'Feeling better' });
    const message = 'Appointments can’t be cancelled online less than 24 hours before they start; please call the clinic';
    request.flush(...apiError(422, message, [{ field: 'startsAt', message }]));
    await settle(harness);
    expect(testId('form-error', dialog)?.textContent?.trim()).toContain(message);
    expect(document.querySelector('cb-appointment-reason-dialog')).not.toBeNull();
  });

  it('asks before marking a no-show, then records it', async () => {
    await open('doctor', detail({ status: 'confirmed', actions: ['complete', 'no_show'] }));
    testId('action-no_show')?.click();
    await settle(harness);
    expect(document.querySelector('cb-confirm-dialog')?.textContent).toContain('Mark as a no-show?');
    document.querySelector<HTMLButtonElement>('cb-confirm-dialog [data-testid="confirm"]')?.click();
    await settle(harness);
    http.expectOne(`/api/appointments/${ID}/no-show`).flush({ ...detail(), status: 'no_show' });
    await settle(harness);
    fetched().flush(detail({ status: 'no_show', actions: [] }));
    await settle(harness);
    expect(testId('appointment-status')?.textContent).toBe('No-show');
  });

  it('tells the story of the appointment: who did what, when, why, and the old and new time', async () => {
    const startsAt = IN_A_WEEK.toISOString();
    const earlier = new Date(IN_A_WEEK.getTime() - 86_400_000).toISOString();
    await open(
      'patient',
      detail({
        status: 'cancelled',
        statusReason: 'Feeling better',
        actions: [],
        history: [
          ...detail().history,
          { id: 2, event: 'approved', fromStatus: 'pending', toStatus: 'confirmed', actor: { id: 'd1', fullName: 'Dr Amara Okafor', role: 'doctor' }, reason: null, startsAt: earlier, previousStartsAt: null, at: '2030-03-01T10:00:00.000Z' },
          { id: 3, event: 'rescheduled', fromStatus: 'confirmed', toStatus: 'confirmed', actor: { id: 'd1', fullName: 'Dr Amara Okafor', role: 'doctor' }, reason: null, startsAt, previousStartsAt: earlier, at: '2030-03-01T11:00:00.000Z' },
          { id: 4, event: 'cancelled', fromStatus: 'confirmed', toStatus: 'cancelled', actor: { id: 'p1', fullName: 'Olivia Bennett', role: 'patient' }, reason: 'Feeling better', startsAt, previousStartsAt: null, at: '2030-03-01T12:00:00.000Z' },
        ],
      }),
    );
    expect(testId('appointment-status-text')?.textContent).toBe('Cancelled by you: Feeling better');
    const entries = Array.from(page().querySelectorAll('[data-testid="history-entry"]')).map((entry) => entry.textContent ?? '');
    expect(entries).toHaveLength(4);
    expect(entries[0]).toContain('Requested by you');
    expect(entries[1]).toContain('Confirmed by Dr Amara Okafor');
    expect(entries[1]).toContain('Pending → Confirmed');
    expect(entries[2]).toContain('Moved to a new time by Dr Amara Okafor');
    expect(entries[2]).toMatch(/\d\d:\d\d.* → .*\d\d:\d\d/);
    expect(entries[3]).toContain('Cancelled by you');
    expect(entries[3]).toContain('Confirmed → Cancelled');
    expect(entries[3]).toContain('Feeling better');
    // Files can't be added to a cancelled appointment.
    expect(testId('file-drop')).toBeNull();
  });

  it('shows a friendly page for an appointment that is not there (or not yours)', async () => {
    updates = new Subject();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: 'appointments/:id', component: AppointmentPage }, { path: '**', children: [] }], withComponentInputBinding()),
        ...apiTesting(),
        { provide: Clinic, useValue: { timezone: () => 'Europe/London', info: { hasValue: () => false } } },
        { provide: Session, useValue: { user: signal({ id: 'p1', fullName: 'Olivia', email: 'o@example.com', role: 'patient', status: 'active' }), role: signal('patient') } },
        { provide: Realtime, useValue: { appointmentUpdates: () => updates } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create(`/appointments/${ID}`);
    await settle(harness);
    fetched().flush({ statusCode: 404, message: 'No such appointment' }, { status: 404, statusText: 'Not Found' });
    await settle(harness);
    expect(testId('not-found')?.textContent).toContain('Appointment not found');
    expect(testId('not-found')?.querySelector('a')?.getAttribute('href')).toBe('/patient/appointments');
  });
});
