import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { type Appointment } from '@carebook/api-client';
import { Subject } from 'rxjs';
import { AppointmentUpdated } from '../../../core/realtime';
import { actionButtons } from './appointment-actions';
import { AppointmentsPage } from './appointments-page';
import { apiError, anAppointment } from '../../../testing/fixtures';
import { answerEmptyAndReset, clockFrom, configureListPage, openListPage, until } from '../../../testing/spec-steps';

// Timers (debounces, dialog animations, polling) are run by the test, not waited for; the rest of
// time still passes, so the harness and dialogs settle on their own.
beforeEach(() => jest.useFakeTimers({ advanceTimers: true }));
afterEach(() => jest.useRealTimers());

const DOCTOR_ID = '0b7c8a44-6f0e-4c1a-9d59-2f8a4c1e9b10';

function appointment(id: string, status: Appointment['status'], actions: Appointment['actions'], startsAt: string): Appointment {
  const base = anAppointment({ id, status });
  return {
    ...base,
    id,
    status,
    actions,
    startsAt,
    endsAt: new Date(Date.parse(startsAt) + 30 * 60_000).toISOString(),
    doctorId: DOCTOR_ID,
    doctor: { ...base.doctor, id: DOCTOR_ID },
    reason: 'Palpitations at night',
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-20T10:00:00.000Z',
  };
}

const PENDING = appointment('a1', 'pending', ['approve', 'decline', 'cancel', 'reschedule'], '2026-11-25T10:00:00.000Z');
const OVER = appointment('a2', 'confirmed', ['complete', 'no_show'], '2026-11-23T09:00:00.000Z');
const AHEAD = appointment('a3', 'confirmed', ['cancel', 'reschedule'], '2026-11-26T14:00:00.000Z');

describe('actionButtons', () => {
  it('puts the decision a row waits for on buttons and cancelling in the menu', () => {
    expect(actionButtons(PENDING)).toEqual({ primary: ['approve', 'decline'], more: ['cancel'], reschedule: true });
    expect(actionButtons(OVER)).toEqual({ primary: ['complete', 'no_show'], more: [], reschedule: false });
    expect(actionButtons(AHEAD)).toEqual({ primary: ['cancel'], more: [], reschedule: true });
    expect(actionButtons({ actions: [] })).toEqual({ primary: [], more: [], reschedule: false });
  });
});

describe('AppointmentsPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  let updates: Subject<AppointmentUpdated>;

  const page = () => harness.routeNativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement>(id: string) => document.querySelector<T>(`[data-testid="${id}"]`);
  const lists = (): TestRequest[] => http.match((r) => r.url === '/api/appointments' && r.method === 'GET');

  async function open(url: string, items: Appointment[]): Promise<TestRequest> {
    let list: TestRequest;
    ({ harness, list } = await openListPage(url, lists, {
      items,
      // The pickers' and the specialty list's own look-ups.
      lookups: () => {
        http.match((r) => r.url === '/api/admin/users').forEach((r) => r.flush({ items: [], total: 0 }));
        http.match('/api/specialties').forEach((r) => r.flush([{ id: 's1', name: 'Cardiology' }]));
      },
    }));
    return list;
  }

  beforeEach(() => {
    clockFrom('2026-11-23T12:00:00Z');
    updates = new Subject<AppointmentUpdated>();
    http = configureListPage(provideRouter([{ path: 'admin/appointments', component: AppointmentsPage }]), updates);
  });

  afterEach(answerEmptyAndReset);

  it('asks for what the address says: today onwards by default, else the filters chosen', async () => {
    const first = await open('/admin/appointments', []);
    expect(first.request.params.get('from')).toBe('2026-11-23');
    expect(first.request.params.get('order')).toBe('asc');
    expect(page().querySelector('[data-testid="empty"]')?.textContent).toContain('No appointments match');

    await harness.navigateByUrl(`/admin/appointments?status=pending,confirmed&doctorId=${DOCTOR_ID}&when=past&q=chest`);
    let list: TestRequest[] = [];
    await until(() => (list = lists()).length > 0);
    const params = list[0].request.params;
    expect(params.getAll('status')).toEqual(['pending', 'confirmed']);
    expect(params.get('doctorId')).toBe(DOCTOR_ID);
    expect(params.get('to')).toBe('2026-11-22');
    expect(params.get('order')).toBe('desc');
    expect(params.get('q')).toBe('chest');
    list[0].flush({ items: [PENDING], total: 1 });
    await harness.fixture.whenStable();
    // The doctor filter is named from the results.
    expect(page().textContent).toContain('Doctor: Dr Amara Okafor');
  });

  it('removes a filter from the address when its chip is removed', async () => {
    await open('/admin/appointments?status=pending&q=rash', [PENDING]);
    page().querySelector<HTMLButtonElement>('[aria-label="Remove filter Pending"]')?.click();
    await until(() => lists().length > 0);
    const router = TestBed.inject(Router);
    expect(router.url).toBe('/admin/appointments?q=rash');
  });

  it('offers only what each appointment allows', async () => {
    await open('/admin/appointments', [PENDING, OVER, AHEAD]);
    expect(byTestId('approve-a1')).not.toBeNull();
    expect(byTestId('decline-a1')).not.toBeNull();
    expect(byTestId('complete-a1')).toBeNull();
    expect(byTestId('complete-a2')).not.toBeNull();
    expect(byTestId('no-show-a2')).not.toBeNull();
    expect(byTestId('approve-a2')).toBeNull();
    expect(byTestId('cancel-a3')).not.toBeNull();
    expect(byTestId('approve-a3')).toBeNull();
  });

  it('approves in one click and shows the new status', async () => {
    await open('/admin/appointments', [PENDING, OVER]);
    byTestId<HTMLButtonElement>('approve-a1')?.click();
    const approve = http.expectOne('/api/appointments/a1/approve');
    expect(approve.request.method).toBe('POST');
    approve.flush({ ...PENDING, status: 'confirmed', actions: ['cancel', 'reschedule'] });
    TestBed.tick();
    expect(document.querySelector('.mat-mdc-snack-bar-container')?.textContent).toContain('Approved: Olivia Bennett with Dr Amara Okafor');
    let reload: TestRequest[] = [];
    await until(() => (reload = lists()).length > 0);
    reload[0].flush({ items: [{ ...PENDING, status: 'confirmed', actions: ['cancel', 'reschedule'] }, OVER], total: 2 });
    await harness.fixture.whenStable();
    expect(byTestId('approve-a1')).toBeNull();
    expect(byTestId('appointment-a1')?.textContent).toContain('Confirmed');
  });

  it('marks a no-show only after confirming', async () => {
    await open('/admin/appointments', [OVER]);
    byTestId<HTMLButtonElement>('no-show-a2')?.click();
    await harness.fixture.whenStable();
    http.expectNone('/api/appointments/a2/no-show');
    byTestId<HTMLButtonElement>('confirm')?.click();
    let requests: TestRequest[] = [];
    await until(() => (requests = http.match('/api/appointments/a2/no-show')).length > 0);
    expect(requests).toHaveLength(1);
    requests[0].flush({ ...OVER, status: 'no_show', actions: [] });
  });

  it('cancels from the menu with the reason typed', async () => {
    await open('/admin/appointments', [PENDING]);
    byTestId<HTMLButtonElement>('more-a1')?.click();
    await harness.fixture.whenStable();
    byTestId<HTMLButtonElement>('cancel-a1')?.click();
    await until(() => byTestId('status-reason') !== null);
    await harness.fixture.whenStable();
    const reason = byTestId<HTMLTextAreaElement>('status-reason');
    if (reason) {
      reason.value = 'The doctor is unwell';
      reason.dispatchEvent(new Event('input'));
    }
    byTestId<HTMLButtonElement>('confirm-reason')?.click();
    const cancel = http.expectOne('/api/appointments/a1/cancel');
    expect(cancel.request.body).toEqual({ reason: 'The doctor is unwell' });
    cancel.flush({ ...PENDING, status: 'cancelled', statusReason: 'The doctor is unwell', actions: [] });
    await until(() => document.querySelector('.mat-mdc-snack-bar-container') !== null);
    expect(document.querySelector('.mat-mdc-snack-bar-container')?.textContent).toContain('Cancelled: Olivia Bennett');
  });

  it('refreshes with a message when the appointment changed meanwhile (409)', async () => {
    await open('/admin/appointments', [OVER]);
    byTestId<HTMLButtonElement>('complete-a2')?.click();
    http.expectOne('/api/appointments/a2/complete').flush(...apiError(409, 'This appointment is cancelled, so it can’t be completed'));
    TestBed.tick();
    expect(document.querySelector('.mat-mdc-snack-bar-container')?.textContent).toContain('Already handled elsewhere');
    let reload: TestRequest[] = [];
    await until(() => (reload = lists()).length > 0);
    expect(reload).toHaveLength(1);
  });

  it('refreshes when an appointment changes anywhere in the clinic', async () => {
    await open('/admin/appointments', [PENDING]);
    updates.next({ ...PENDING, event: 'approved', status: 'confirmed' });
    let reload: TestRequest[] = [];
    await until(() => (reload = lists()).length > 0);
    expect(reload).toHaveLength(1);
  });
});
