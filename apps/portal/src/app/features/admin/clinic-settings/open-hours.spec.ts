import type { WeeklyWindow } from '@carebook/shared';
import { hoursLabel, previewOpenHours } from './open-hours';

const w = (weekday: number, start: string, end: string): WeeklyWindow => ({ weekday, start, end });
const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((day) => w(day, start, end));
const iso = (ms: number) => new Date(ms).toISOString().replace(':00.000Z', 'Z');

describe('previewOpenHours', () => {
  it('shows seven clinic-local days from today, closed days included', () => {
    // Monday 23 November 2026, late evening in London.
    const days = previewOpenHours({
      timezone: 'Europe/London',
      windows: [...weekdays('08:00', '18:00'), w(6, '09:00', '13:00')],
      slotMinutes: 30,
      holidays: [],
      now: Date.parse('2026-11-23T22:30:00Z'),
    });
    expect(days.map((d) => d.date)).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
    ]);
    expect(days.map((d) => d.openMinutes)).toEqual([600, 600, 600, 600, 600, 240, 0]);
    // Today's hours count in full, even those already past.
    expect(days[0].windows.map((x) => [iso(x.start), iso(x.end)])).toEqual([['2026-11-23T08:00Z', '2026-11-23T18:00Z']]);
  });

  it('uses the chosen timezone: Sydney’s Monday starts on Sunday in UTC', () => {
    const days = previewOpenHours({
      timezone: 'Australia/Sydney',
      windows: [w(1, '09:00', '17:00')],
      slotMinutes: 60,
      holidays: [],
      now: Date.parse('2026-11-22T20:00:00Z'), // Mon 23 Nov 07:00 in Sydney (AEDT, +11)
    });
    expect(days[0].date).toBe('2026-11-23');
    expect(days[0].windows.map((x) => [iso(x.start), iso(x.end)])).toEqual([['2026-11-22T22:00Z', '2026-11-23T06:00Z']]);
  });

  it('keeps wall-clock hours across the autumn clock change, and the night it happens is an hour longer', () => {
    const days = previewOpenHours({
      timezone: 'Europe/London',
      windows: [...weekdays('09:00', '17:00'), w(7, '00:00', '04:00')],
      slotMinutes: 30,
      holidays: [],
      now: Date.parse('2026-10-22T10:00:00Z'), // Thursday 22 October, BST
    });
    const day = (date: string) => {
      const found = days.find((d) => d.date === date);
      if (!found) throw new Error(`No ${date} in the preview`);
      return found;
    };
    // Friday 09:00 BST is 08:00 UTC; Monday 09:00 GMT is 09:00 UTC.
    expect(iso(day('2026-10-23').windows[0].start)).toBe('2026-10-23T08:00Z');
    expect(iso(day('2026-10-26').windows[0].start)).toBe('2026-10-26T09:00Z');
    const sunday = day('2026-10-25');
    expect(sunday.clockChange).toBe('back');
    expect(sunday.openMinutes).toBe(300);
    expect(sunday.windows.map((x) => [iso(x.start), iso(x.end)])).toEqual([['2026-10-24T23:00Z', '2026-10-25T04:00Z']]);
    expect(days.filter((d) => d.clockChange !== null).map((d) => d.date)).toEqual(['2026-10-25']);
  });

  it('loses the skipped hour in spring', () => {
    const days = previewOpenHours({
      timezone: 'Europe/London',
      windows: [w(7, '00:00', '04:00')],
      slotMinutes: 60,
      holidays: [],
      now: Date.parse('2026-03-29T12:00:00Z'),
    });
    expect(days[0]).toMatchObject({ date: '2026-03-29', clockChange: 'forward', openMinutes: 180 });
  });

  it('closes holidays, naming them, including recurring ones set in another year', () => {
    const days = previewOpenHours({
      timezone: 'Europe/London',
      windows: weekdays('08:00', '18:00'),
      slotMinutes: 30,
      holidays: [
        { date: '2020-12-25', name: 'Christmas Day', recurring: true },
        { date: '2026-12-28', name: 'Bank holiday', recurring: false },
        { date: '2025-12-29', name: 'Last year only', recurring: false },
      ],
      now: Date.parse('2026-12-24T09:00:00Z'),
    });
    const byDate = new Map(days.map((d) => [d.date, d]));
    expect(byDate.get('2026-12-25')).toMatchObject({ holiday: 'Christmas Day', windows: [], openMinutes: 0 });
    expect(byDate.get('2026-12-28')).toMatchObject({ holiday: 'Bank holiday', windows: [] });
    expect(byDate.get('2026-12-29')).toMatchObject({ holiday: null, openMinutes: 600 });
  });

  it('keeps a lunch break apart and cuts a window to whole slots', () => {
    const days = previewOpenHours({
      timezone: 'UTC',
      windows: [w(1, '08:00', '12:00'), w(1, '13:00', '18:00')],
      slotMinutes: 45,
      holidays: [],
      now: Date.parse('2026-11-23T00:00:00Z'),
    });
    expect(days[0].windows.map((x) => [iso(x.start), iso(x.end)])).toEqual([
      ['2026-11-23T08:00Z', '2026-11-23T11:45Z'],
      ['2026-11-23T13:00Z', '2026-11-23T17:30Z'],
    ]);
    expect(days[0].openMinutes).toBe(225 + 270);
  });
});

describe('hoursLabel', () => {
  it.each([
    [0, '—'],
    [45, '45 min'],
    [600, '10 h'],
    [450, '7 h 30 min'],
  ])('%d → %s', (minutes, label) => {
    expect(hoursLabel(minutes)).toBe(label);
  });
});
