import { MINUTES_PER_DAY, formatTimeOfDay, parseTimeOfDay } from './time-of-day';

describe('parseTimeOfDay', () => {
  it.each([
    ['00:00', 0],
    ['00:01', 1],
    ['09:30', 570],
    ['12:00', 720],
    ['23:59', 1439],
    // The end of the day, so a window can run to midnight.
    ['24:00', 1440],
  ])('reads %s as %d minutes', (text, minutes) => {
    expect(parseTimeOfDay(text)).toBe(minutes);
  });

  it.each(['24:01', '25:00', '9:00', '09:0', '09:60', '09:00:00', ' 09:00', '09:00 ', '0900', '09.00', '-1:00', '', 'ab:cd'])(
    'refuses %j',
    (text) => {
      expect(parseTimeOfDay(text)).toBeNull();
    },
  );

  it('refuses non-strings from unvalidated JSON', () => {
    expect(parseTimeOfDay(570 as unknown as string)).toBeNull();
    expect(parseTimeOfDay(null as unknown as string)).toBeNull();
  });
});

describe('formatTimeOfDay', () => {
  it.each([
    [0, '00:00'],
    [5, '00:05'],
    [570, '09:30'],
    [1439, '23:59'],
    [1440, '24:00'],
  ])('writes %d minutes as %s', (minutes, text) => {
    expect(formatTimeOfDay(minutes)).toBe(text);
  });

  it.each([-1, 1441, 9.5, Number.NaN])('refuses %d', (minutes) => {
    expect(() => formatTimeOfDay(minutes)).toThrow(RangeError);
  });

  it('round-trips every minute of the day', () => {
    for (let minutes = 0; minutes <= MINUTES_PER_DAY; minutes++) {
      expect(parseTimeOfDay(formatTimeOfDay(minutes))).toBe(minutes);
    }
  });
});
