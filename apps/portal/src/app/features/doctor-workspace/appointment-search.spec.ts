import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { AppointmentSearch } from './appointment-search';
import { answerEmptyAndReset, clockFrom, configureListPage, openListPage, until } from '../../testing/spec-steps';

// Timers (debounces, dialog animations, polling) are run by the test, not waited for; the rest of
// time still passes, so the harness and dialogs settle on their own.
beforeEach(() => jest.useFakeTimers({ advanceTimers: true }));
afterEach(() => jest.useRealTimers());

const FOUND = {
  id: 'a1',
  status: 'declined',
  startsAt: '2026-11-02T10:00:00Z',
  endsAt: '2026-11-02T10:30:00Z',
  reason: 'Chest pain when climbing stairs',
  statusReason: 'Please see your GP first',
  patientDetails: { age: 51, gender: 'male' },
  patient: { id: 'p1', fullName: 'Noah Clarke' },
};

describe('AppointmentSearch', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  const page = () => harness.routeNativeElement as HTMLElement;
  const lists = (): TestRequest[] => http.match((r) => r.url === '/api/appointments');

  async function open(url: string): Promise<TestRequest> {
    let list: TestRequest;
    ({ harness, list } = await openListPage(url, lists, { lookups: () => http.match('/api/specialties').forEach((r) => r.flush([])) }));
    return list;
  }

  beforeEach(() => {
    clockFrom('2026-11-23T12:00:00Z');
    http = configureListPage(provideRouter([{ path: 'doctor/appointments', component: AppointmentSearch }]));
  });

  afterEach(answerEmptyAndReset);

  it('searches the words typed after a pause, keeping them in the address', async () => {
    (await open('/doctor/appointments')).flush({ items: [], total: 0 });
    await harness.fixture.whenStable();
    const input = page().querySelector<HTMLInputElement>('[data-testid="filter-q"]');
    if (input) {
      input.value = ' chest pain ';
      input.dispatchEvent(new Event('input'));
    }
    const router = TestBed.inject(Router);
    await until(() => router.url.includes('q='));
    expect(router.url).toBe('/doctor/appointments?q=chest%20pain');
    let list: TestRequest[] = [];
    await until(() => (list = lists()).length > 0);
    expect(list[0].request.params.get('q')).toBe('chest pain');
    expect(list[0].request.params.get('from')).toBe('2026-11-23');
  });

  it('lists what matches with its status and reason, linking to each appointment', async () => {
    const list = await open('/doctor/appointments?q=chest&when=all&status=declined');
    expect(list.request.params.get('order')).toBe('desc');
    expect(list.request.params.getAll('status')).toEqual(['declined']);
    list.flush({ items: [FOUND], total: 1 });
    await harness.fixture.whenStable();
    const row = page().querySelector<HTMLAnchorElement>('[data-testid="appointment-a1"]');
    expect(row?.getAttribute('href')).toBe('/appointments/a1');
    expect(row?.textContent).toContain('Noah Clarke');
    expect(row?.textContent).toContain('51 y · Male');
    expect(row?.textContent).toContain('Declined');
    expect(row?.textContent).toContain('Please see your GP first');
    expect(page().querySelector('[data-testid="result-count"]')?.textContent).toContain('1 appointment');
  });

  it('offers to search any date when nothing from today matches', async () => {
    (await open('/doctor/appointments?q=migraine')).flush({ items: [], total: 0 });
    await harness.fixture.whenStable();
    const empty = page().querySelector('[data-testid="empty"]');
    expect(empty?.textContent).toContain('No appointments match');
    empty?.querySelector<HTMLButtonElement>('button')?.click();
    const router = TestBed.inject(Router);
    await until(() => router.url.includes('when=all'));
    expect(router.url).toBe('/doctor/appointments?q=migraine&when=all');
  });
});
