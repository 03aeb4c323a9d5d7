import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { type Appointment } from '@carebook/api-client';
import { Subject } from 'rxjs';
import type { Doctor } from '../../core/api-types';
import { Clinic } from '../../core/clinic';
import { Realtime } from '../../core/realtime';
import { Session } from '../../core/session';
import { PatientHome, specialtyIcon } from './patient-home';
import { anAppointment, apiTesting } from '../../testing/fixtures';
import { settle } from '../../testing/spec-steps';

// Timers (debounces, dialog animations, polling) are run by the test, not waited for.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

function doctor(id: string, nextAvailableAt: string | null): Doctor {
  return {
    id,
    fullName: `Dr ${id}`,
    specialty: 'Cardiology',
    experienceYears: 5,
    location: null,
    photoUrl: null,
    bio: null,
    languages: [],
    consultationTypes: ['in_person'],
    nextAvailableAt,
  };
}

function appointment(id: string, status: Appointment['status']): Appointment {
  return anAppointment({ id, status });
}

describe('specialtyIcon', () => {
  it('finds a symbol for common specialties in British or American spelling', () => {
    expect(specialtyIcon('Cardiology')).toBe('cardiology');
    expect(specialtyIcon('Paediatrics')).toBe('pediatrics');
    expect(specialtyIcon('Pediatrics')).toBe('pediatrics');
    expect(specialtyIcon('Obstetrics & Gynaecology')).toBe('gynecology');
    expect(specialtyIcon('Sports Medicine')).toBe('medical_services');
  });
});

describe('PatientHome', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;
  let updates: Subject<unknown>;

  beforeEach(async () => {
    updates = new Subject();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'patient', component: PatientHome },
          { path: 'doctors', children: [] },
          { path: 'appointments/:id', children: [] },
          { path: 'patient/appointments', children: [] },
        ]),
        ...apiTesting(),
        { provide: Realtime, useValue: { appointmentUpdates: () => updates } },
        { provide: Session, useValue: { user: () => ({ fullName: 'Olivia Bennett', email: 'olivia@example.com' }) } },
        {
          provide: Clinic,
          useValue: {
            timezone: () => 'Europe/London',
            info: { hasValue: () => true, value: () => ({ bookingHorizonDays: 90 }) },
          },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create('/patient');
    await settle(harness);
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  function nextRequest() {
    return http.expectOne((request) => request.url === '/api/appointments');
  }

  it('shows the next appointments going ahead, soonest first, and keeps them current', async () => {
    http.expectOne('/api/specialties').flush([]);
    http.expectOne((request) => request.url === '/api/doctors').flush({ items: [], total: 0 });
    const request = nextRequest();
    expect(request.request.params.getAll('status')).toEqual(['pending', 'confirmed']);
    expect(request.request.params.get('order')).toBe('asc');
    expect(request.request.params.get('pageSize')).toBe('3');
    expect(Date.parse(request.request.params.get('from') ?? '')).toBeLessThanOrEqual(Date.now());
    request.flush({ items: [appointment('a1', 'confirmed'), appointment('a2', 'pending')], total: 5 });
    await settle(harness);

    const card = (harness.routeNativeElement as HTMLElement).querySelector('[data-testid="next-appointments"]') as HTMLElement;
    const items = card.querySelectorAll('[data-testid="appointment-item"]');
    expect(items).toHaveLength(2);
    expect(items[0].getAttribute('href')).toBe('/appointments/a1');
    expect(items[0].textContent).toContain('Dr Amara Okafor');
    expect(items[0].textContent).toContain('Confirmed');
    expect(items[1].textContent).toContain('Pending');
    expect(card.textContent).toContain('And 3 more after these.');

    // The doctor answers one elsewhere: the card asks again.
    updates.next({ id: 'a2' });
    await jest.advanceTimersByTimeAsync(350);
    await settle(harness);
    nextRequest().flush({ items: [], total: 0 });
    await settle(harness);
    expect(card.querySelector('[data-testid="next-empty"]')).not.toBeNull();
  });

  it('links each specialty with doctors to a filtered search and features only doctors with free times', async () => {
    nextRequest().flush({ items: [], total: 0 });
    http.expectOne('/api/specialties').flush([
      { id: 's1', name: 'Cardiology', doctorCount: 2 },
      { id: 's2', name: 'Pulmonology', doctorCount: 0 },
    ]);
    const featured = http.expectOne((request) => request.url === '/api/doctors');
    expect(featured.request.params.get('sort')).toBe('nextAvailable');
    featured.flush({ items: [doctor('free', '2026-03-02T09:00:00Z'), doctor('busy', null)], total: 2 });
    await settle(harness);

    const element: HTMLElement = harness.routeNativeElement as HTMLElement;
    expect(element.textContent).toContain('Welcome, Olivia');
    const tiles = element.querySelectorAll('a.tile');
    expect(tiles).toHaveLength(1);
    expect(tiles[0].getAttribute('href')).toBe('/doctors?specialty=Cardiology');
    expect(tiles[0].textContent).toContain('2 doctors');
    expect(element.textContent).toContain('Dr free');
    expect(element.textContent).not.toContain('Dr busy');
  });

  it('sends the search box to the doctor search', async () => {
    nextRequest().flush({ items: [], total: 0 });
    http.expectOne('/api/specialties').flush([]);
    http.expectOne((request) => request.url === '/api/doctors').flush({ items: [], total: 0 });
    await settle(harness);

    const element: HTMLElement = harness.routeNativeElement as HTMLElement;
    expect(element.querySelector('[data-testid="featured-empty"]')).not.toBeNull();
    const input = element.querySelector<HTMLInputElement>('[data-testid="home-search"]') as HTMLInputElement;
    input.value = '  okafor ';
    input.dispatchEvent(new Event('input'));
    element.querySelector('form')?.dispatchEvent(new Event('submit'));
    await settle(harness);

    expect(TestBed.inject(Router).url).toBe('/doctors?q=okafor');
  });
});
