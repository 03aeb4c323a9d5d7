import { birthDateRangeProblem, earliestBirthDate, OLDEST_AGE_YEARS } from './birth-date';

describe('earliestBirthDate', () => {
  it('is the same day OLDEST_AGE_YEARS years before', () => {
    expect(OLDEST_AGE_YEARS).toBe(130);
    expect(earliestBirthDate('2026-12-05')).toBe('1896-12-05');
  });
});

describe('birthDateRangeProblem', () => {
  it.each([
    ['1990-04-01', '2026-12-05', null],
    ['2026-12-05', '2026-12-05', null],
    ['2026-12-06', '2026-12-05', 'must not be in the future'],
    ['1910-03-01', '2040-03-01', null],
    ['1910-02-28', '2040-03-01', 'must be within the last 130 years'],
  ])('%s on %s → %s', (value, today, problem) => {
    expect(birthDateRangeProblem(value, today)).toBe(problem);
  });
});
