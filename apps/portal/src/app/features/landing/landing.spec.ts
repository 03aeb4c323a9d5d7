import { HttpTestingController } from '@angular/common/http/testing';
import { PLATFORM_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { Clinic } from '../../core/clinic';
import { aDoctor, apiTesting } from '../../testing/fixtures';
import { settle } from '../../testing/spec-steps';
import { hoursByDay, Landing, OFFERS } from './landing';

describe('hoursByDay', () => {
  it('lists every weekday with its windows in order, and the days without any as closed', () => {
    const days = hoursByDay([
      { weekday: 1, start: '13:00', end: '18:00' },
      { weekday: 1, start: '08:00', end: '12:00' },
      { weekday: 6, start: '09:00', end: '13:00' },
    ]);
    expect(days).toHaveLength(7);
    expect(days[0]).toEqual({ day: 'Monday', hours: '08:00–12:00, 13:00–18:00' });
    expect(days[1]).toEqual({ day: 'Tuesday', hours: 'Closed' });
    expect(days[5]).toEqual({ day: 'Saturday', hours: '09:00–13:00' });
    expect(days[6]).toEqual({ day: 'Sunday', hours: 'Closed' });
  });
});

describe('Landing', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: '', component: Landing },
          { path: 'doctors', children: [] },
          { path: 'doctors/:id', children: [] },
          { path: 'sign-in', children: [] },
          { path: 'register', children: [] },
        ]),
        ...apiTesting(),
        {
          provide: Clinic,
          useValue: {
            timezone: () => 'Europe/London',
            info: {
              hasValue: () => true,
              value: () => ({
                clinicName: 'Riverside Clinic',
                bookingHorizonDays: 90,
                workingHours: [{ weekday: 1, start: '08:00', end: '18:00' }],
                upcomingHolidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
              }),
            },
          },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create('/');
    await settle(harness);
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  it('says what the clinic offers and offers only specialties someone can be booked in', async () => {
    http.expectOne('/api/specialties').flush([
      { id: 's1', name: 'Cardiology', doctorCount: 2 },
      { id: 's2', name: 'Pulmonology', doctorCount: 0 },
    ]);
    const soon = http.expectOne((request) => request.url === '/api/doctors');
    expect(soon.request.params.get('sort')).toBe('nextAvailable');
    soon.flush({ items: [aDoctor({ id: 'free', fullName: 'Dr Free', nextAvailableAt: '2026-03-02T09:00:00Z' }), aDoctor({ id: 'busy', fullName: 'Dr Busy', nextAvailableAt: null })], total: 2 });
    await settle(harness);

    const element = harness.routeNativeElement as HTMLElement;
    expect(element.querySelector('h1')?.textContent).toContain('Riverside Clinic');
    const offers = Array.from(element.querySelectorAll('[data-testid="offers"] h3')).map((h) => h.textContent?.trim());
    expect(offers).toEqual(OFFERS.map((offer) => offer.title));
    const specialties = Array.from(element.querySelectorAll('nav[aria-label="Specialties"] a'));
    expect(specialties.map((a) => a.textContent?.trim())).toEqual(['Cardiology']);
    expect(specialties[0].getAttribute('href')).toBe('/doctors?specialty=Cardiology');
    // "Available soon" promises a free time: only doctors who have one.
    expect(element.textContent).toContain('Dr Free');
    expect(element.textContent).not.toContain('Dr Busy');
    expect(element.textContent).toContain('Christmas Day');
    expect(element.querySelector('a[href="/sign-in"]')?.textContent).toContain('Sign in');
    expect(element.querySelector('a[href="/register"]')?.textContent).toContain('Create an account');
  });
});

describe('Landing, as the build prerenders it', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('asks the API nothing and keeps the places of what the browser will load', async () => {
    TestBed.configureTestingModule({
      providers: [
        // The platform the build's prerender runs on; the real Clinic service, which must not ask either.
        { provide: PLATFORM_ID, useValue: 'server' },
        provideRouter([
          { path: '', component: Landing },
          { path: 'doctors', children: [] },
          { path: 'sign-in', children: [] },
          { path: 'register', children: [] },
        ]),
        ...apiTesting(),
      ],
    });
    const http = TestBed.inject(HttpTestingController);
    const harness = await RouterTestingHarness.create('/');
    await settle(harness);

    http.expectNone(() => true);
    const element = harness.routeNativeElement as HTMLElement;
    expect(element.querySelector('h1')?.textContent).toContain('Carebook');
    expect(element.querySelector('form[role="search"]')).not.toBeNull();
    // The specialties' row and the free doctors' cards hold their places, as while loading in the browser.
    expect(element.querySelector('nav[aria-label="Specialties"]')).not.toBeNull();
    expect(element.querySelectorAll('.soon .placeholder')).toHaveLength(4);
    expect(element.textContent).not.toContain('could not be loaded');
    // No timezone is claimed before the clinic has said which.
    expect(element.textContent).toContain('Opening hours');
    expect(element.textContent).not.toContain('Times in');
    http.verify();
  });
});
