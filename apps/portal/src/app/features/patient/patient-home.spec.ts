import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { provideApiConfiguration } from '@carebook/api-client';
import type { Doctor } from '../../core/api-types';
import { Clinic } from '../../core/clinic';
import { Session } from '../../core/session';
import { PatientHome, specialtyIcon } from './patient-home';

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

  async function settle(): Promise<void> {
    for (let round = 0; round < 3; round++) {
      harness.fixture.detectChanges();
      await new Promise((resolve) => setTimeout(resolve));
    }
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'patient', component: PatientHome },
          { path: 'doctors', children: [] },
        ]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideApiConfiguration(''),
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
    await settle();
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  it('links each specialty with doctors to a filtered search and features only doctors with free times', async () => {
    http.expectOne('/api/specialties').flush([
      { id: 's1', name: 'Cardiology', doctorCount: 2 },
      { id: 's2', name: 'Pulmonology', doctorCount: 0 },
    ]);
    const featured = http.expectOne((request) => request.url === '/api/doctors');
    expect(featured.request.params.get('sort')).toBe('nextAvailable');
    featured.flush({ items: [doctor('free', '2026-03-02T09:00:00Z'), doctor('busy', null)], total: 2 });
    await settle();

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
    http.expectOne('/api/specialties').flush([]);
    http.expectOne((request) => request.url === '/api/doctors').flush({ items: [], total: 0 });
    await settle();

    const element: HTMLElement = harness.routeNativeElement as HTMLElement;
    expect(element.querySelector('[data-testid="featured-empty"]')).not.toBeNull();
    const input = element.querySelector<HTMLInputElement>('[data-testid="home-search"]') as HTMLInputElement;
    input.value = '  okafor ';
    input.dispatchEvent(new Event('input'));
    element.querySelector('form')?.dispatchEvent(new Event('submit'));
    await settle();

    expect(TestBed.inject(Router).url).toBe('/doctors?q=okafor');
  });
});
