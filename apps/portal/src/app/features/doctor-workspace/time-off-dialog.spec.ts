import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { TimeOffDialog, spanProblem } from './time-off-dialog';
import { setClinicLocale } from '../../shared/clinic-time';
import { CLINIC_INFO, apiError, dialogTesting, findByTestId } from '../../testing/fixtures';
import { clinicLoaded } from '../../testing/spec-steps';

describe('TimeOffDialog', () => {
  let fixture: ComponentFixture<TimeOffDialog>;
  let http: HttpTestingController;
  let page: HTMLElement;
  let close: jest.Mock;

  beforeEach(async () => {
    // "Now" is Monday 23 November 2026, midday in London.
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-23T12:00:00Z'));
    close = jest.fn();
    TestBed.configureTestingModule({
      imports: [TimeOffDialog],
      providers: dialogTesting({ timezone: 'Europe/London' }, close),
    });
    http = TestBed.inject(HttpTestingController);
    clinicLoaded(http);
    fixture = TestBed.createComponent(TimeOffDialog);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
    jest.restoreAllMocks();
    setClinicLocale({ locale: 'en-GB', hourCycle: 'h23' });
  });

  const byTestId = <T extends HTMLElement>(id: string) => findByTestId<T>(page, id);

  async function type(id: string, value: string): Promise<void> {
    const input = byTestId<HTMLInputElement>(id);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
    await fixture.whenStable();
  }

  async function toggleAllDay(): Promise<void> {
    byTestId('all-day').querySelector('input')?.click();
    await fixture.whenStable();
  }

  async function submit(): Promise<void> {
    page.querySelector('form')?.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
  }

  /** Turns "All day" off, types both ends as "YYYY-MM-DD HH:mm" clinic wall times, and submits. */
  async function submitPartDays(start: string, end: string): Promise<void> {
    await toggleAllDay();
    for (const [edge, value] of [['start', start], ['end', end]]) {
      const [date, time] = value.split(' ');
      await type(`${edge}-date`, date);
      await type(`${edge}-time`, time);
    }
    await submit();
  }

  const fieldError = (id: string) =>
    byTestId(id).closest('mat-form-field')?.querySelector('mat-error')?.textContent?.trim();

  it('starts as one whole day today, in the clinic’s calendar, written as the clinic writes dates', () => {
    expect(byTestId<HTMLInputElement>('start-date').value).toBe('23/11/2026');
    expect(byTestId<HTMLInputElement>('end-date').value).toBe('23/11/2026');
    expect(page.querySelector('[data-testid="start-time"]')).toBeNull();
  });

  it('shows times on the clinic’s clock: 24-hour, or 12-hour where the clinic says so', async () => {
    await toggleAllDay();
    expect(byTestId<HTMLInputElement>('start-time').value).toBe('09:00');
    expect(byTestId<HTMLInputElement>('end-time').value).toBe('17:00');
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({ imports: [TimeOffDialog], providers: dialogTesting({ timezone: 'America/New_York' }, close) });
    http = TestBed.inject(HttpTestingController);
    clinicLoaded(http, { ...CLINIC_INFO, timezone: 'America/New_York', locale: 'en-US', hourCycle: 'h12' });
    fixture = TestBed.createComponent(TimeOffDialog);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    expect(byTestId<HTMLInputElement>('start-date').value).toBe('11/23/2026');
    await toggleAllDay();
    expect(byTestId<HTMLInputElement>('end-time').value).toBe('5:00 PM');
    // Typed the 12-hour way, read as the clinic's wall-clock time.
    await type('start-time', '8:30 AM');
    await type('end-time', '1:15 PM');
    await submit();
    const request = http.expectOne('/api/doctors/me/time-off');
    expect(request.request.body).toEqual({ startsAt: '2026-11-23T13:30:00.000Z', endsAt: '2026-11-23T18:15:00.000Z' });
    request.flush({ id: 't3', ...request.request.body, reason: null });
    await fixture.whenStable();
  });

  it('sends whole days as clinic midnights, following the clock change (28 March 2027 in London)', async () => {
    await type('start-date', '2027-03-27');
    await type('end-date', '2027-03-28');
    await type('reason', '  Conference ');
    expect(byTestId('span-summary').textContent).toContain('All day · 2 days');
    await submit();

    const request = http.expectOne('/api/doctors/me/time-off');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({
      startsAt: '2027-03-27T00:00:00.000Z',
      // Midnight ending Sunday 28 March is 00:00 BST on the 29th: 23:00 UTC.
      endsAt: '2027-03-28T23:00:00.000Z',
      reason: 'Conference',
    });
    const created = { id: 't1', ...request.request.body };
    request.flush(created);
    await fixture.whenStable();
    expect(close).toHaveBeenCalledWith(created);
  });

  it('sends part days as clinic wall times (an hour repeated at fall-back is its first occurrence)', async () => {
    await submitPartDays('2027-10-31 01:30', '2027-10-31 02:00');

    const request = http.expectOne('/api/doctors/me/time-off');
    expect(request.request.body).toEqual({ startsAt: '2027-10-31T00:30:00.000Z', endsAt: '2027-10-31T02:00:00.000Z' });
    request.flush({ id: 't2', ...request.request.body, reason: null });
    await fixture.whenStable();
  });

  it('refuses an end before the start without asking the server', async () => {
    await submitPartDays('2026-12-02 13:00', '2026-12-02 11:00');

    http.expectNone('/api/doctors/me/time-off');
    expect(fieldError('end-date')).toBe('The end must be after the start');
    expect(close).not.toHaveBeenCalled();
  });

  it('moves the end along when the start passes it', async () => {
    await type('start-date', '10/12/2026');
    expect(byTestId<HTMLInputElement>('end-date').value).toBe('10/12/2026');
  });

  it('shows the server’s endsAt error on the end', async () => {
    await type('end-date', '2026-11-24');
    await submit();
    http.expectOne('/api/doctors/me/time-off').flush(
      ...apiError(400, 'endsAt must be within 366 days of startsAt', [{ field: 'endsAt', message: 'must be within 366 days of startsAt' }]),
    );
    await fixture.whenStable();
    expect(fieldError('end-date')).toBe('Must be within 366 days of the start');
    expect(close).not.toHaveBeenCalled();
  });
});

describe('spanProblem', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  const span = (startsAt: string, endsAt: string) => ({ startsAt, endsAt });

  it('accepts a span that ends in the future, even if it has begun', () => {
    expect(spanProblem(span('2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z'), now)).toBeNull();
  });

  it('refuses what the API refuses', () => {
    expect(spanProblem(span('2026-12-02T13:00:00Z', '2026-12-02T13:00:00Z'), now)).toBe('The end must be after the start');
    expect(spanProblem(span('2026-11-20T00:00:00Z', '2026-11-21T00:00:00Z'), now)).toBe('This time off is already over');
    expect(spanProblem(span('2026-12-01T00:00:00Z', '2027-12-03T00:00:00Z'), now)).toBe(
      'Time off can last at most 366 days',
    );
  });
});
