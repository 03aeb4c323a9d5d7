import { upcomingHolidays } from './clinic.service';

describe('upcomingHolidays', () => {
  const holidays = [
    { date: '2020-12-25', name: 'Christmas Day', recurring: true },
    { date: '2020-01-01', name: 'New Year', recurring: true },
    { date: '2026-12-31', name: 'Stocktake', recurring: false },
    { date: '2026-11-30', name: 'Past closure', recurring: false },
    { date: '2027-06-01', name: 'Far away', recurring: false },
  ];

  it('lists the next 90 days’ holidays, recurring ones on their next date, soonest first', () => {
    expect(upcomingHolidays(holidays, '2026-12-04')).toEqual([
      { date: '2026-12-25', name: 'Christmas Day' },
      { date: '2026-12-31', name: 'Stocktake' },
      { date: '2027-01-01', name: 'New Year' },
    ]);
  });

  it('counts today and moves a recurring day already past to next year', () => {
    expect(upcomingHolidays(holidays, '2026-12-25').map((h) => h.date)).toEqual(['2026-12-25', '2026-12-31', '2027-01-01']);
    expect(upcomingHolidays(holidays, '2026-12-26').map((h) => h.date)).toEqual(['2026-12-31', '2027-01-01']);
  });
});
