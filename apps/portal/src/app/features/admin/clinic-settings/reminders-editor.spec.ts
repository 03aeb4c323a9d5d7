import { reminderProblem } from './reminders-editor';
import { filterTimeZones } from './time-zones';

describe('reminderProblem', () => {
  it.each([
    [[1440], 60, null],
    [[1440], 1440, 'There is already a reminder 1 day before'],
    [[], 4, 'Choose between 5 minutes and 2 weeks before'],
    [[], 20161, 'Choose between 5 minutes and 2 weeks before'],
    [[], null, 'Enter how long before'],
    [[], 7.5, 'Use whole minutes'],
    [[5, 10, 15, 20, 25], 30, 'At most 5 reminders'],
  ])('%j + %j → %j', (offsets, minutes, problem) => {
    expect(reminderProblem(offsets, minutes)).toBe(problem);
  });
});

describe('filterTimeZones', () => {
  const zones = ['America/New_York', 'Europe/London', 'Europe/Dublin', 'Asia/Yerevan', 'UTC'];

  it('finds a city typed with spaces, ignoring case', () => {
    expect(filterTimeZones(zones, 'new york')).toEqual(['America/New_York']);
  });

  it('puts names starting with the text first', () => {
    expect(filterTimeZones(zones, 'e')).toEqual(['Europe/Dublin', 'Europe/London', 'America/New_York', 'Asia/Yerevan']);
  });

  it('offers everything (up to the limit) for empty text', () => {
    expect(filterTimeZones(zones, '  ', 2)).toEqual(['America/New_York', 'Europe/London']);
  });
});
