import { dateProblem, DATE_MESSAGE, INSTANT_MESSAGE, DATE_OR_INSTANT_MESSAGE } from './is-instant.decorator';

const RANGE = 'must be between 1900-01-01 and 2200-12-31';

describe('dateProblem', () => {
  it.each([
    ['2026-03-02', 'date', null],
    ['2028-02-29', 'date', null],
    ['1900-01-01', 'date', null],
    ['2200-12-31', 'date', null],
    ['2026-02-29', 'date', DATE_MESSAGE],
    ['2026-02-30', 'date', DATE_MESSAGE],
    ['2026-13-01', 'date', DATE_MESSAGE],
    ['0000-01-01', 'date', RANGE],
    ['9999-12-31', 'date', RANGE],
    ['1899-12-31', 'date', RANGE],
    ['2026-03-02T09:00:00Z', 'date', DATE_MESSAGE],
    [null, 'date', DATE_MESSAGE],
    [20260302, 'date', DATE_MESSAGE],
    ['2026-03-02T09:00:00Z', 'instant', null],
    ['2026-03-02T09:00+01:00', 'instant', null],
    ['2026-03-02T09:00:00.123-05:30', 'instant', null],
    ['2026-03-02T09:00:00', 'instant', INSTANT_MESSAGE],
    ['2026-03-02', 'instant', INSTANT_MESSAGE],
    ['2026-02-30T09:00:00Z', 'instant', INSTANT_MESSAGE],
    ['2026-03-02T24:00:00Z', 'instant', INSTANT_MESSAGE],
    ['2026-03-02T09:60:00Z', 'instant', INSTANT_MESSAGE],
    ['2026-03-02T09:00:00+99:00', 'instant', INSTANT_MESSAGE],
    ['0000-01-01T00:00:00Z', 'instant', RANGE],
    ['9999-12-31T23:59:59Z', 'instant', RANGE],
    ['+275760-09-13T00:00:00Z', 'instant', INSTANT_MESSAGE],
    ['2026-03-02', 'dateOrInstant', null],
    ['2026-03-02T09:00:00Z', 'dateOrInstant', null],
    ['9999-12-31', 'dateOrInstant', RANGE],
    ['0000-01-01T00:00:00Z', 'dateOrInstant', RANGE],
    ['2026-02-30', 'dateOrInstant', DATE_OR_INSTANT_MESSAGE],
    ['next tuesday', 'dateOrInstant', DATE_OR_INSTANT_MESSAGE],
  ] as const)('%p as %s → %p', (value, kind, expected) => {
    expect(dateProblem(value, kind)).toBe(expected);
  });
});
