import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { type Appointment } from '@carebook/api-client';
import { Subject } from 'rxjs';
import { Clinic } from '../../core/clinic';
import { Realtime } from '../../core/realtime';
import { MyAppointments, tabQuery } from './my-appointments';
import { anAppointment, apiTesting } from '../../testing/fixtures';
import { settle } from '../../testing/spec-steps';

// Timers (debounces, dialog animations, polling) are run by the test, not waited for.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

function appointment(id: string, status: Appointment['status'], startsAt = '2030-03-04T09:00:00.000Z'): Appointment {
  return anAppointment({ id, status, startsAt });
}

describe('tabQuery', () => {
  const now = Date.parse('2030-03-04T10:15:00.000Z');

  it('asks for upcoming appointments from now on, soonest first', () => {
    expect(tabQuery('upcoming', 1, now)).toEqual({ from: '2030-03-04T10:15:00.000Z', order: 'asc', page: 1, pageSize: 10 });
  });

  it('asks for past appointments before now, latest first', () => {
    expect(tabQuery('past', 3, now)).toEqual({ to: '2030-03-04T10:15:00.000Z', order: 'desc', page: 3, pageSize: 10 });
  });
});

describe('MyAppointments', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;
  let updates: Subject<unknown>;

  async function open(url = '/patient/appointments'): Promise<void> {
    harness = await RouterTestingHarness.create(url);
    await settle(harness);
  }

  function listRequest(): TestRequest {
    return http.expectOne((request) => request.url === '/api/appointments');
  }

  function page(): HTMLElement {
    return harness.routeNativeElement as HTMLElement;
  }

  beforeEach(() => {
    updates = new Subject();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'patient/appointments', component: MyAppointments },
          { path: 'doctors', children: [] },
          { path: 'appointments/:id', children: [] },
        ]),
        ...apiTesting(),
        { provide: Clinic, useValue: { timezone: () => 'Europe/London' } },
        { provide: Realtime, useValue: { appointmentUpdates: () => updates } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  it('starts on upcoming appointments from now, soonest first, each linking to its page with its status', async () => {
    await open();
    const request = listRequest();
    expect(request.request.params.get('order')).toBe('asc');
    expect(request.request.params.has('to')).toBe(false);
    expect(Math.abs(Date.parse(request.request.params.get('from') ?? '') - Date.now())).toBeLessThan(5_000);
    request.flush({ items: [appointment('a1', 'pending'), appointment('a2', 'no_show')], total: 2 });
    await settle(harness);

    const items = page().querySelectorAll('[data-testid="appointment-item"]');
    expect(items).toHaveLength(2);
    expect(items[0].getAttribute('href')).toBe('/appointments/a1');
    expect(items[0].textContent).toContain('Dr Amara Okafor');
    expect(items[0].textContent).toContain('Cardiology');
    expect(items[0].querySelector('[data-testid="appointment-status"]')?.textContent).toBe('Pending');
    expect(items[1].querySelector('[data-testid="appointment-status"]')?.textContent).toBe('No-show');
  });

  it('shows past appointments before now, latest first, on the Past tab', async () => {
    await open();
    listRequest().flush({ items: [], total: 0 });
    await settle(harness);
    page().querySelector<HTMLAnchorElement>('[data-testid="tab-past"]')?.click();
    await settle(harness);

    expect(TestBed.inject(Router).url).toBe('/patient/appointments?tab=past');
    const request = listRequest();
    expect(request.request.params.get('order')).toBe('desc');
    expect(request.request.params.has('from')).toBe(false);
    expect(Math.abs(Date.parse(request.request.params.get('to') ?? '') - Date.now())).toBeLessThan(5_000);
    request.flush({ items: [], total: 0 });
    await settle(harness);
    expect(page().querySelector('[data-testid="empty-past"]')?.textContent).toContain('No past appointments');
  });

  it('invites the patient to book when nothing is coming up', async () => {
    await open();
    listRequest().flush({ items: [], total: 0 });
    await settle(harness);
    const empty = page().querySelector('[data-testid="empty-upcoming"]');
    expect(empty?.textContent).toContain('No upcoming appointments');
    expect(empty?.querySelector('a')?.getAttribute('href')).toBe('/doctors');
  });

  it('pages through long lists, keeping the page in the address', async () => {
    await open('/patient/appointments?tab=past&page=2');
    const request = listRequest();
    expect(request.request.params.get('page')).toBe('2');
    expect(request.request.params.get('pageSize')).toBe('10');
    request.flush({ items: Array.from({ length: 10 }, (_, i) => appointment(`a${i}`, 'completed')), total: 25 });
    await settle(harness);

    expect(page().querySelector('mat-paginator')).not.toBeNull();
    const scrollTo = jest.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
    page().querySelector<HTMLButtonElement>('.mat-mdc-paginator-navigation-next')?.click();
    await settle(harness);
    expect(TestBed.inject(Router).url).toBe('/patient/appointments?tab=past&page=3');
    expect(scrollTo).toHaveBeenCalled();
    listRequest().flush({ items: [], total: 25 });
  });

  it('fetches the list again when one of the appointments changes elsewhere', async () => {
    await open();
    listRequest().flush({ items: [appointment('a1', 'pending')], total: 1 });
    await settle(harness);

    updates.next({ id: 'a1', status: 'confirmed' });
    await jest.advanceTimersByTimeAsync(350);
    await settle(harness);
    listRequest().flush({ items: [appointment('a1', 'confirmed')], total: 1 });
    await settle(harness);
    expect(page().querySelector('[data-testid="appointment-status"]')?.textContent).toBe('Confirmed');
  });

  it('says when the list could not be loaded and lets the patient retry', async () => {
    await open();
    listRequest().flush({ statusCode: 500, message: 'boom' }, { status: 500, statusText: 'Server Error' });
    await settle(harness);
    const error = page().querySelector('[data-testid="list-error"]');
    expect(error?.textContent).toContain('could not be loaded');
    error?.querySelector('button')?.click();
    await settle(harness);
    listRequest().flush({ items: [], total: 0 });
  });
});
