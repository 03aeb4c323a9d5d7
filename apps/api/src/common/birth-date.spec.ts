import { birthDateProblem } from './birth-date';

describe('birthDateProblem', () => {
  it.each([
    ['1990-04-01', '2026-12-05', null],
    ['2026-12-05', '2026-12-05', null],
    ['2026-12-06', '2026-12-05', 'must not be in the future'],
    ['1899-12-31', '2026-12-05', 'must be between 1900-01-01 and 2200-12-31'],
    ['1910-03-01', '2040-03-01', null],
    ['1910-02-28', '2040-03-01', 'must be within the last 130 years'],
    ['01/04/1990', '2026-12-05', 'must be a date (YYYY-MM-DD)'],
  ])('%s on %s → %s', (value, today, problem) => {
    expect(birthDateProblem(value, today)).toBe(problem);
  });
});
