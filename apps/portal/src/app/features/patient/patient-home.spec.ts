import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { type Appointment } from '@carebook/api-client';
import { Subject } from 'rxjs';
import type { TopDoctor } from '../../core/api-types';
import { Clinic } from '../../core/clinic';
import { Realtime } from '../../core/realtime';
import { Session } from '../../core/session';
import { PatientHome, specialtyIcon } from './patient-home';
import { anAppointment, apiTesting } from '../../testing/fixtures';
import { settle } from '../../testing/spec-steps';

// Timers (debounces, dialog animations, polling) are run by the test, not waited for.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

function doctor(id: string, nextAvailableAt: string | null, completedVisits = 0): TopDoctor {
  return {
    completedVisits,
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
    http.expectOne((request) => request.url === '/api/doctors/top').flush([]);
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
    // who the doctor is at a glance: photo or initials, specialty and experience
    expect(items[0].querySelector('[data-testid="doctor-facts"]')?.textContent?.trim()).toBe('Cardiology · 14 years’ experience');
    expect(items[0].querySelector('cb-doctor-avatar')).not.toBeNull();
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

  it('links each specialty with doctors to a filtered search', async () => {
    nextRequest().flush({ items: [], total: 0 });
    http.expectOne('/api/specialties').flush([
      { id: 's1', name: 'Cardiology', doctorCount: 2 },
      { id: 's2', name: 'Pulmonology', doctorCount: 0 },
    ]);
    http.expectOne((request) => request.url === '/api/doctors/top').flush([]);
    await settle(harness);

    const element: HTMLElement = harness.routeNativeElement as HTMLElement;
    expect(element.textContent).toContain('Welcome, Olivia');
    const tiles = element.querySelectorAll('a.tile');
    expect(tiles).toHaveLength(1);
    expect(tiles[0].getAttribute('href')).toBe('/doctors?specialty=Cardiology');
    expect(tiles[0].textContent).toContain('2 doctors');
  });

  it('shows the top doctors in the API’s order, each with their completed visits and next free time', async () => {
    nextRequest().flush({ items: [], total: 0 });
    http.expectOne('/api/specialties').flush([]);
    const top = http.expectOne((request) => request.url === '/api/doctors/top');
    expect(top.request.params.get('limit')).toBe('4');
    top.flush([doctor('busiest', null, 128), doctor('soon', '2026-03-02T09:00:00Z', 1), doctor('new', '2026-03-03T09:00:00Z')]);
    await settle(harness);

    const section = (harness.routeNativeElement as HTMLElement).querySelector('[data-testid="top-doctors"]') as HTMLElement;
    expect(section.querySelector('h2')?.textContent).toContain('Top doctors');
    const cards = [...section.querySelectorAll('cb-doctor-card')];
    expect(cards.map((card) => card.querySelector('h3')?.textContent?.trim())).toEqual(['Dr busiest', 'Dr soon', 'Dr new']);
    const visits = cards.map((card) => card.querySelector('[data-testid="completed-visits"] span')?.textContent?.trim());
    expect(visits).toEqual(['128 visits completed here', '1 visit completed here', 'No visits completed here yet']);
    // A top doctor who is fully booked is still shown, and says so rather than promising a time.
    expect(cards[0].querySelector('[data-testid="next-available"]')?.textContent).toContain('No free slots in the next 90 days');
    // (the date's wording follows the locale)
    expect(cards[1].querySelector('[data-testid="next-available"]')?.textContent).toMatch(/Next available: Mon.*(2 Mar|Mar 2)/);
    expect(cards[0].querySelector('a')?.getAttribute('href')).toBe('/doctors/busiest');
  });

  it('says so when no doctor takes appointments yet', async () => {
    nextRequest().flush({ items: [], total: 0 });
    http.expectOne('/api/specialties').flush([]);
    http.expectOne((request) => request.url === '/api/doctors/top').flush([]);
    await settle(harness);
    const element: HTMLElement = harness.routeNativeElement as HTMLElement;
    expect(element.querySelector('[data-testid="top-empty"]')?.textContent).toContain('No doctors are taking appointments yet');
  });

  it('sends the search box to the doctor search', async () => {
    nextRequest().flush({ items: [], total: 0 });
    http.expectOne('/api/specialties').flush([]);
    http.expectOne((request) => request.url === '/api/doctors/top').flush([]);
    await settle(harness);

    const element: HTMLElement = harness.routeNativeElement as HTMLElement;
    const input = element.querySelector<HTMLInputElement>('[data-testid="home-search"]') as HTMLInputElement;
    input.value = '  okafor ';
    input.dispatchEvent(new Event('input'));
    element.querySelector('form')?.dispatchEvent(new Event('submit'));
    await settle(harness);

    expect(TestBed.inject(Router).url).toBe('/doctors?q=okafor');
  });
});
