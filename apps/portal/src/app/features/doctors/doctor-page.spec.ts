import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { provideApiConfiguration } from '@carebook/api-client';
import type { DoctorProfile } from '../../core/api-types';
import { Clinic } from '../../core/clinic';
import { addDays, todayIn } from '../../shared/clinic-time';
import { DoctorPage, slotSummary } from './doctor-page';

const ID = '9b1f3f1e-5d5c-4c1a-9a39-0d1f8e1b2c3d';

const amara: DoctorProfile = {
  id: ID,
  fullName: 'Dr Amara Okafor',
  specialty: 'Cardiology',
  experienceYears: 14,
  location: 'Central Clinic, London',
  photoUrl: null,
  bio: 'Heart rhythm disorders.',
  languages: ['English', 'Igbo'],
  consultationTypes: ['in_person', 'video'],
  nextAvailableAt: null,
  contactPhone: '+44 20 7946 0000',
  contactEmail: 'cardiology@carebook.test',
  slotMinutes: 30,
};

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

describe('DoctorPage', () => {
  const today = todayIn('Europe/London');
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  async function open(id: string): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: 'doctors/:id', component: DoctorPage }], withComponentInputBinding()),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideApiConfiguration(''),
        {
          provide: Clinic,
          useValue: {
            timezone: () => 'Europe/London',
            info: { hasValue: () => true, isLoading: () => false, value: () => ({ bookingHorizonDays: 60 }) },
          },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create(`/doctors/${id}`);
    await settle();
  }

  /** Lets signals, resources and the router catch up (not whenStable: open requests keep it waiting). */
  async function settle(): Promise<void> {
    for (let round = 0; round < 3; round++) {
      harness.fixture.detectChanges();
      await new Promise((resolve) => setTimeout(resolve));
    }
  }

  function text(): string {
    return harness.routeNativeElement?.textContent ?? '';
  }

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  it('shows a friendly page for a doctor who does not exist', async () => {
    await open('missing');
    http.expectOne('/api/doctors/missing').flush({ statusCode: 404, message: 'No such doctor' }, { status: 404, statusText: 'Not Found' });
    await settle();

    const notFound = harness.routeNativeElement?.querySelector('[data-testid="not-found"]');
    expect(notFound?.textContent).toContain('Doctor not found');
    expect(notFound?.querySelector('a')?.getAttribute('href')).toBe('/doctors');
  });

  it('loads the profile and a week of free times from today, and summarises the chosen time', async () => {
    await open(ID);
    http.expectOne(`/api/doctors/${ID}`).flush(amara);
    await settle();

    expect(text()).toContain('Dr Amara Okafor');
    expect(text()).toContain('Heart rhythm disorders.');
    expect(text()).toContain('cardiology@carebook.test');

    const slotsRequest = http.expectOne((request) => request.url === `/api/doctors/${ID}/slots`);
    expect(slotsRequest.request.params.get('from')).toBe(today);
    expect(slotsRequest.request.params.get('to')).toBe(addDays(today, 6));
    const startsAt = `${addDays(today, 1)}T12:00:00.000Z`;
    slotsRequest.flush([{ startsAt, endsAt: `${addDays(today, 1)}T12:30:00.000Z` }]);
    await settle();

    harness.routeNativeElement?.querySelector<HTMLButtonElement>(`[data-testid="slot-${startsAt}"]`)?.click();
    await settle();

    const summary = harness.routeNativeElement?.querySelector('[data-testid="selected-summary"]');
    expect(summary?.textContent).toContain('Time selected');
    expect(summary?.textContent).toContain('with Dr Amara Okafor');
    // Booking arrives with appointments: no button pretends to book.
    expect(summary?.querySelector('button')).toBeNull();
  });

  it('opens on the day the patient searched for', async () => {
    await open(`${ID}?date=${addDays(today, 3)}`);
    http.expectOne(`/api/doctors/${ID}`).flush(amara);
    await settle();
    const request = http.expectOne((r) => r.url === `/api/doctors/${ID}/slots`);
    expect(request.request.params.get('from')).toBe(addDays(today, 3));
    expect(request.request.params.get('to')).toBe(addDays(today, 9));
    request.flush([]);
  });

  it('ignores a searched-for day in the past', async () => {
    await open(`${ID}?date=2000-01-01`);
    http.expectOne(`/api/doctors/${ID}`).flush(amara);
    await settle();
    const request = http.expectOne((r) => r.url === `/api/doctors/${ID}/slots`);
    expect(request.request.params.get('from')).toBe(today);
    request.flush([]);
  });

  it('loads the next days when the patient pages on', async () => {
    await open(ID);
    http.expectOne(`/api/doctors/${ID}`).flush(amara);
    await settle();
    http.expectOne((request) => request.url === `/api/doctors/${ID}/slots`).flush([]);
    await settle();

    harness.routeNativeElement?.querySelector<HTMLButtonElement>('[data-testid="slots-next"]')?.click();
    await settle();

    const next = http.expectOne((request) => request.url === `/api/doctors/${ID}/slots`);
    expect(next.request.params.get('from')).toBe(addDays(today, 7));
    expect(next.request.params.get('to')).toBe(addDays(today, 13));
    next.flush([]);
  });
});
