import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Session } from '../../core/session';
import { provideRouter } from '@angular/router';
import type { Availability, ClinicInfo } from '../../core/api-types';
import { HoursPage } from './hours-page';
import { setClinicLocale } from '../../shared/clinic-time';
import { apiError, apiTesting, CLINIC_INFO, findByTestId } from '../../testing/fixtures';

// Timers (debounces, dialog animations, polling) are run by the test, not waited for.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const CLINIC: ClinicInfo = CLINIC_INFO;

const AVAILABILITY: Availability = {
  slotMinutes: null,
  effectiveSlotMinutes: 30,
  autoApprove: false,
  weekly: [
    { weekday: 1, start: '09:00', end: '12:30' },
    { weekday: 1, start: '14:00', end: '17:00' },
    { weekday: 2, start: '09:00', end: '12:00' },
  ],
};

describe('HoursPage', () => {
  let fixture: ComponentFixture<HoursPage>;
  let http: HttpTestingController;
  let page: HTMLElement;

  const slotRequests = (): TestRequest[] => http.match((request) => request.url === '/api/doctors/me/slots');
  let slotsAsked = 0;
  let clinicAsked = 0;

  /** Answers the clinic and the preview's slot requests (the page is only stable once they are), then waits. */
  async function settle(): Promise<void> {
    for (let round = 0; round < 4; round++) {
      TestBed.tick();
      http.match('/api/clinic').forEach((request) => {
        clinicAsked++;
        request.flush(CLINIC);
      });
      slotRequests().forEach((request) => {
        slotsAsked++;
        request.flush([]);
      });
      await jest.advanceTimersByTimeAsync(0);
    }
    await fixture.whenStable();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [HoursPage],
      providers: [provideRouter([]), ...apiTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(HoursPage);
    page = fixture.nativeElement as HTMLElement;
    TestBed.tick();
    http.expectOne('/api/doctors/me/availability').flush(AVAILABILITY);
    await settle();
    slotsAsked = 0;
    clinicAsked = 0;
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  const byTestId = <T extends HTMLElement>(id: string) => findByTestId<T>(page, id);
  const text = (id: string) => page.querySelector(`[data-testid="${id}"]`)?.textContent?.trim();

  async function type(id: string, value: string): Promise<void> {
    const input = byTestId<HTMLInputElement>(id);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
    await settle();
  }

  it('shows each weekday’s windows as rows beside the clinic’s hours, Save off until something changes', () => {
    expect(byTestId<HTMLInputElement>('start-1-0').value).toBe('09:00');
    expect(byTestId<HTMLInputElement>('end-1-1').value).toBe('17:00');
    expect(byTestId<HTMLInputElement>('start-2-0').value).toBe('09:00');
    expect(byTestId('day-1').textContent).toContain('Clinic open 08:00–18:00');
    expect(byTestId('day-7').textContent).toContain('Clinic closed');
    expect(byTestId('day-5').textContent).toContain('Not available');
    expect(text('summary')).toContain('9 h 30 min a week on 2 days');
    expect(byTestId<HTMLButtonElement>('save').disabled).toBe(true);
  });

  it('flags an overlapping row as it is typed and keeps Save off', async () => {
    await type('start-1-1', '12:00');
    expect(text('problem-1-1')).toBe('Overlaps 09:00–12:30');
    expect(text('problem-1-0')).toBeUndefined();
    expect(byTestId<HTMLButtonElement>('save').disabled).toBe(true);
    expect(text('summary')).toContain('1 row needs fixing');

    await type('start-1-1', '13:00');
    expect(text('problem-1-1')).toBeUndefined();
    expect(byTestId<HTMLButtonElement>('save').disabled).toBe(false);
  });

  it('flags hours on a day the clinic is closed', async () => {
    byTestId('add-7').click();
    await settle();
    expect(byTestId<HTMLInputElement>('start-7-0').value).toBe('09:00');
    expect(text('problem-7-0')).toBe('The clinic is closed on Sundays');
  });

  it('adds a row after the last one, leaving a break', async () => {
    byTestId('add-2').click();
    await settle();
    expect(byTestId<HTMLInputElement>('start-2-1').value).toBe('13:00');
    expect(byTestId<HTMLInputElement>('end-2-1').value).toBe('14:00');
  });

  it('copies Monday to Tuesday–Friday in one go', async () => {
    byTestId('copy-monday').click();
    await settle();
    for (const weekday of [2, 3, 4, 5]) {
      expect(byTestId<HTMLInputElement>(`start-${weekday}-0`).value).toBe('09:00');
      expect(byTestId<HTMLInputElement>(`end-${weekday}-1`).value).toBe('17:00');
    }
    expect(page.querySelector('[data-testid="start-6-0"]')).toBeNull();
    expect(text('summary')).toContain('32 h 30 min a week on 5 days');
    expect(byTestId<HTMLButtonElement>('save').disabled).toBe(false);
  });

  it('adds a preset per day, in time order and clipped to the clinic’s hours', async () => {
    // Tuesday has 09:00–12:00 already: the morning preset is there, the evening one ends when the clinic closes.
    expect(byTestId<HTMLButtonElement>('preset-morning-2').disabled).toBe(true);
    expect(byTestId('preset-morning-2').textContent).toContain('already set on Tuesday');
    expect(byTestId('preset-evening-2').textContent).toContain('17:00–18:00');
    byTestId('preset-evening-2').click();
    await settle();
    byTestId('preset-afternoon-2').click();
    await settle();
    const rows = [0, 1, 2].map((r) => `${byTestId<HTMLInputElement>(`start-2-${r}`).value}–${byTestId<HTMLInputElement>(`end-2-${r}`).value}`);
    expect(rows).toEqual(['09:00–12:00', '13:00–17:00', '17:00–18:00']);
    expect(text('problem-2-1')).toBeUndefined();
    expect(text('problem-2-2')).toBeUndefined();
    expect(byTestId<HTMLButtonElement>('save').disabled).toBe(false);
  });

  it('offers no preset where the clinic is closed then', () => {
    expect(byTestId<HTMLButtonElement>('preset-morning-6').disabled).toBe(false);
    expect(byTestId<HTMLButtonElement>('preset-afternoon-6').disabled).toBe(true);
    expect(byTestId('preset-afternoon-6').textContent).toContain('the clinic is closed then on Saturday');
    for (const key of ['morning', 'afternoon', 'evening']) expect(byTestId<HTMLButtonElement>(`preset-${key}-7`).disabled).toBe(true);
  });

  it('saves the whole week as one list and asks the preview again', async () => {
    await type('end-2-0', '12:30');
    byTestId<HTMLButtonElement>('save').click();
    TestBed.tick();

    const request = http.expectOne('/api/doctors/me/availability');
    expect(request.request.method).toBe('PUT');
    expect(request.request.body).toEqual({
      slotMinutes: null,
      autoApprove: false,
      weekly: [
        { weekday: 1, start: '09:00', end: '12:30' },
        { weekday: 1, start: '14:00', end: '17:00' },
        { weekday: 2, start: '09:00', end: '12:30' },
      ],
    });
    request.flush({ ...AVAILABILITY, weekly: request.request.body.weekly });
    await settle();

    expect(slotsAsked).toBe(1);
    expect(byTestId<HTMLButtonElement>('save').disabled).toBe(true);
  });

  it('puts the server’s `weekly.N` errors on the row that window came from', async () => {
    await type('start-2-0', '08:30');
    byTestId<HTMLButtonElement>('save').click();
    TestBed.tick();

    const outside = 'Tuesday 08:30–12:00 is outside the clinic’s working hours (Tuesday: 09:00–18:00)';
    http.expectOne('/api/doctors/me/availability').flush(...apiError(422, outside, [{ field: 'weekly.2', message: outside }]));
    // The refusal means the clinic's hours changed: they are asked for again.
    await settle();
    expect(clinicAsked).toBe(1);

    expect(text('problem-2-0')).toBe('Tuesday 08:30–12:00 is outside the clinic’s working hours (Tuesday: 09:00–18:00)');
    expect(text('problem-1-0')).toBeUndefined();
    expect(text('problem-1-1')).toBeUndefined();
    expect(text('form-error')).toContain('one window');

    // Changing the refused row clears its message.
    await type('start-2-0', '09:00');
    expect(text('problem-2-0')).toBeUndefined();
  });
});

describe('HoursPage for a doctor whose application is under review', () => {
  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
    TestBed.resetTestingModule();
  });

  it('says the hours become bookable once approved, and the preview what patients could book then', async () => {
    const user = { id: 'd1', email: 'amara@example.com', fullName: 'Dr Amara Okafor', role: 'doctor', status: 'pending' };
    TestBed.configureTestingModule({
      imports: [HoursPage],
      providers: [provideRouter([]), ...apiTesting(), { provide: Session, useValue: { user: signal(user), role: signal('doctor'), isSignedIn: signal(true) } }],
    });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(HoursPage);
    const page = fixture.nativeElement as HTMLElement;
    TestBed.tick();
    http.expectOne('/api/doctors/me/availability').flush(AVAILABILITY);
    for (let round = 0; round < 4; round++) {
      TestBed.tick();
      http.match('/api/clinic').forEach((request) => request.flush(CLINIC));
      http.match((request) => request.url === '/api/doctors/me/slots').forEach((request) => request.flush([{ startsAt: '2030-03-04T09:00:00Z', endsAt: '2030-03-04T09:30:00Z' }]));
      await jest.advanceTimersByTimeAsync(0);
    }
    await fixture.whenStable();
    expect(page.querySelector('[data-testid="hours-under-review"]')?.textContent).toContain('patients can book these hours once an administrator approves it');
    expect(page.querySelector('.preview h2')?.textContent).toBe('What patients will see once you are approved');
    expect(page.querySelector('.preview')?.textContent).toContain('Once you are approved, patients could book one time on these days.');
  });
});

describe('HoursPage in a clinic on a 12-hour clock', () => {
  let fixture: ComponentFixture<HoursPage>;
  let http: HttpTestingController;
  let page: HTMLElement;

  async function settle(): Promise<void> {
    for (let round = 0; round < 4; round++) {
      TestBed.tick();
      http.match('/api/clinic').forEach((request) => request.flush({ ...CLINIC, locale: 'en-US', hourCycle: 'h12' }));
      http.match((request) => request.url === '/api/doctors/me/slots').forEach((request) => request.flush([]));
      await jest.advanceTimersByTimeAsync(0);
    }
    await fixture.whenStable();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({ imports: [HoursPage], providers: [provideRouter([]), ...apiTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(HoursPage);
    page = fixture.nativeElement as HTMLElement;
    TestBed.tick();
    http.expectOne('/api/doctors/me/availability').flush(AVAILABILITY);
    await settle();
  });

  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
    setClinicLocale({ locale: 'en-GB', hourCycle: 'h23' });
  });

  const byTestId = <T extends HTMLElement>(id: string) => findByTestId<T>(page, id);
  const value = (id: string) => byTestId<HTMLInputElement>(id).value;
  const text = (id: string) => page.querySelector(`[data-testid="${id}"]`)?.textContent?.trim().replace(/\s+/g, ' ');

  async function type(id: string, typed: string): Promise<void> {
    const input = byTestId<HTMLInputElement>(id);
    input.focus();
    input.value = typed;
    input.dispatchEvent(new Event('input'));
    input.blur();
    await settle();
  }

  it('shows the hours, the clinic’s hours and the presets on the clinic’s clock', () => {
    expect(value('start-1-0')).toBe('9:00 AM');
    expect(value('end-1-0')).toBe('12:30 PM');
    expect(value('end-1-1')).toBe('5:00 PM');
    expect(byTestId('day-1').textContent).toMatch(/Clinic open 8:00\sAM–6:00\sPM/);
    expect(text('preset-evening-2')).toMatch(/5:00\sPM–6:00\sPM/);
    expect(text('time-hint')).toMatch(/such as 9:30\sAM .* an end of 12:00\sAM is midnight/);
  });

  it('reads times typed the 12-hour way (or the 24-hour way) and saves them as HH:mm', async () => {
    await type('end-2-0', '12:30 pm');
    expect(value('end-2-0')).toBe('12:30 PM');
    await type('start-1-1', '1:45PM');
    expect(value('start-1-1')).toBe('1:45 PM');
    await type('end-1-1', '17:30');
    expect(value('end-1-1')).toBe('5:30 PM');
    byTestId<HTMLButtonElement>('save').click();
    TestBed.tick();

    const request = http.expectOne('/api/doctors/me/availability');
    expect(request.request.body).toMatchObject({
      weekly: [
        { weekday: 1, start: '09:00', end: '12:30' },
        { weekday: 1, start: '13:45', end: '17:30' },
        { weekday: 2, start: '09:00', end: '12:30' },
      ],
    });
    request.flush({ ...AVAILABILITY, weekly: (request.request.body as Availability).weekly });
    await settle();
  });

  it('says what is wrong on the clinic’s clock: an overlap, an end before the start, text that is not a time', async () => {
    await type('start-1-1', '12:00 PM');
    expect(text('problem-1-1')).toMatch(/^Overlaps 9:00\sAM–12:30\sPM$/);
    await type('start-1-1', '6:00 PM');
    expect(text('problem-1-1')).toBe('The end must be after the start');
    await type('start-1-1', '9:75 PM');
    expect(value('start-1-1')).toBe('9:75 PM');
    expect(text('problem-1-1')).toMatch(/^Enter the start as a time, such as 9:00\sAM$/);
    expect(byTestId<HTMLButtonElement>('save').disabled).toBe(true);
  });
});
