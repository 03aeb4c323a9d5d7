import { InteractivityChecker } from '@angular/cdk/a11y';
import { HttpTestingController } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { type Appointment } from '@carebook/api-client';
import type { Role } from '@carebook/shared';
import { Subject } from 'rxjs';
import type { DoctorProfile } from '../../core/api-types';
import { Clinic } from '../../core/clinic';
import { Realtime } from '../../core/realtime';
import { Session } from '../../core/session';
import { addDays, todayIn } from '../../shared/clinic-time';
import { DoctorPage, bookedMessage, slotSummary } from './doctor-page';
import { aDoctorProfile, apiTesting, closeDialogsAndReset } from '../../testing/fixtures';
import { settle } from '../../testing/spec-steps';

// Timers (debounces, dialog animations, polling) are run by the test, not waited for.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const ID = '9b1f3f1e-5d5c-4c1a-9a39-0d1f8e1b2c3d';

const amara: DoctorProfile = aDoctorProfile({ id: ID, contactPhone: '+44 20 7946 0000', contactEmail: 'cardiology@carebook.test' });

describe('slotSummary', () => {
  it('names the clinic-local day, the time range and the doctor', () => {
    const text = slotSummary(
      { startsAt: '2025-11-25T09:00:00.000Z', endsAt: '2025-11-25T09:30:00.000Z' },
      'Dr Amara Okafor',
      'Europe/London',
    );
    expect(text).toContain('Tuesday');
    expect(text).toContain('25');
    expect(text).toContain('November');
    expect(text).toMatch(/09:00.*–.*09:30/);
    expect(text).toMatch(/with Dr Amara Okafor$/);
  });
});

describe('bookedMessage', () => {
  const booked = { startsAt: '2025-11-25T09:00:00.000Z', endsAt: '2025-11-25T09:30:00.000Z', doctor: { fullName: 'Dr Amara Okafor' } };

  it('says a request waits for the doctor, and a confirmed booking when it is', () => {
    expect(bookedMessage({ ...booked, status: 'pending' } as Appointment, 'Europe/London')).toBe(
      'Appointment requested. Dr Amara Okafor will confirm it soon.',
    );
    const confirmed = bookedMessage({ ...booked, status: 'confirmed' } as Appointment, 'Europe/London');
    // The day and times follow the browser's locale; the clinic's zone decides the hour.
    expect(confirmed).toMatch(/^Appointment confirmed: Tuesday.*25.*09:00.*–.*09:30.*\.$/);
  });
});

describe('DoctorPage', () => {
  const today = todayIn('Europe/London');
  let http: HttpTestingController;
  let harness: RouterTestingHarness;
  let slotsChanged: Subject<void>;
  let notice: ReturnType<typeof signal<string | null>>;

  async function open(id: string, role: Role | null = 'doctor'): Promise<void> {
    slotsChanged = new Subject<void>();
    notice = signal<string | null>(null);
    TestBed.configureTestingModule({
      providers: [
        provideRouter(
          [
            { path: 'doctors/:id', component: DoctorPage },
            { path: 'sign-in', children: [] },
            { path: 'appointments/:id', children: [] },
          ],
          withComponentInputBinding(),
        ),
        ...apiTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: InteractivityChecker, useValue: { isFocusable: () => true, isTabbable: () => true, isVisible: () => true, isDisabled: () => false } },
        {
          provide: Clinic,
          useValue: {
            timezone: () => 'Europe/London',
            info: { hasValue: () => true, isLoading: () => false, value: () => ({ bookingHorizonDays: 60 }) },
          },
        },
        {
          provide: Session,
          useValue: {
            role: signal(role),
            user: signal(role ? { id: 'u1', fullName: 'Olivia Bennett', email: 'olivia@example.com', role, status: 'active' } : null),
            notice,
          },
        },
        { provide: Realtime, useValue: { slotChanges: () => slotsChanged, appointmentUpdates: () => new Subject() } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create(`/doctors/${id}`);
    await settle(harness);
  }

  /** The profile and one slot tomorrow at noon (UTC), as the page asks for them. */
  async function loadWithSlot(): Promise<string> {
    http.expectOne(`/api/doctors/${ID}`).flush(amara);
    await settle(harness);
    const startsAt = `${addDays(today, 1)}T12:00:00.000Z`;
    http.expectOne((request) => request.url === `/api/doctors/${ID}/slots`).flush([{ startsAt, endsAt: `${addDays(today, 1)}T12:30:00.000Z` }]);
    await settle(harness);
    return startsAt;
  }

  function pick(startsAt: string): void {
    harness.routeNativeElement?.querySelector<HTMLButtonElement>(`[data-testid="slot-${startsAt}"]`)?.click();
  }

  function text(): string {
    return harness.routeNativeElement?.textContent ?? '';
  }

  afterEach(() => closeDialogsAndReset(() => settle(harness)));

  it('shows a friendly page for a doctor who does not exist', async () => {
    await open('missing');
    http.expectOne('/api/doctors/missing').flush({ statusCode: 404, message: 'No such doctor' }, { status: 404, statusText: 'Not Found' });
    await settle(harness);

    const notFound = harness.routeNativeElement?.querySelector('[data-testid="not-found"]');
    expect(notFound?.textContent).toContain('Doctor not found');
    expect(notFound?.querySelector('a')?.getAttribute('href')).toBe('/doctors');
  });

  it('loads the profile and a week of free times from today, and summarises the chosen time', async () => {
    await open(ID);
    http.expectOne(`/api/doctors/${ID}`).flush(amara);
    await settle(harness);

    expect(text()).toContain('Dr Amara Okafor');
    expect(text()).toContain('Heart rhythm disorders.');
    expect(text()).toContain('cardiology@carebook.test');

    const slotsRequest = http.expectOne((request) => request.url === `/api/doctors/${ID}/slots`);
    expect(slotsRequest.request.params.get('from')).toBe(today);
    expect(slotsRequest.request.params.get('to')).toBe(addDays(today, 6));
    const startsAt = `${addDays(today, 1)}T12:00:00.000Z`;
    slotsRequest.flush([{ startsAt, endsAt: `${addDays(today, 1)}T12:30:00.000Z` }]);
    await settle(harness);

    harness.routeNativeElement?.querySelector<HTMLButtonElement>(`[data-testid="slot-${startsAt}"]`)?.click();
    await settle(harness);

    const summary = harness.routeNativeElement?.querySelector('[data-testid="selected-summary"]');
    expect(summary?.textContent).toContain('Time selected');
    expect(summary?.textContent).toContain('with Dr Amara Okafor');
    // Staff see the time but only patients book.
    expect(summary?.querySelector('button')).toBeNull();
    expect(summary?.querySelector('[data-testid="staff-note"]')).not.toBeNull();
    expect(document.querySelector('cb-booking-dialog')).toBeNull();
  });

  it('opens the booking form when a patient picks a time, and offers it again from the summary', async () => {
    await open(ID, 'patient');
    const startsAt = await loadWithSlot();
    pick(startsAt);
    await settle(harness);

    const dialog = document.querySelector('cb-booking-dialog');
    expect(dialog?.textContent).toContain('Dr Amara Okafor');
    expect(dialog?.querySelector('[data-testid="booking-time"]')?.textContent).toContain('12:00');
    // The form asks for the account's details to prefill.
    http.expectOne('/api/auth/me').flush({ id: 'u1', email: 'olivia@example.com', fullName: 'Olivia Bennett', phone: null, role: 'patient', status: 'active', specialty: null, statusReason: null, createdAt: '2025-01-01T00:00:00Z' });
    http.expectOne((request) => request.url === '/api/appointments').flush({ items: [], total: 0 });
    await settle(harness);
    expect(harness.routeNativeElement?.querySelector('[data-testid="book-slot"]')?.textContent).toContain('Book this time');
  });

  it('sends a visitor who picks a time to sign in, to come back to the same time', async () => {
    await open(ID, null);
    const startsAt = await loadWithSlot();
    pick(startsAt);
    await settle(harness);

    const router = TestBed.inject(Router);
    const url = router.parseUrl(router.url);
    expect(url.root.children['primary']?.segments.map((segment) => segment.path)).toEqual(['sign-in']);
    const back = router.parseUrl(url.queryParamMap.get('returnUrl') ?? '');
    expect(back.root.children['primary']?.segments.map((segment) => segment.path)).toEqual(['doctors', ID]);
    expect(back.queryParamMap.get('slot')).toBe(startsAt);
    expect(back.queryParamMap.get('date')).toBe(addDays(today, 1));
    expect(notice()).toContain('with Dr Amara Okafor');
    expect(document.querySelector('cb-booking-dialog')).toBeNull();
  });

  it('books the time a patient picked before signing in, once the free times show it', async () => {
    const startsAt = `${addDays(today, 1)}T12:00:00.000Z`;
    await open(`${ID}?date=${addDays(today, 1)}&slot=${encodeURIComponent(startsAt)}`, 'patient');
    http.expectOne(`/api/doctors/${ID}`).flush(amara);
    await settle(harness);
    http.expectOne((request) => request.url === `/api/doctors/${ID}/slots`).flush([{ startsAt, endsAt: `${addDays(today, 1)}T12:30:00.000Z` }]);
    await settle(harness);

    expect(document.querySelector('cb-booking-dialog')).not.toBeNull();
    // Reloading the page must not open the form again.
    expect(TestBed.inject(Router).url).not.toContain('slot=');
    http.expectOne('/api/auth/me').flush({ id: 'u1', email: 'olivia@example.com', fullName: 'Olivia Bennett', phone: null, role: 'patient', status: 'active', specialty: null, statusReason: null, createdAt: '2025-01-01T00:00:00Z' });
    http.expectOne((request) => request.url === '/api/appointments').flush({ items: [], total: 0 });
  });

  it('refreshes the free times when another booking changes them, and says when the picked one went', async () => {
    await open(ID, 'doctor');
    const startsAt = await loadWithSlot();
    pick(startsAt);
    await settle(harness);

    slotsChanged.next();
    await jest.advanceTimersByTimeAsync(300);
    await settle(harness);
    http.expectOne((request) => request.url === `/api/doctors/${ID}/slots`).flush([]);
    await settle(harness);

    expect(harness.routeNativeElement?.querySelector('[data-testid="selected-summary"]')).toBeNull();
    expect(harness.routeNativeElement?.querySelector('[data-testid="slot-lost"]')?.textContent).toContain('just been booked by someone else');
  });

  it('opens on the day the patient searched for', async () => {
    await open(`${ID}?date=${addDays(today, 3)}`);
    http.expectOne(`/api/doctors/${ID}`).flush(amara);
    await settle(harness);
    const request = http.expectOne((r) => r.url === `/api/doctors/${ID}/slots`);
    expect(request.request.params.get('from')).toBe(addDays(today, 3));
    expect(request.request.params.get('to')).toBe(addDays(today, 9));
    request.flush([]);
  });

  it('ignores a searched-for day in the past', async () => {
    await open(`${ID}?date=2000-01-01`);
    http.expectOne(`/api/doctors/${ID}`).flush(amara);
    await settle(harness);
    const request = http.expectOne((r) => r.url === `/api/doctors/${ID}/slots`);
    expect(request.request.params.get('from')).toBe(today);
    request.flush([]);
  });

  it('loads the next days when the patient pages on', async () => {
    await open(ID);
    http.expectOne(`/api/doctors/${ID}`).flush(amara);
    await settle(harness);
    http.expectOne((request) => request.url === `/api/doctors/${ID}/slots`).flush([]);
    await settle(harness);

    harness.routeNativeElement?.querySelector<HTMLButtonElement>('[data-testid="slots-next"]')?.click();
    await settle(harness);

    const next = http.expectOne((request) => request.url === `/api/doctors/${ID}/slots`);
    expect(next.request.params.get('from')).toBe(addDays(today, 7));
    expect(next.request.params.get('to')).toBe(addDays(today, 13));
    next.flush([]);
  });
});
