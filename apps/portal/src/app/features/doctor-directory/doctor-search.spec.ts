import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Doctor } from '../../core/api-types';
import { Clinic } from '../../core/clinic';
import { DoctorSearch } from './doctor-search';
import { aDoctor, apiTesting } from '../../testing/fixtures';
import { settle } from '../../testing/spec-steps';

// Timers (debounces, dialog animations, polling) are run by the test, not waited for.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const amara: Doctor = aDoctor({ bio: null, languages: ['English'], consultationTypes: ['in_person'], nextAvailableAt: '2026-03-02T09:00:00.000Z' });

describe('DoctorSearch', () => {
  let http: HttpTestingController;
  let router: Router;
  let harness: RouterTestingHarness;

  async function open(url: string, specialties = [{ id: 's1', name: 'Cardiology', doctorCount: 2 }]): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: 'doctors', component: DoctorSearch }], withComponentInputBinding()),
        ...apiTesting(),
        {
          provide: Clinic,
          useValue: {
            timezone: () => 'Europe/London',
            info: { hasValue: () => true, value: () => ({ bookingHorizonDays: 60 }) },
          },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    harness = await RouterTestingHarness.create(url);
    await settle(harness);
    http.expectOne('/api/specialties').flush(specialties);
    http.expectOne('/api/doctors/locations').flush(['Central Clinic, London']);
  }

  function search(): TestRequest {
    return http.expectOne((request) => request.url === '/api/doctors');
  }

  function text(): string {
    return harness.routeNativeElement?.textContent ?? '';
  }

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  it('searches with the filters and page in the URL', async () => {
    await open('/doctors?specialty=Cardiology&consultationType=video&sort=name&page=2&pageSize=24&availableOn=2026-03-02');

    const request = search();
    const params = request.request.params;
    expect(params.get('specialty')).toBe('Cardiology');
    expect(params.get('consultationType')).toBe('video');
    expect(params.get('sort')).toBe('name');
    expect(params.get('page')).toBe('2');
    expect(params.get('pageSize')).toBe('24');
    expect(params.get('availableOn')).toBe('2026-03-02');
    expect(params.has('q')).toBe(false);
    request.flush({ items: [amara], total: 25 });
    await settle(harness);

    expect(text()).toContain('25 doctors');
    expect(text()).toContain('Dr Amara Okafor');
  });

  it('shows the URL’s search text in the search field', async () => {
    await open('/doctors?q=okafor');
    search().flush({ items: [amara], total: 1 });
    await settle(harness);
    const input = harness.routeNativeElement?.querySelector<HTMLInputElement>('[data-testid="q"]');
    expect(input?.value).toBe('okafor');
    expect(text()).toContain('1 doctor');
  });

  it('puts typed search text into the URL, back on the first page', async () => {
    await open('/doctors?page=3');
    search().flush({ items: [amara], total: 40 });
    await settle(harness);

    const input = harness.routeNativeElement?.querySelector<HTMLInputElement>('[data-testid="q"]') as HTMLInputElement;
    input.value = 'cardio';
    input.dispatchEvent(new Event('input'));
    await jest.advanceTimersByTimeAsync(400);
    await settle(harness);

    expect(router.url).toBe('/doctors?q=cardio');
    expect(search().request.params.get('q')).toBe('cardio');
  });

  it('explains an empty result and clears every filter from the URL', async () => {
    await open('/doctors?specialty=Cardiology&language=Igbo&sort=experience');
    search().flush({ items: [], total: 0 });
    await settle(harness);

    const empty = harness.routeNativeElement?.querySelector('[data-testid="empty"]');
    expect(empty?.textContent).toContain('No doctors match Cardiology, Speaks “Igbo”');

    const clear = Array.from(empty?.querySelectorAll('button') ?? []).find((b) => b.textContent?.includes('Clear filters'));
    clear?.click();
    await settle(harness);

    // Sorting is a preference, not a filter: it stays.
    expect(router.url).toBe('/doctors?sort=experience');
    search().flush({ items: [amara], total: 1 });
  });

  it('removes one filter from its chip', async () => {
    await open('/doctors?specialty=Cardiology&consultationType=in_person');
    search().flush({ items: [amara], total: 1 });
    await settle(harness);

    harness.routeNativeElement?.querySelector<HTMLButtonElement>('[aria-label="Remove filter Cardiology"]')?.click();
    await settle(harness);

    expect(router.url).toBe('/doctors?consultationType=in_person');
    search().flush({ items: [amara], total: 1 });
  });

  it('offers as filters only the specialties someone can be booked in', async () => {
    await open('/doctors', [
      { id: 's1', name: 'Cardiology', doctorCount: 2 },
      { id: 's2', name: 'Pulmonology', doctorCount: 0 },
      { id: 's3', name: 'Neurology', doctorCount: 1 },
    ]);
    search().flush({ items: [amara], total: 1 });
    await settle(harness);

    const select = harness.routeNativeElement?.querySelector('[data-testid="specialty"]');
    select?.querySelector<HTMLElement>('.mat-mdc-select-trigger')?.click();
    await settle(harness);
    const options = Array.from(document.querySelectorAll('mat-option')).map((option) => option.textContent?.trim());
    expect(options).toEqual(['All specialties', 'Cardiology', 'Neurology']);
  });

  it('still shows a specialty from the URL that nobody can be booked in, as chosen', async () => {
    await open('/doctors?specialty=Pulmonology', [{ id: 's2', name: 'Pulmonology', doctorCount: 0 }]);
    search().flush({ items: [], total: 0 });
    await settle(harness);

    const select = harness.routeNativeElement?.querySelector('[data-testid="specialty"]');
    expect(select?.textContent).toContain('Pulmonology');
  });

  it('offers a retry when the search fails', async () => {
    await open('/doctors');
    search().flush({ message: 'down' }, { status: 503, statusText: 'Unavailable' });
    await settle(harness);
    expect(text()).toContain('Doctors could not be loaded');
  });
});
