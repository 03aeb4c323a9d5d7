/**
 * Steps the portal's specs share: a clock that runs on from a set time, waits for what timers, effects and
 * the router do, and the afterEach of the pages that list appointments. For specs only.
 */
import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import type { EnvironmentProviders } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { RouterTestingHarness } from '@angular/router/testing';
import { jest } from '@jest/globals';
import { Subject, type Observable } from 'rxjs';
import type { ClinicInfo } from '../core/api-types';
import { Clinic } from '../core/clinic';
import { Realtime, type AppointmentUpdated } from '../core/realtime';
import { CLINIC_INFO, apiTesting } from './fixtures';

/** Date.now starts at `at` and runs on from there (RxJS's debounce reads it). Undone by jest.restoreAllMocks(). */
export function clockFrom(at: string | number): void {
  const realNow = Date.now.bind(Date);
  const start = realNow();
  const from = typeof at === 'number' ? at : Date.parse(at);
  jest.spyOn(Date, 'now').mockImplementation(() => from + (realNow() - start));
}

/** Runs the spec's fake timers and change detection, 20 ms at a time (at most 40 times), until `check` holds. */
export async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 40 && !check(); i++) {
    await jest.advanceTimersByTimeAsync(20);
    TestBed.tick();
  }
}

/**
 * Lets signals, resources and the router catch up (not whenStable: open requests keep it waiting): three
 * rounds of change detection (the harness's, or else TestBed's) and the timers due at once.
 */
export async function settle(harness?: RouterTestingHarness): Promise<void> {
  for (let round = 0; round < 3; round++) {
    if (harness) harness.fixture.detectChanges();
    else TestBed.tick();
    await jest.advanceTimersByTimeAsync(0);
  }
}

/**
 * The testing module of a page that lists appointments: its router (`router`, from provideRouter), the API,
 * and realtime appointment updates from `updates` (none by default). Returns the HttpTestingController.
 */
export function configureListPage(
  router: EnvironmentProviders,
  updates: Observable<AppointmentUpdated> = new Subject<AppointmentUpdated>(),
): HttpTestingController {
  TestBed.configureTestingModule({
    providers: [router, ...apiTesting(), { provide: Realtime, useValue: { appointmentUpdates: () => updates } }],
  });
  return TestBed.inject(HttpTestingController);
}

/** The clinic as the list pages' specs answer GET /api/clinic: London, no working hours. */
const LIST_CLINIC = { clinicName: 'Carebook Clinic', timezone: 'Europe/London', workingHours: [] } as unknown as ClinicInfo;

/**
 * Navigates a new harness to `url` the way a list page loads: answers the clinic, waits for the list
 * request (`lists` finds it), lets `lookups` answer the page's other look-ups and, given `items`, answers
 * the list with them and waits for the page to be stable. Returns the harness and the list request.
 */
export async function openListPage(
  url: string,
  lists: () => TestRequest[],
  options: { lookups?: () => void; items?: readonly unknown[] } = {},
): Promise<{ harness: RouterTestingHarness; list: TestRequest }> {
  const http = TestBed.inject(HttpTestingController);
  const harness = await RouterTestingHarness.create();
  const navigation = harness.navigateByUrl(url);
  await until(() => http.match('/api/clinic').map((r) => r.flush(LIST_CLINIC)).length > 0);
  let list: TestRequest[] = [];
  await until(() => (list = lists()).length > 0);
  options.lookups?.();
  const { items } = options;
  if (items) list[0].flush({ items, total: items.length });
  await navigation;
  if (items) await harness.fixture.whenStable();
  return { harness, list: list[0] };
}

/**
 * For afterEach: answers whatever is still asked with an empty page, checks that nothing else was left
 * unanswered, resets the testing module, empties the overlay container of what dialogs left, and
 * restores the mocks.
 */
export function answerEmptyAndReset(): void {
  const http = TestBed.inject(HttpTestingController);
  http.match(() => true).forEach((r) => r.flush({ items: [], total: 0 }));
  http.verify();
  TestBed.resetTestingModule();
  document.querySelectorAll('.cdk-overlay-container').forEach((element) => (element.innerHTML = ''));
  jest.restoreAllMocks();
}

/**
 * The clinic as GET /api/clinic answers it (`info`, the demo clinic by default), loaded before the page under
 * test asks: pages that write dates in the clinic's zone and locale then have it, rather than an open request.
 */
export function clinicLoaded(http: HttpTestingController, info: ClinicInfo = CLINIC_INFO): void {
  TestBed.inject(Clinic);
  TestBed.tick();
  http.expectOne('/api/clinic').flush(info);
  TestBed.tick();
}
