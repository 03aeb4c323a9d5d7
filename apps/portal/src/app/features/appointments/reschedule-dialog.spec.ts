import { InteractivityChecker } from '@angular/cdk/a11y';
import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import { type Appointment } from '@carebook/api-client';
import { Subject } from 'rxjs';
import { Clinic } from '../../core/clinic';
import { Realtime } from '../../core/realtime';
import { addDays, todayIn } from '../../shared/clinic-time';
import { type RescheduleDialogResult, openRescheduleDialog } from './reschedule-dialog';
import { apiError, apiTesting, closeDialogsAndReset } from '../../testing/fixtures';
import { settle } from '../../testing/spec-steps';

// Timers (debounces, dialog animations, polling) are run by the test, not waited for; the rest of
// time still passes, so the harness and dialogs settle on their own.
beforeEach(() => jest.useFakeTimers({ advanceTimers: true }));
afterEach(() => jest.useRealTimers());

const today = todayIn('Europe/London');
const appointment = {
  id: 'a1',
  doctorId: 'd1',
  status: 'confirmed',
  startsAt: `${addDays(today, 3)}T09:00:00.000Z`,
  endsAt: `${addDays(today, 3)}T09:30:00.000Z`,
  doctor: { id: 'd1', fullName: 'Dr Amara Okafor', specialty: 'Cardiology', location: null, photoUrl: null, experienceYears: 14 },
} as Appointment;
const NEW_TIME = `${addDays(today, 2)}T12:00:00.000Z`;

describe('RescheduleDialog', () => {
  let http: HttpTestingController;
  let results: (RescheduleDialogResult | undefined)[];
  let slotsChanged: Subject<void>;

  function slotsRequest(): TestRequest {
    return http.expectOne((request) => request.url === '/api/doctors/d1/slots');
  }

  async function open(): Promise<void> {
    openRescheduleDialog(TestBed.inject(MatDialog), { appointment, timezone: 'Europe/London', role: 'patient' }, false).subscribe((r) => results.push(r));
    await settle();
    http.expectOne('/api/doctors/d1').flush({ nextAvailableAt: NEW_TIME });
    const request = slotsRequest();
    expect(request.request.params.get('from')).toBe(today);
    request.flush([{ startsAt: NEW_TIME, endsAt: `${addDays(today, 2)}T12:30:00.000Z` }]);
    await settle();
  }

  function button(testId: string): HTMLButtonElement {
    return document.querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`) as HTMLButtonElement;
  }

  beforeEach(() => {
    results = [];
    slotsChanged = new Subject();
    TestBed.configureTestingModule({
      providers: [
        ...apiTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: InteractivityChecker, useValue: { isFocusable: () => true, isTabbable: () => true, isVisible: () => true, isDisabled: () => false } },
        { provide: Clinic, useValue: { timezone: () => 'Europe/London', info: { hasValue: () => true, value: () => ({ bookingHorizonDays: 60 }) } } },
        { provide: Realtime, useValue: { slotChanges: () => slotsChanged } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => closeDialogsAndReset(settle));

  /** Opens the dialog, picks NEW_TIME and confirms the move. */
  async function moveToNewTime(): Promise<void> {
    await open();
    button(`slot-${NEW_TIME}`).click();
    await settle();
    button('reschedule-confirm').click();
    await settle();
  }

  it('moves the appointment to the picked free time of the same doctor', async () => {
    await open();
    expect(button('reschedule-confirm').disabled).toBe(true);
    button(`slot-${NEW_TIME}`).click();
    await settle();
    expect(document.querySelector('[data-testid="reschedule-summary"]')?.textContent).toContain('may need to confirm the new time');
    button('reschedule-confirm').click();
    await settle();

    const request = http.expectOne('/api/appointments/a1/reschedule');
    expect(request.request.body).toEqual({ startsAt: NEW_TIME });
    request.flush({ ...appointment, startsAt: NEW_TIME, status: 'pending' });
    await settle();
    expect(results).toEqual([{ done: { ...appointment, startsAt: NEW_TIME, status: 'pending' } }]);
  });

  it('says when the time was just taken and shows the free times again', async () => {
    await moveToNewTime();
    http.expectOne('/api/appointments/a1/reschedule').flush(
      ...apiError(409, 'Someone has just booked this time; please pick another slot', [{ field: 'startsAt', message: 'was just taken' }]),
    );
    await settle();
    expect(document.querySelector('[data-testid="reschedule-error"]')?.textContent).toContain('Someone has just booked this time');
    slotsRequest().flush([]);
    await settle();
    expect(results).toEqual([]);
    expect(button('reschedule-confirm').disabled).toBe(true);
  });

  it('closes when the appointment itself changed meanwhile', async () => {
    await moveToNewTime();
    http.expectOne('/api/appointments/a1/reschedule').flush(...apiError(409, 'This appointment is cancelled, so it can’t be rescheduled'));
    await settle();
    expect(results).toEqual([{ stale: 'This appointment is cancelled, so it can’t be rescheduled' }]);
  });

  it('follows the doctor’s free times live while open', async () => {
    await open();
    slotsChanged.next();
    await jest.advanceTimersByTimeAsync(300);
    await settle();
    slotsRequest().flush([]);
  });
});
