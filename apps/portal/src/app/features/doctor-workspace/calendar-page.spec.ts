import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { Subject } from 'rxjs';
import { AppointmentUpdated } from '../../core/realtime';
import { CalendarPage } from './calendar-page';
import { answerEmptyAndReset, clockFrom, configureListPage, openListPage, until } from '../../testing/spec-steps';

// Timers (debounces, dialog animations, polling) are run by the test, not waited for; the rest of
// time still passes, so the harness and dialogs settle on their own.
beforeEach(() => jest.useFakeTimers({ advanceTimers: true }));
afterEach(() => jest.useRealTimers());


function booked(id: string, startsAt: string, status: 'pending' | 'confirmed' | 'completed' | 'no_show') {
  return {
    id,
    status,
    startsAt,
    endsAt: new Date(Date.parse(startsAt) + 30 * 60_000).toISOString(),
    reason: 'Follow-up',
    patient: { id: `p-${id}`, fullName: `Patient ${id}` },
  };
}

describe('CalendarPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  let updates: Subject<AppointmentUpdated>;

  const page = () => harness.routeNativeElement as HTMLElement;
  const lists = (): TestRequest[] => http.match((r) => r.url === '/api/appointments');

  async function open(url: string, items: ReturnType<typeof booked>[]): Promise<TestRequest> {
    let list: TestRequest;
    ({ harness, list } = await openListPage(url, lists, {
      items,
      lookups: () =>
        http.match('/api/doctors/me/availability').forEach((r) =>
          r.flush({ slotMinutes: null, effectiveSlotMinutes: 30, autoApprove: false, weekly: [{ weekday: 1, start: '09:00', end: '17:00' }] }),
        ),
    }));
    return list;
  }

  beforeEach(() => {
    clockFrom('2026-11-25T12:00:00Z');
    updates = new Subject<AppointmentUpdated>();
    http = configureListPage(provideRouter([{ path: 'doctor/calendar', component: CalendarPage }], withComponentInputBinding()), updates);
  });

  afterEach(answerEmptyAndReset);

  it('asks for this week’s appointments and requests, Monday to Monday in the clinic’s time', async () => {
    const list = await open('/doctor/calendar', []);
    expect(list.request.params.get('from')).toBe('2026-11-23T00:00:00.000Z');
    expect(list.request.params.get('to')).toBe('2026-11-30T00:00:00.000Z');
    expect(list.request.params.getAll('status')).toEqual(['pending', 'confirmed', 'completed', 'no_show']);
    expect(page().querySelector('[data-testid="calendar-count"]')?.textContent).toContain('No booked appointments or requests this week');
  });

  it('asks for the 167 hours of the week the clocks go forward', async () => {
    const list = await open('/doctor/calendar?date=2026-03-26', []);
    expect(list.request.params.get('from')).toBe('2026-03-23T00:00:00.000Z');
    expect(list.request.params.get('to')).toBe('2026-03-29T23:00:00.000Z');
  });

  it('places each appointment on its day, greys what is over, and links to its page', async () => {
    await open('/doctor/calendar', [booked('a1', '2026-11-23T09:00:00Z', 'completed'), booked('a2', '2026-11-26T14:00:00Z', 'confirmed')]);
    const monday = page().querySelector('[data-testid="calendar-day-2026-11-23"]');
    const seen = monday?.querySelector<HTMLAnchorElement>('[data-testid="calendar-item-a1"]');
    expect(seen?.classList).toContain('done');
    expect(seen?.getAttribute('href')).toBe('/appointments/a1');
    const thursday = page().querySelector('[data-testid="calendar-day-2026-11-26"]');
    const ahead = thursday?.querySelector<HTMLAnchorElement>('[data-testid="calendar-item-a2"]');
    expect(ahead?.classList).not.toContain('done');
    expect(ahead?.textContent).toContain('Patient a2');
  });

  it('tells requests apart from confirmed appointments: drawn differently, explained in a key, and said to screen readers', async () => {
    await open('/doctor/calendar', [booked('a1', '2026-11-26T09:00:00Z', 'pending'), booked('a2', '2026-11-26T14:00:00Z', 'confirmed')]);
    const request = page().querySelector<HTMLAnchorElement>('[data-testid="calendar-item-a1"]');
    const confirmed = page().querySelector<HTMLAnchorElement>('[data-testid="calendar-item-a2"]');
    expect(request?.classList).toContain('pending');
    expect(request?.classList).not.toContain('done');
    expect(request?.getAttribute('aria-label')).toMatch(/^09:00.* Patient a1, request waiting for your answer: Follow-up$/);
    expect(confirmed?.classList).not.toContain('pending');
    expect(confirmed?.getAttribute('aria-label')).toMatch(/ Patient a2: Follow-up$/);
    const legend = [...page().querySelectorAll('[data-testid="calendar-legend"] li')].map((li) => li.textContent?.trim());
    expect(legend).toEqual(['Confirmed', 'Request, waiting for your answer', 'Completed or no-show']);
    expect(page().querySelector('[data-testid="calendar-count"]')?.textContent?.replace(/\s+/g, ' ')).toContain('1 appointment, 1 request waiting for your answer.');
  });

  it('moves a week at a time and back to today', async () => {
    await open('/doctor/calendar', []);
    const router = TestBed.inject(Router);
    page().querySelector<HTMLButtonElement>('[data-testid="calendar-next"]')?.click();
    await until(() => router.url.includes('date='));
    expect(router.url).toBe('/doctor/calendar?date=2026-11-30');
    let list: TestRequest[] = [];
    await until(() => (list = lists()).length > 0);
    expect(list[0].request.params.get('from')).toBe('2026-11-30T00:00:00.000Z');
    list[0].flush({ items: [], total: 0 });
    page().querySelector<HTMLButtonElement>('[data-testid="calendar-today"]')?.click();
    await until(() => router.url === '/doctor/calendar');
    expect(router.url).toBe('/doctor/calendar');
  });

  it('shows one day in the day view', async () => {
    const list = await open('/doctor/calendar?view=day&date=2026-11-24', []);
    expect(list.request.params.get('from')).toBe('2026-11-24T00:00:00.000Z');
    expect(list.request.params.get('to')).toBe('2026-11-25T00:00:00.000Z');
    expect(page().querySelectorAll('[data-testid^="calendar-day-"]')).toHaveLength(1);
  });

  it('refreshes when one of the doctor’s appointments changes', async () => {
    await open('/doctor/calendar', []);
    updates.next({
      id: 'a9',
      event: 'approved',
      status: 'confirmed',
      doctorId: 'd1',
      patientId: 'p1',
      startsAt: '2026-11-27T10:00:00Z',
      endsAt: '2026-11-27T10:30:00Z',
    });
    let reload: TestRequest[] = [];
    await until(() => (reload = lists()).length > 0);
    expect(reload).toHaveLength(1);
  });
});
