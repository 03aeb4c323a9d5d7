import { WEEKDAY_NAMES, WeeklyWindow, WindowProblem, intersectRanges, mergeRanges, windowProblems, windowsOutside } from './weekly-windows';

const w = (weekday: number, start: string, end: string): WeeklyWindow => ({ weekday, start, end });
const MON = 1;
const TUE = 2;
const FRI = 5;
const SAT = 6;
const SUN = 7;

const WEEKDAY = 'weekday must be a whole number from 1 (Monday) to 7 (Sunday)';
const START = 'start must be a time from 00:00 to 23:59 (HH:mm)';
const END = 'end must be a time from 00:00 to 24:00 (HH:mm)';
const ORDER = 'end must be after start';

describe('WEEKDAY_NAMES', () => {
  it('is indexed by ISO weekday - 1', () => {
    expect(WEEKDAY_NAMES[MON - 1]).toBe('Monday');
    expect(WEEKDAY_NAMES[SUN - 1]).toBe('Sunday');
    expect(WEEKDAY_NAMES).toHaveLength(7);
  });
});

describe('windowProblems', () => {
  it.each<{ name: string; windows: WeeklyWindow[]; expected: WindowProblem[] }>([
    {
      name: 'accepts touching windows, several per day, and a window to 24:00',
      windows: [w(MON, '09:00', '12:00'), w(MON, '12:00', '17:00'), w(TUE, '09:00', '24:00'), w(SUN, '00:00', '00:05')],
      expected: [],
    },
    { name: 'accepts no windows', windows: [], expected: [] },
    { name: 'weekday 0', windows: [w(0, '09:00', '10:00')], expected: [{ index: 0, message: WEEKDAY }] },
    { name: 'weekday 8', windows: [w(8, '09:00', '10:00')], expected: [{ index: 0, message: WEEKDAY }] },
    { name: 'fractional weekday', windows: [w(1.5, '09:00', '10:00')], expected: [{ index: 0, message: WEEKDAY }] },
    { name: 'start without leading zero', windows: [w(MON, '9:00', '10:00')], expected: [{ index: 0, message: START }] },
    { name: 'start at 24:00', windows: [w(MON, '24:00', '24:00')], expected: [{ index: 0, message: START }] },
    { name: 'end past 24:00', windows: [w(MON, '09:00', '24:01')], expected: [{ index: 0, message: END }] },
    {
      name: 'every field wrong: one problem per field',
      windows: [w(9, 'x', 'y')],
      expected: [
        { index: 0, message: WEEKDAY },
        { index: 0, message: START },
        { index: 0, message: END },
      ],
    },
    { name: 'empty window', windows: [w(MON, '12:00', '12:00')], expected: [{ index: 0, message: ORDER }] },
    { name: 'end before start', windows: [w(MON, '13:00', '09:00')], expected: [{ index: 0, message: ORDER }] },
    {
      name: 'overlap reports the later window and names the earlier one',
      windows: [w(MON, '09:00', '12:00'), w(TUE, '10:00', '11:00'), w(MON, '11:00', '13:00')],
      expected: [{ index: 2, message: 'overlaps 09:00–12:00 on Monday' }],
    },
    {
      name: 'the earlier window is reported even when it is later in the day',
      windows: [w(FRI, '13:00', '17:00'), w(FRI, '09:00', '14:00')],
      expected: [{ index: 1, message: 'overlaps 13:00–17:00 on Friday' }],
    },
    {
      name: 'duplicates',
      windows: [w(FRI, '09:00', '10:00'), w(FRI, '09:00', '10:00')],
      expected: [{ index: 1, message: 'overlaps 09:00–10:00 on Friday' }],
    },
    {
      name: 'one window inside another, running to 24:00',
      windows: [w(SUN, '08:00', '24:00'), w(SUN, '23:00', '23:30')],
      expected: [{ index: 1, message: 'overlaps 08:00–24:00 on Sunday' }],
    },
    {
      name: 'a malformed window is not also reported as overlapping',
      windows: [w(MON, '10:00', '09:00'), w(MON, '09:15', '09:45')],
      expected: [{ index: 0, message: ORDER }],
    },
    {
      name: 'each overlapping window names the first window it overlaps',
      windows: [w(SAT, '09:00', '10:00'), w(SAT, '09:30', '11:00'), w(SAT, '09:45', '10:30')],
      expected: [
        { index: 1, message: 'overlaps 09:00–10:00 on Saturday' },
        { index: 2, message: 'overlaps 09:00–10:00 on Saturday' },
      ],
    },
  ])('$name', ({ windows, expected }) => {
    expect(windowProblems(windows)).toEqual(expected);
  });
});

describe('windowsOutside', () => {
  const clinic = [w(MON, '08:00', '12:00'), w(MON, '13:00', '17:00'), w(TUE, '08:00', '12:00'), w(TUE, '12:00', '18:00')];

  it.each<{ name: string; inner: WeeklyWindow[]; outer?: WeeklyWindow[]; expected: number[] }>([
    { name: 'inside', inner: [w(MON, '09:00', '11:00')], expected: [] },
    { name: 'exactly the clinic window', inner: [w(MON, '13:00', '17:00')], expected: [] },
    { name: 'starts before opening', inner: [w(MON, '07:30', '09:00')], expected: [0] },
    { name: 'ends after closing', inner: [w(MON, '16:00', '17:30')], expected: [0] },
    { name: 'spans the lunch break', inner: [w(MON, '11:00', '14:00')], expected: [0] },
    { name: 'clinic closed that weekday', inner: [w(SAT, '09:00', '10:00')], expected: [0] },
    { name: 'covered across touching clinic windows', inner: [w(TUE, '11:00', '13:00')], expected: [] },
    {
      name: 'covered across overlapping clinic windows',
      inner: [w(FRI, '09:00', '13:30')],
      outer: [w(FRI, '08:00', '12:00'), w(FRI, '10:00', '14:00')],
      expected: [],
    },
    {
      name: 'several offenders, by index',
      inner: [w(MON, '09:00', '10:00'), w(SAT, '09:00', '10:00'), w(TUE, '17:30', '18:30'), w(TUE, '08:00', '18:00')],
      expected: [1, 2],
    },
    {
      name: 'malformed inner windows are left to windowProblems; malformed outer ones cover nothing',
      inner: [w(MON, '25:00', '26:00'), w(FRI, '09:00', '10:00')],
      outer: [w(FRI, '08:00', '07:00')],
      expected: [1],
    },
  ])('$name', ({ inner, outer, expected }) => {
    expect(windowsOutside(inner, outer ?? clinic)).toEqual(expected);
  });
});

describe('range helpers', () => {
  it.each([
    { ranges: [], expected: [] },
    {
      ranges: [
        { start: 600, end: 660 },
        { start: 540, end: 600 },
        { start: 630, end: 700 },
        { start: 800, end: 900 },
      ],
      expected: [
        { start: 540, end: 700 },
        { start: 800, end: 900 },
      ],
    },
  ])('mergeRanges joins overlapping and touching ranges (%#)', ({ ranges, expected }) => {
    expect(mergeRanges(ranges)).toEqual(expected);
  });

  it('intersectRanges keeps only the common parts', () => {
    const a = [
      { start: 480, end: 720 },
      { start: 780, end: 1020 },
    ];
    const b = [
      { start: 420, end: 540 },
      { start: 700, end: 800 },
      { start: 1000, end: 1440 },
    ];
    expect(intersectRanges(a, b)).toEqual([
      { start: 480, end: 540 },
      { start: 700, end: 720 },
      { start: 780, end: 800 },
      { start: 1000, end: 1020 },
    ]);
  });
});
