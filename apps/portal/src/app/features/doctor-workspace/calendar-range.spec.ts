import { calendarRange, dateOrToday, gridHours, placeItems, rangeTitle, shiftDate, wallMinutes, weekStart } from './calendar-range';

const LONDON = 'Europe/London';
const HOUR = 3_600_000;
const hours = (range: { startsAt: string; endsAt: string }) => (Date.parse(range.endsAt) - Date.parse(range.startsAt)) / HOUR;

function item(id: string, startsAt: string, minutes = 30) {
  return { id, startsAt, endsAt: new Date(Date.parse(startsAt) + minutes * 60_000).toISOString() };
}

describe('weekStart', () => {
  it('answers the Monday of the week, across months and years', () => {
    expect(weekStart('2026-11-23')).toBe('2026-11-23');
    expect(weekStart('2026-11-29')).toBe('2026-11-23');
    expect(weekStart('2026-12-02')).toBe('2026-11-30');
    expect(weekStart('2027-01-01')).toBe('2026-12-28');
  });
});

describe('calendarRange', () => {
  it('covers one clinic day, from its midnight to the next', () => {
    const range = calendarRange('day', '2026-11-24', LONDON);
    expect(range.days).toEqual(['2026-11-24']);
    expect(range.startsAt).toBe('2026-11-24T00:00:00.000Z');
    expect(range.endsAt).toBe('2026-11-25T00:00:00.000Z');
  });

  it('covers Monday to Sunday around any day of the week', () => {
    const range = calendarRange('week', '2026-11-26', LONDON);
    expect(range.days).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29']);
    expect(range.startsAt).toBe('2026-11-23T00:00:00.000Z');
    expect(range.endsAt).toBe('2026-11-30T00:00:00.000Z');
  });

  it('makes the week the clocks go forward 167 hours long, ending at BST midnight', () => {
    const range = calendarRange('week', '2026-03-25', LONDON);
    expect(range.days[0]).toBe('2026-03-23');
    expect(range.days[6]).toBe('2026-03-29');
    expect(range.startsAt).toBe('2026-03-23T00:00:00.000Z');
    expect(range.endsAt).toBe('2026-03-29T23:00:00.000Z');
    expect(hours(range)).toBe(167);
  });

  it('makes the week the clocks go back 169 hours long, starting at BST midnight', () => {
    const range = calendarRange('week', '2026-10-25', LONDON);
    expect(range.days[0]).toBe('2026-10-19');
    expect(range.startsAt).toBe('2026-10-18T23:00:00.000Z');
    expect(range.endsAt).toBe('2026-10-26T00:00:00.000Z');
    expect(hours(range)).toBe(169);
  });

  it('makes the spring-forward day 23 hours long, and works in other zones', () => {
    expect(hours(calendarRange('day', '2026-03-29', LONDON))).toBe(23);
    const newYork = calendarRange('week', '2026-03-08', 'America/New_York');
    expect(newYork.startsAt).toBe('2026-03-02T05:00:00.000Z');
    expect(newYork.endsAt).toBe('2026-03-09T04:00:00.000Z');
  });
});

describe('shiftDate', () => {
  it('moves a day view by days and a week view by whole weeks from its Monday', () => {
    expect(shiftDate('day', '2026-11-30', -1)).toBe('2026-11-29');
    expect(shiftDate('week', '2026-11-26', 1)).toBe('2026-11-30');
    expect(shiftDate('week', '2026-11-26', -1)).toBe('2026-11-16');
  });
});

describe('dateOrToday', () => {
  it('keeps a real date from the URL and falls back to today otherwise', () => {
    expect(dateOrToday('2026-12-01', '2026-11-23')).toBe('2026-12-01');
    expect(dateOrToday('2026-02-30', '2026-11-23')).toBe('2026-11-23');
    expect(dateOrToday(undefined, '2026-11-23')).toBe('2026-11-23');
  });
});

describe('rangeTitle', () => {
  it('names the day in full, or compactly on phones', () => {
    const day = calendarRange('day', '2026-11-24', LONDON);
    expect(rangeTitle(day)).toMatch(/Tuesday/);
    expect(rangeTitle(day)).toMatch(/November/);
    expect(rangeTitle(day, true)).toMatch(/Tue/);
    expect(rangeTitle(day, true)).not.toMatch(/Tuesday/);
  });

  it('names the month once for a week inside it, and both years across New Year', () => {
    const week = rangeTitle(calendarRange('week', '2026-11-24', LONDON));
    expect(week).toMatch(/23/);
    expect(week).toMatch(/29/);
    expect(week.match(/Nov/g)).toHaveLength(1);
    const newYear = rangeTitle(calendarRange('week', '2026-12-30', LONDON));
    expect(newYear).toMatch(/2026/);
    expect(newYear).toMatch(/2027/);
  });
});

describe('wallMinutes', () => {
  it('reads the clinic clock, in summer and winter time', () => {
    expect(wallMinutes('2026-03-29T08:00:00Z', LONDON)).toBe(9 * 60);
    expect(wallMinutes('2026-11-24T09:30:00Z', LONDON)).toBe(9 * 60 + 30);
  });
});

describe('placeItems', () => {
  const days = calendarRange('week', '2026-03-25', LONDON).days;

  it('puts each appointment on its clinic day at its wall-clock time, even on the DST Sunday', () => {
    const placed = placeItems([item('a', '2026-03-29T08:00:00Z'), item('b', '2026-03-23T09:00:00Z', 45)], days, LONDON);
    expect(placed.get('2026-03-29')?.map((p) => [p.item.id, p.start, p.end])).toEqual([['a', 540, 570]]);
    expect(placed.get('2026-03-23')?.map((p) => [p.item.id, p.start, p.end])).toEqual([['b', 540, 585]]);
    expect(placed.get('2026-03-24')).toEqual([]);
  });

  it('leaves out what falls outside the days shown (midnight belongs to the next day)', () => {
    const placed = placeItems([item('late', '2026-03-30T00:00:00+01:00'), item('early', '2026-03-22T23:30:00Z')], days, LONDON);
    expect([...placed.values()].flat()).toEqual([]);
  });

  it('lays overlapping appointments side by side and lets the others use the full width', () => {
    const placed = placeItems(
      [item('a', '2026-03-24T09:00:00Z', 60), item('b', '2026-03-24T09:30:00Z'), item('c', '2026-03-24T11:00:00Z')],
      days,
      LONDON,
    );
    const lanes = placed.get('2026-03-24')?.map((p) => [p.item.id, p.lane, p.lanes]);
    expect(lanes).toEqual([
      ['a', 0, 2],
      ['b', 1, 2],
      ['c', 0, 1],
    ]);
  });
});

describe('gridHours', () => {
  it('shows the usual day, widened to whole hours around anything outside it', () => {
    expect(gridHours([])).toEqual({ startHour: 8, endHour: 18 });
    expect(gridHours([{ start: 7 * 60 + 30, end: 8 * 60 }], { start: 9 * 60, end: 17 * 60 })).toEqual({ startHour: 7, endHour: 17 });
    expect(gridHours([{ start: 20 * 60, end: 20 * 60 + 30 }])).toEqual({ startHour: 8, endHour: 21 });
  });
});
