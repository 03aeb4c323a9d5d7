import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ClinicInfo, TimeOff } from '../../core/api-types';
import { TimeOffPage } from './time-off-page';
import { apiError, apiTesting } from '../../testing/fixtures';

// Timers (debounces, dialog animations, polling) are run by the test, not waited for; the rest of
// time still passes, so the harness and dialogs settle on their own.
beforeEach(() => jest.useFakeTimers({ advanceTimers: true }));
afterEach(() => jest.useRealTimers());

const CLINIC = { clinicName: 'Carebook Clinic', timezone: 'Europe/London', workingHours: [] } as unknown as ClinicInfo;

const HOLIDAY: TimeOff = {
  id: 't1',
  startsAt: '2026-12-24T00:00:00.000Z',
  endsAt: '2026-12-29T00:00:00.000Z',
  reason: 'Christmas',
};
// 09:00–13:00 BST.
const MORNING: TimeOff = { id: 't2', startsAt: '2027-06-01T08:00:00.000Z', endsAt: '2027-06-01T12:00:00.000Z', reason: null };

describe('TimeOffPage', () => {
  let fixture: ComponentFixture<TimeOffPage>;
  let http: HttpTestingController;
  let page: HTMLElement;

  async function open(list: TimeOff[]): Promise<void> {
    fixture = TestBed.createComponent(TimeOffPage);
    page = fixture.nativeElement as HTMLElement;
    TestBed.tick();
    http.match('/api/clinic').forEach((request) => request.flush(CLINIC));
    http.expectOne('/api/doctors/me/time-off').flush(list);
    await fixture.whenStable();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [TimeOffPage],
      providers: [provideRouter([]), ...apiTesting()],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  it('invites to add time off when there is none', async () => {
    await open([]);
    expect(page.querySelector('[data-testid="empty"]')?.textContent).toContain('No time off planned');
  });

  it('offers to try again when the list cannot be loaded', async () => {
    fixture = TestBed.createComponent(TimeOffPage);
    page = fixture.nativeElement as HTMLElement;
    TestBed.tick();
    http.match('/api/clinic').forEach((request) => request.flush(CLINIC));
    http.expectOne('/api/doctors/me/time-off').flush(...apiError(500, 'boom'));
    await fixture.whenStable();

    const state = page.querySelector('[role="alert"]');
    expect(state?.textContent).toContain('Your time off could not be loaded.');
    expect(state?.querySelector('button')?.textContent?.trim()).toBe('Retry');
  });

  it('lists whole days as dates and part days with clinic times', async () => {
    await open([HOLIDAY, MORNING]);
    const holiday = page.querySelector('[data-testid="time-off-t1"]')?.textContent ?? '';
    expect(holiday).toContain('All day · 5 days');
    expect(holiday).toContain('Christmas');
    const morning = page.querySelector('[data-testid="time-off-t2"]')?.textContent ?? '';
    // Clinic (London) time in the test's locale: 09:00–13:00 or 09:00 AM–01:00 PM.
    expect(morning).toMatch(/09:00( AM)?–(13:00|01:00 PM)/);
    expect(morning).toContain('No reason given');
  });

  it('removes time off only after confirmation', async () => {
    await open([HOLIDAY, MORNING]);
    page.querySelector<HTMLButtonElement>('[data-testid="time-off-t1"] button')?.click();
    await fixture.whenStable();
    http.expectNone('/api/doctors/me/time-off/t1');

    const confirm = document.querySelector<HTMLButtonElement>('[data-testid="confirm"]');
    expect(confirm).not.toBeNull();
    confirm?.click();
    // The dialog reports its answer once it has finished closing.
    let requests: TestRequest[] = [];
    for (let i = 0; i < 10 && requests.length === 0; i++) {
      await jest.advanceTimersByTimeAsync(20);
      requests = http.match('/api/doctors/me/time-off/t1');
    }

    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request.request.method).toBe('DELETE');
    request.flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    expect(page.querySelector('[data-testid="time-off-t1"]')).toBeNull();
    expect(page.querySelector('[data-testid="time-off-t2"]')).not.toBeNull();
  });
});
