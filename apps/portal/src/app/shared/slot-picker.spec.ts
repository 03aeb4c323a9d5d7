import { Component, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { Slot } from '../core/api-types';
import { Clinic } from '../core/clinic';
import { addDays, todayIn } from './clinic-time';
import { SlotPicker, daysBetween, groupSlotsByDay, localHour, pageStartFor, slotPeriods } from './slot-picker';

function slot(startsAt: string, minutes = 30): Slot {
  return { startsAt, endsAt: new Date(Date.parse(startsAt) + minutes * 60_000).toISOString() };
}

function datesWithSlots(days: ReturnType<typeof groupSlotsByDay>): Record<string, string[]> {
  return Object.fromEntries(days.map((day) => [day.date, day.slots.map((s) => s.startsAt)]));
}

describe('groupSlotsByDay', () => {
  it('lists every day of the range, empty days included, in order', () => {
    const days = groupSlotsByDay([], 'Europe/London', '2026-03-02', 7);
    expect(days.map((day) => day.date)).toEqual([
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
    ]);
    expect(days.every((day) => day.slots.length === 0)).toBe(true);
  });

  // [what it shows, the clinic's zone, the first day, how many days, the slots' starts, each day's slots]
  it.each<[string, string, string, number, string[], Record<string, string[]>]>([
    [
      'puts slots on their clinic-local day across the spring change to BST in Europe/London',
      // Clocks go forward at 01:00 UTC on Sunday 29 March 2026.
      'Europe/London',
      '2026-03-26',
      7,
      [
        '2026-03-29T23:30:00Z', // Monday 30 March, 00:30 BST (still Sunday in UTC)
        '2026-03-28T23:30:00Z', // Saturday 28 March, 23:30 GMT
        '2026-03-30T08:00:00Z', // Monday 30 March, 09:00 BST
        '2026-03-29T00:30:00Z', // Sunday 29 March, 00:30 GMT
      ],
      {
        '2026-03-26': [],
        '2026-03-27': [],
        '2026-03-28': ['2026-03-28T23:30:00Z'],
        '2026-03-29': ['2026-03-29T00:30:00Z'],
        '2026-03-30': ['2026-03-29T23:30:00Z', '2026-03-30T08:00:00Z'],
        '2026-03-31': [],
        '2026-04-01': [],
      },
    ],
    [
      'handles the autumn change back to GMT in Europe/London',
      // Clocks go back at 01:00 UTC on Sunday 25 October 2026: that day is 25 hours long.
      'Europe/London',
      '2026-10-24',
      3,
      ['2026-10-24T23:30:00Z', '2026-10-25T23:30:00Z', '2026-10-26T00:30:00Z'],
      {
        '2026-10-24': [],
        '2026-10-25': ['2026-10-24T23:30:00Z', '2026-10-25T23:30:00Z'],
        '2026-10-26': ['2026-10-26T00:30:00Z'],
      },
    ],
    [
      'uses the clinic’s zone, not UTC, for a clinic in Australia/Sydney (end of daylight saving)',
      // Sydney leaves daylight saving (UTC+11 → UTC+10) on Sunday 5 April 2026.
      'Australia/Sydney',
      '2026-04-04',
      3,
      [
        '2026-04-04T12:30:00Z', // Saturday 4 April, 23:30 AEDT
        '2026-04-04T13:30:00Z', // Sunday 5 April, 00:30 AEDT
        '2026-04-05T13:30:00Z', // Sunday 5 April, 23:30 AEST
        '2026-04-05T14:30:00Z', // Monday 6 April, 00:30 AEST
      ],
      {
        '2026-04-04': ['2026-04-04T12:30:00Z'],
        '2026-04-05': ['2026-04-04T13:30:00Z', '2026-04-05T13:30:00Z'],
        '2026-04-06': ['2026-04-05T14:30:00Z'],
      },
    ],
  ])('%s', (_what, timezone, from, count, starts, expected) => {
    const days = groupSlotsByDay(
      starts.map((startsAt) => slot(startsAt)),
      timezone,
      from,
      count,
    );
    expect(datesWithSlots(days)).toEqual(expected);
  });

  it('leaves out slots outside the range and sorts each day by time', () => {
    const days = groupSlotsByDay(
      [slot('2026-03-03T15:00:00Z'), slot('2026-03-01T10:00:00Z'), slot('2026-03-03T09:00:00Z'), slot('2026-03-04T09:00:00Z')],
      'Europe/London',
      '2026-03-02',
      2,
    );
    expect(datesWithSlots(days)).toEqual({
      '2026-03-02': [],
      '2026-03-03': ['2026-03-03T09:00:00Z', '2026-03-03T15:00:00Z'],
    });
  });
});

describe('slot helpers', () => {
  it('reads the clinic-local hour, daylight saving included', () => {
    expect(localHour('2026-03-30T08:00:00Z', 'Europe/London')).toBe(9);
    expect(localHour('2026-03-27T08:00:00Z', 'Europe/London')).toBe(8);
    expect(localHour('2026-04-04T13:30:00Z', 'Australia/Sydney')).toBe(0);
  });

  it('splits a day into morning, afternoon and evening by clinic time', () => {
    const periods = slotPeriods(
      [slot('2026-06-01T08:00:00Z'), slot('2026-06-01T10:30:00Z'), slot('2026-06-01T15:00:00Z'), slot('2026-06-01T16:00:00Z')],
      'Europe/London',
    );
    // 09:00 and 11:30 BST are morning, 16:00 afternoon, 17:00 evening.
    expect(periods.map((p) => [p.label, p.slots.length])).toEqual([
      ['Morning', 2],
      ['Afternoon', 1],
      ['Evening', 1],
    ]);
  });

  it('finds the page of days that holds a date', () => {
    expect(daysBetween('2026-03-02', '2026-03-16')).toBe(14);
    expect(pageStartFor('2026-03-02', '2026-03-02', 7)).toBe('2026-03-02');
    expect(pageStartFor('2026-03-08', '2026-03-02', 7)).toBe('2026-03-02');
    expect(pageStartFor('2026-03-09', '2026-03-02', 7)).toBe('2026-03-09');
    expect(pageStartFor('2026-03-20', '2026-03-02', 7)).toBe('2026-03-16');
  });
});

@Component({
  imports: [SlotPicker],
  template: `
    <cb-slot-picker
      [slots]="slots()"
      timezone="Europe/London"
      [loading]="loading()"
      [from]="from()"
      [nextAvailableAt]="next()"
      (selected)="picked.push($event)"
      (rangeChange)="ranges.push($event)"
    />
  `,
})
class Host {
  readonly slots = signal<Slot[]>([]);
  readonly loading = signal(false);
  readonly from = signal(todayIn('Europe/London'));
  readonly next = signal<string | null | undefined>(undefined);
  readonly picked: Slot[] = [];
  readonly ranges: { from: string; to: string }[] = [];
}

describe('SlotPicker', () => {
  const today = todayIn('Europe/London');
  /** Noon UTC is on the same calendar day in London in summer and winter. */
  const at = (date: string, hour = 12) => `${date}T${String(hour).padStart(2, '0')}:00:00.000Z`;
  let fixture: ComponentFixture<Host>;
  let host: Host;
  let element: HTMLElement;

  async function render(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
  }

  function dayButtons(): HTMLButtonElement[] {
    return Array.from(element.querySelectorAll<HTMLButtonElement>('button.day'));
  }

  function button(testId: string): HTMLButtonElement {
    return element.querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`) as HTMLButtonElement;
  }

  beforeEach(() => {
    const clinic = {
      timezone: () => 'Europe/London',
      info: { hasValue: () => true, value: () => ({ bookingHorizonDays: 20 }) },
    };
    TestBed.configureTestingModule({ providers: [{ provide: Clinic, useValue: clinic }] });
    fixture = TestBed.createComponent(Host);
    host = fixture.componentInstance;
    element = fixture.nativeElement;
  });

  it('shows a week of days with their free counts, days without slots disabled', async () => {
    host.slots.set([slot(at(addDays(today, 2), 9)), slot(at(addDays(today, 2), 10)), slot(at(addDays(today, 4)))]);
    await render();

    const days = dayButtons();
    expect(days).toHaveLength(7);
    expect(days.map((day) => day.querySelector('.count')?.textContent?.trim())).toEqual(['—', '—', '2 free', '—', '1 free', '—', '—']);
    expect(days.map((day) => day.disabled)).toEqual([true, true, false, true, false, true, true]);
  });

  it('opens on the first day with free times and shows its times', async () => {
    host.slots.set([slot(at(addDays(today, 4))), slot(at(addDays(today, 2), 9)), slot(at(addDays(today, 2), 10))]);
    await render();

    expect(dayButtons()[2].getAttribute('aria-pressed')).toBe('true');
    expect(element.querySelectorAll('button.time')).toHaveLength(2);

    dayButtons()[4].click();
    await render();
    expect(dayButtons()[4].getAttribute('aria-pressed')).toBe('true');
    expect(element.querySelectorAll('button.time')).toHaveLength(1);
  });

  it('emits the chosen slot and marks it as chosen', async () => {
    const chosen = slot(at(addDays(today, 1), 10));
    host.slots.set([slot(at(addDays(today, 1), 9)), chosen]);
    await render();

    button(`slot-${chosen.startsAt}`).click();
    await render();

    expect(host.picked).toEqual([chosen]);
    expect(button(`slot-${chosen.startsAt}`).getAttribute('aria-pressed')).toBe('true');
    expect(element.querySelectorAll('button.time[aria-pressed="true"]')).toHaveLength(1);
  });

  it('does not go back before today but pages forward up to the booking horizon', async () => {
    await render();
    expect(button('slots-previous').disabled).toBe(true);

    button('slots-next').click();
    expect(host.ranges).toEqual([{ from: addDays(today, 7), to: addDays(today, 13) }]);

    host.from.set(addDays(today, 14)); // shows days 14–20; the horizon ends on day 20
    await render();
    expect(button('slots-next').disabled).toBe(true);
    button('slots-previous').click();
    expect(host.ranges[1]).toEqual({ from: addDays(today, 7), to: addDays(today, 13) });
  });

  it('never asks for days before today when stepping back from a jumped-to page', async () => {
    host.from.set(addDays(today, 3));
    await render();
    button('slots-previous').click();
    expect(host.ranges).toEqual([{ from: today, to: addDays(today, 6) }]);
  });

  it('offers a jump to the next available time when the days shown have none', async () => {
    host.next.set(at(addDays(today, 9), 9));
    await render();

    const empty = element.querySelector('[data-testid="slots-empty"]');
    expect(empty?.textContent).toContain('No free times on these days — next available');
    button('slots-jump').click();
    expect(host.ranges).toEqual([{ from: addDays(today, 7), to: addDays(today, 13) }]);
  });

  it('says so when the doctor has nothing free within the horizon', async () => {
    host.next.set(null);
    await render();
    expect(element.querySelector('[data-testid="slots-empty"]')?.textContent).toContain('No free times in the next 20 days');
    expect(button('slots-jump')).toBeNull();
  });

  it('shows loading instead of an empty week while slots load', async () => {
    host.loading.set(true);
    await render();
    expect(element.querySelector('[data-testid="slots-loading"]')).not.toBeNull();
    expect(element.querySelector('[data-testid="slots-empty"]')).toBeNull();
    expect(dayButtons().every((day) => day.disabled)).toBe(true);
  });

  it('notes the clinic’s timezone when the browser is elsewhere', async () => {
    await render();
    // Jest runs in UTC; the clinic is in London.
    expect(element.querySelector('[data-testid="zone-note"]')?.textContent).toContain('Europe/London');
  });
});
