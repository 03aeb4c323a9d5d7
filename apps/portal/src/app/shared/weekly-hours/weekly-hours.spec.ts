import type { WeeklyWindow } from '@carebook/shared';
import {
  HOUR_PRESETS,
  insertByStart,
  presetWindow,
  WeekRows,
  clinicHoursLabel,
  copyDay,
  flattenWeek,
  formatDuration,
  groupWeekly,
  normalizeTime,
  readClockTime,
  rowProblems,
  suggestWindow,
  weeklyFieldMap,
  weeklyMinutes,
} from './weekly-hours';

const w = (weekday: number, start: string, end: string): WeeklyWindow => ({ weekday, start, end });
const week = (days: Partial<Record<number, [string, string][]>>): WeekRows =>
  [1, 2, 3, 4, 5, 6, 7].map((weekday) => (days[weekday] ?? []).map(([start, end]) => ({ start, end })));

// The demo clinic: Monday–Friday 08:00–18:00, Saturday 09:00–13:00, closed on Sunday.
const CLINIC = [1, 2, 3, 4, 5].map((d) => w(d, '08:00', '18:00')).concat(w(6, '09:00', '13:00'));

describe('weekly rows ↔ API', () => {
  it('groups the API’s windows by weekday, each day in time order', () => {
    const days = groupWeekly([w(3, '14:00', '17:00'), w(1, '09:00', '12:00'), w(3, '09:00', '12:30')]);
    expect(days).toEqual(
      week({
        1: [['09:00', '12:00']],
        3: [
          ['09:00', '12:30'],
          ['14:00', '17:00'],
        ],
      }),
    );
  });

  it('flattens the rows in form order, the order the server’s `weekly.N` errors refer to', () => {
    const rows = week({
      1: [
        ['09:00', '12:00'],
        ['13:00', '17:00'],
      ],
      4: [['10:00', '11:00']],
      7: [['08:00', '09:00']],
    });
    expect(flattenWeek(rows).map((x) => x.weekday)).toEqual([1, 1, 4, 7]);
    const map = weeklyFieldMap(rows, 'weekly', 'days');
    expect(map['weekly.0']).toBe('days.0.0');
    expect(map['weekly.1.start']).toBe('days.0.1.start');
    expect(map['weekly.2']).toBe('days.3.0');
    expect(map['weekly.3.end']).toBe('days.6.0.end');
    expect(map['weekly.4']).toBeUndefined();
  });
});

describe('rowProblems (live validation, as the API judges)', () => {
  it('accepts windows within the clinic’s hours, touching windows included', () => {
    const problems = rowProblems(
      week({
        1: [
          ['08:00', '12:00'],
          ['12:00', '18:00'],
        ],
        6: [['09:00', '13:00']],
      }),
      CLINIC,
    );
    expect(problems.flat().filter(Boolean)).toEqual([]);
  });

  it('flags the later of two overlapping rows, naming the earlier', () => {
    const problems = rowProblems(
      week({
        1: [
          ['09:00', '12:30'],
          ['12:00', '17:00'],
        ],
      }),
      CLINIC,
    );
    expect(problems[0]).toEqual([null, 'Overlaps 09:00–12:30']);
  });

  it('flags rows outside the clinic’s hours and on days the clinic is closed', () => {
    const problems = rowProblems(
      week({
        2: [['07:30', '12:00']],
        6: [['09:00', '14:00']],
        7: [['10:00', '12:00']],
      }),
      CLINIC,
    );
    expect(problems[1]).toEqual(['Outside the clinic’s hours (08:00–18:00)']);
    expect(problems[5]).toEqual(['Outside the clinic’s hours (09:00–13:00)']);
    expect(problems[6]).toEqual(['The clinic is closed on Sundays']);
  });

  it('asks for missing times and an end after the start', () => {
    const problems = rowProblems(
      week({
        1: [
          ['', '12:00'],
          ['14:00', ''],
          ['16:00', '15:00'],
        ],
      }),
      CLINIC,
    );
    expect(problems[0]).toEqual(['Enter a start time', 'Enter an end time', 'The end must be after the start']);
  });

  it('lets a window run to midnight when the clinic is open then', () => {
    const allDay = [1, 2, 3, 4, 5, 6, 7].map((d) => w(d, '00:00', '24:00'));
    expect(rowProblems(week({ 5: [['20:00', '24:00']] }), allDay)[4]).toEqual([null]);
  });
});

describe('weekly summary', () => {
  it('adds up the hours of each day, overlaps counted once', () => {
    const minutes = weeklyMinutes(
      week({
        1: [
          ['09:00', '12:30'],
          ['14:00', '17:00'],
        ],
        2: [
          ['09:00', '12:00'],
          ['11:00', '13:00'],
        ],
        3: [['16:00', '15:00']],
      }),
    );
    expect(minutes).toBe(6.5 * 60 + 4 * 60);
    expect(formatDuration(minutes)).toBe('10 h 30 min');
    expect(formatDuration(45)).toBe('45 min');
    expect(formatDuration(0)).toBe('0 h');
  });

  it('describes the clinic’s hours of a day', () => {
    expect(clinicHoursLabel(CLINIC, 1)).toBe('Clinic open 08:00–18:00');
    expect(clinicHoursLabel(CLINIC, 7)).toBe('Clinic closed');
    expect(clinicHoursLabel([w(2, '13:00', '18:00'), w(2, '08:00', '12:00')], 2)).toBe(
      'Clinic open 08:00–12:00, 13:00–18:00',
    );
  });
});

describe('suggestWindow (a new row)', () => {
  it('offers 09:00–17:00 within the clinic’s hours on an empty day', () => {
    expect(suggestWindow([], CLINIC, 1)).toEqual({ start: '09:00', end: '17:00' });
    expect(suggestWindow([], CLINIC, 6)).toEqual({ start: '09:00', end: '13:00' });
  });

  it('offers the next hour after the day’s last row, leaving a break', () => {
    expect(suggestWindow([{ start: '09:00', end: '12:30' }], CLINIC, 1)).toEqual({ start: '13:00', end: '14:00' });
    expect(suggestWindow([{ start: '09:00', end: '12:00' }], CLINIC, 1)).toEqual({ start: '13:00', end: '14:00' });
  });

  it('starts after a clinic break and stops at closing time', () => {
    const split = [w(1, '08:00', '12:00'), w(1, '14:00', '18:00')];
    expect(suggestWindow([{ start: '09:00', end: '12:00' }], split, 1)).toEqual({ start: '14:00', end: '15:00' });
    expect(suggestWindow([{ start: '09:00', end: '12:00' }], [w(1, '08:00', '13:30')], 1)).toEqual({
      start: '13:00',
      end: '13:30',
    });
  });

  it('still offers the next hour once the clinic has closed (the row then shows why it cannot be saved)', () => {
    expect(suggestWindow([{ start: '09:00', end: '17:30' }], CLINIC, 1)).toEqual({ start: '18:00', end: '19:00' });
  });

  it('never runs past midnight', () => {
    expect(suggestWindow([{ start: '20:00', end: '24:00' }], null, 1)).toEqual({ start: '23:00', end: '24:00' });
  });
});

describe('copyDay', () => {
  it('copies a day onto others, replacing their rows and leaving the rest', () => {
    const before = week({
      1: [
        ['09:00', '12:00'],
        ['13:00', '17:00'],
      ],
      3: [['10:00', '11:00']],
      6: [['09:00', '12:00']],
    });
    const after = copyDay(before, 0, [0, 1, 2, 3, 4]);
    expect(after[1]).toEqual(before[0]);
    expect(after[2]).toEqual(before[0]);
    expect(after[5]).toEqual(before[5]);
    expect(after[1]).not.toBe(before[0]);
    expect(after[1][0]).not.toBe(before[0][0]);
  });
});


describe('normalizeTime', () => {
  it.each([
    ['9', '09:00'],
    ['930', '09:30'],
    ['9.30', '09:30'],
    ['9:30', '09:30'],
    ['17', '17:00'],
    [' 0800 ', '08:00'],
    ['24', '24:00'],
    ['24:00', '24:00'],
  ])('%j → %j', (typed, tidied) => {
    expect(normalizeTime(typed)).toBe(tidied);
  });

  it.each(['25', '24:30', '9:75', 'noon', ''])('leaves %j for validation to explain', (typed) => {
    expect(normalizeTime(typed)).toBe(typed.trim());
  });
});

describe('readClockTime (a time as typed, on either clock)', () => {
  it.each([
    ['9', 9 * 60],
    ['09:30', 9 * 60 + 30],
    ['17:00', 17 * 60],
    ['0', 0],
    ['24:00', 1440],
    ['9 am', 9 * 60],
    ['9AM', 9 * 60],
    ['9:30 pm', 21 * 60 + 30],
    ['9.30PM', 21 * 60 + 30],
    ['12:00 AM', 0],
    ['12 am', 0],
    ['12:15 p.m.', 12 * 60 + 15],
    ['12 PM', 12 * 60],
    ['1:45\u202fPM', 13 * 60 + 45],
    ['  5 p  ', 17 * 60],
  ])('%j → %d minutes', (typed, minutes) => {
    expect(readClockTime(typed)).toBe(minutes);
  });

  it('reads the clinic locale’s own AM/PM words, before or after the time', () => {
    expect(readClockTime('9:30 pm', { am: 'am', pm: 'pm' })).toBe(21 * 60 + 30);
    expect(readClockTime('午後2:15', { am: '午前', pm: '午後' })).toBe(14 * 60 + 15);
    expect(readClockTime('2:15 nachm.', { am: 'vorm.', pm: 'nachm.' })).toBe(14 * 60 + 15);
  });

  it.each(['', 'noon', '13 pm', '0 am', '9:75', '24:30', '25', 'am 9 pm', '9 xm', '9:3'])('refuses %j', (typed) => {
    expect(readClockTime(typed)).toBeNull();
  });
});

describe('normalizeTime on a 12-hour clock', () => {
  it('writes times typed the 12-hour way as HH:mm', () => {
    expect(normalizeTime('9:00 AM')).toBe('09:00');
    expect(normalizeTime('5:30 pm', 'end')).toBe('17:30');
  });

  it('reads midnight as the end of the day in an end field, the start of it in a start field', () => {
    expect(normalizeTime('12:00 AM', 'end')).toBe('24:00');
    expect(normalizeTime('00:00', 'end')).toBe('24:00');
    expect(normalizeTime('12:00 AM', 'start')).toBe('00:00');
  });
});

describe('presetWindow (morning, afternoon, evening)', () => {
  const CLINIC: WeeklyWindow[] = [
    { weekday: 1, start: '08:00', end: '18:00' },
    { weekday: 6, start: '09:00', end: '13:00' },
    { weekday: 3, start: '08:00', end: '10:00' },
    { weekday: 3, start: '10:30', end: '19:00' },
  ];
  const [morning, afternoon, evening] = HOUR_PRESETS;

  it('gives each preset as it is where the clinic is open then, or its hours unknown', () => {
    expect(presetWindow(morning, CLINIC, 1)).toEqual({ start: '09:00', end: '12:00' });
    expect(presetWindow(afternoon, CLINIC, 1)).toEqual({ start: '13:00', end: '17:00' });
    expect(presetWindow(evening, null, 7)).toEqual({ start: '17:00', end: '20:00' });
  });

  it('clips a preset to the clinic’s hours of that day', () => {
    expect(presetWindow(evening, CLINIC, 1)).toEqual({ start: '17:00', end: '18:00' });
    // Wednesday's clinic break: the longer part of the morning wins.
    expect(presetWindow(morning, CLINIC, 3)).toEqual({ start: '10:30', end: '12:00' });
  });

  it('has nothing where the clinic is closed then, or all day', () => {
    expect(presetWindow(afternoon, CLINIC, 6)).toBeNull();
    expect(presetWindow(morning, CLINIC, 7)).toBeNull();
  });
});

describe('insertByStart', () => {
  it('puts a new row in order of start time', () => {
    const rows = [
      { start: '09:00', end: '12:00' },
      { start: '17:00', end: '20:00' },
    ];
    expect(insertByStart(rows, { start: '13:00', end: '17:00' }).map((r) => r.start)).toEqual(['09:00', '13:00', '17:00']);
    expect(insertByStart(rows, { start: '21:00', end: '22:00' }).map((r) => r.start)).toEqual(['09:00', '17:00', '21:00']);
    expect(insertByStart([], { start: '08:00', end: '09:00' })).toEqual([{ start: '08:00', end: '09:00' }]);
  });
});
