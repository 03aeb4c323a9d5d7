import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import type { Account, Availability, ClinicInfo } from '../../core/api-types';
import { PendingRequests } from '../../core/pending-requests';
import { Realtime } from '../../core/realtime';
import { DoctorHome } from './doctor-home';
import { apiTesting } from '../../testing/fixtures';

// Timers (debounces, dialog animations, polling) are run by the test, not waited for; the rest of
// time still passes, so the harness and dialogs settle on their own.
beforeEach(() => jest.useFakeTimers({ advanceTimers: true }));
afterEach(() => jest.useRealTimers());

const CLINIC = { clinicName: 'Carebook Clinic', timezone: 'Europe/London', workingHours: [] } as unknown as ClinicInfo;
const ME = {
  id: 'd1',
  email: 'amara@example.com',
  fullName: 'Dr Amara Okafor',
  role: 'doctor',
  status: 'active',
  specialty: 'Cardiology',
} as Account;
function booked(id: string, startsAt: string, status: 'confirmed' | 'completed', patient: string) {
  return {
    id,
    status,
    startsAt,
    endsAt: new Date(Date.parse(startsAt) + 30 * 60_000).toISOString(),
    patient: { id: `p-${id}`, fullName: patient },
  };
}
// The clinic's today (London): one seen this morning, one this afternoon still to come.
const TODAY = [
  booked('a1', '2026-11-23T09:00:00.000Z', 'completed', 'Olivia Bennett'),
  booked('a2', '2026-11-23T14:00:00.000Z', 'confirmed', 'Noah Clarke'),
];
const NO_HOURS: Availability = { slotMinutes: null, effectiveSlotMinutes: 30, autoApprove: false, weekly: [] };

describe('DoctorHome', () => {
  let fixture: ComponentFixture<DoctorHome>;
  let http: HttpTestingController;
  let page: HTMLElement;

  async function start(me: Account, waiting = 3): Promise<void> {
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-23T12:00:00Z'));
    TestBed.configureTestingModule({
      imports: [DoctorHome],
      providers: [
        provideRouter([]),
        ...apiTesting(),
        { provide: Realtime, useValue: { appointmentUpdates: () => new Subject() } },
        { provide: PendingRequests, useValue: { count: signal(waiting) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DoctorHome);
    page = fixture.nativeElement as HTMLElement;
    TestBed.tick();
    http.expectOne('/api/auth/me').flush(me);
    http.match('/api/clinic').forEach((request) => request.flush(CLINIC));
    // Today's list is asked once the clinic's timezone is known.
    const today = await theRequestFor('/api/appointments');
    expect(today.request.params.get('from')).toBe('2026-11-23');
    expect(today.request.params.get('to')).toBe('2026-11-23');
    today.flush({ items: TODAY, total: TODAY.length });
  }

  /** The one request to `url`, once the page's effects have asked it (they wait on other answers). */
  async function theRequestFor(url: string): Promise<TestRequest> {
    let requests: TestRequest[] = [];
    for (let i = 0; i < 10 && requests.length === 0; i++) {
      await jest.advanceTimersByTimeAsync(0);
      TestBed.tick();
      requests = http.match((r) => r.url === url);
    }
    expect(requests).toHaveLength(1);
    return requests[0];
  }

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
    jest.restoreAllMocks();
  });

  it('asks a doctor without weekly hours to set them, and links to each page', async () => {
    await start(ME);
    http.expectOne('/api/doctors/me/availability').flush(NO_HOURS);
    await fixture.whenStable();
    expect(page.querySelector('[data-testid="no-hours"]')?.textContent).toContain('You have no weekly hours yet');
    const links = [...page.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(
      expect.arrayContaining(['/doctor/requests', '/doctor/calendar', '/doctor/appointments', '/doctor/profile', '/doctor/hours', '/doctor/time-off']),
    );
  });

  it('counts the requests waiting and lists today’s appointments, marking the next one', async () => {
    await start(ME);
    http.expectOne('/api/doctors/me/availability').flush(NO_HOURS);
    await fixture.whenStable();
    expect(page.querySelector('[data-testid="pending-count"]')?.textContent?.trim()).toBe('3');
    const seen = page.querySelector('[data-testid="today-a1"]')?.textContent ?? '';
    expect(seen).toContain('Olivia Bennett');
    expect(seen).toContain('Completed');
    const next = page.querySelector('[data-testid="today-a2"]')?.textContent ?? '';
    expect(next).toContain('Noah Clarke');
    expect(next).toContain('Next');
    expect(page.querySelector('[data-testid="today-a2"]')?.getAttribute('href')).toBe('/appointments/a2');
  });

  it('shows the next free time from the clinic’s today onwards', async () => {
    await start(ME);
    http
      .expectOne('/api/doctors/me/availability')
      .flush({ ...NO_HOURS, weekly: [{ weekday: 2, start: '09:00', end: '12:00' }] });
    const request = await theRequestFor('/api/doctors/me/slots');
    expect(request.request.params.get('from')).toBe('2026-11-23');
    expect(request.request.params.get('to')).toBe('2026-12-23');
    request.flush([{ startsAt: '2026-11-24T09:00:00.000Z', endsAt: '2026-11-24T09:30:00.000Z' }]);
    await fixture.whenStable();
    expect(page.querySelector('[data-testid="no-hours"]')).toBeNull();
    expect(page.querySelector('[data-testid="next-slot"]')?.textContent).toContain('24');
    expect(page.querySelector('[data-testid="schedule-card"]')?.textContent).toContain('3 h');
  });

  describe('for a doctor whose application is under review', () => {
    const PENDING = { ...ME, status: 'pending' } as Account;

    it('says “under review” first, and nothing that suggests patients can book yet', async () => {
      await start(PENDING, 0);
      http.expectOne('/api/doctors/me/availability').flush({ ...NO_HOURS, weekly: [{ weekday: 2, start: '09:00', end: '12:00' }] });
      await fixture.whenStable();
      const first = page.querySelector('mat-card');
      expect(first?.getAttribute('data-testid')).toBe('application-pending');
      expect(first?.textContent).toContain('Your application is under review');
      expect(page.querySelector('[data-testid="pending-hours"]')?.textContent).toContain('once your application is approved');
      expect(page.querySelector('[data-testid="requests-card"]')?.textContent).toContain('Booking requests arrive here once you are approved.');
      // No "next free time": nobody can take it.
      http.expectNone('/api/doctors/me/slots');
      expect(page.querySelector('[data-testid="next-slot"]')).toBeNull();
      expect(page.textContent).not.toContain('You see patients');
    });

    it('asks for weekly hours so they are ready once approved', async () => {
      await start(PENDING, 0);
      http.expectOne('/api/doctors/me/availability').flush(NO_HOURS);
      await fixture.whenStable();
      expect(page.querySelector('[data-testid="no-hours"]')?.textContent).toContain('so patients can book you as soon as you are approved');
    });
  });

  it('shows no review notice to an approved doctor', async () => {
    await start(ME);
    http.expectOne('/api/doctors/me/availability').flush(NO_HOURS);
    await fixture.whenStable();
    expect(page.querySelector('[data-testid="application-pending"]')).toBeNull();
  });
});
