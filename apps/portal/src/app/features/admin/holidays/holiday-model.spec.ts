import type { Holiday } from '../../../core/api-types';
import { formatHolidayDate, holidaysInYear, occurrenceIn } from './holiday-model';

const holiday = (date: string, name: string, recurring: boolean): Holiday => ({ id: name, date, name, recurring });

describe('occurrenceIn', () => {
  it('moves a recurring holiday to the year shown', () => {
    expect(occurrenceIn(holiday('2020-12-25', 'Christmas Day', true), 2027)).toBe('2027-12-25');
  });

  it('keeps a one-off holiday in its own year only', () => {
    expect(occurrenceIn(holiday('2026-08-31', 'Bank holiday', false), 2026)).toBe('2026-08-31');
    expect(occurrenceIn(holiday('2026-08-31', 'Bank holiday', false), 2027)).toBeNull();
  });

  it('has a recurring 29 February only in leap years', () => {
    const leapDay = holiday('2024-02-29', 'Leap day', true);
    expect(occurrenceIn(leapDay, 2028)).toBe('2028-02-29');
    expect(occurrenceIn(leapDay, 2027)).toBeNull();
  });
});

describe('holidaysInYear', () => {
  it('sorts by the date in that year, keeping a recurring 29 February findable', () => {
    const rows = holidaysInYear(
      [
        holiday('2020-12-25', 'Christmas Day', true),
        holiday('2027-03-01', 'Spring day', false),
        holiday('2024-02-29', 'Leap day', true),
        holiday('2027-01-01', 'New Year’s Day', false),
      ],
      2027,
    );
    expect(rows.map((r) => [r.holiday.name, r.date])).toEqual([
      ['New Year’s Day', '2027-01-01'],
      ['Leap day', null],
      ['Spring day', '2027-03-01'],
      ['Christmas Day', '2027-12-25'],
    ]);
  });
});

describe('formatHolidayDate', () => {
  it('formats a holiday with weekday and year', () => {
    const text = formatHolidayDate('2026-12-25');
    for (const part of ['Fri', '25', 'Dec', '2026']) {
      expect(text).toContain(part);
    }
  });
});
