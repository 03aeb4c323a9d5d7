import {
  canonicalLocale,
  clinicDate,
  formatClockTime,
  defaultHourCycle,
  formatCalendarDate,
  formatCalendarDateRange,
  formatDateTime,
  formatDateTimeRange,
  formatDay,
  formatShortDateTime,
  formatTime,
  formatTimeRange,
  formatTimestamp,
  type ClinicLocale,
} from './clinic-format';

// ICU separates the time from its day period with a narrow no-break space; compare with plain spaces.
const plain = (text: string) => text.replace(/[\u202f\u00a0\u2009]/g, ' ');

const london: ClinicLocale = { timeZone: 'Europe/London', locale: 'en-GB', hourCycle: 'h23' };
const newYork: ClinicLocale = { timeZone: 'America/New_York', locale: 'en-US', hourCycle: 'h12' };

describe('canonicalLocale', () => {
  it.each([
    ['en-GB', 'en-GB'],
    ['EN-gb', 'en-GB'],
    [' fr-CA ', 'fr-CA'],
    ['de', 'de'],
  ])('accepts %j as %j', (tag, expected) => {
    expect(canonicalLocale(tag)).toBe(expected);
  });

  it.each(['', 'not a locale', 'en_GB', 'xx-YY', 'zz', 42, null])('refuses %j', (tag) => {
    expect(canonicalLocale(tag)).toBeNull();
  });
});

describe('defaultHourCycle', () => {
  it('follows the locale', () => {
    expect(defaultHourCycle('en-GB')).toBe('h23');
    expect(defaultHourCycle('de-DE')).toBe('h23');
    expect(defaultHourCycle('en-US')).toBe('h12');
  });
});

describe('formatTime', () => {
  const nine = '2026-03-02T09:05:00Z';

  it('writes en-GB on a 24-hour clock with two-digit hours', () => {
    expect(formatTime(nine, { ...london, timeZone: 'UTC' })).toBe('09:05');
    expect(formatTime('2026-03-02T21:05:00Z', { ...london, timeZone: 'UTC' })).toBe('21:05');
  });

  it('writes en-US on a 12-hour clock with a day period', () => {
    expect(plain(formatTime(nine, { ...newYork, timeZone: 'UTC' }))).toBe('9:05 AM');
    expect(plain(formatTime('2026-03-02T21:05:00Z', { ...newYork, timeZone: 'UTC' }))).toBe('9:05 PM');
  });

  it('lets the clinic choose the hour cycle independently of the locale', () => {
    expect(formatTime(nine, { timeZone: 'UTC', locale: 'en-US', hourCycle: 'h23' })).toBe('09:05');
    expect(plain(formatTime(nine, { timeZone: 'UTC', locale: 'en-GB', hourCycle: 'h12' }))).toBe('9:05 am');
  });

  it('follows the clinic zone across the spring DST change', () => {
    // London moved from GMT to BST at 01:00 UTC on 29 March 2026.
    expect(formatTime('2026-03-29T00:30:00Z', london)).toBe('00:30');
    expect(formatTime('2026-03-29T01:30:00Z', london)).toBe('02:30');
    // New York moved at 07:00 UTC on 8 March 2026.
    expect(plain(formatTime('2026-03-08T06:30:00Z', newYork))).toBe('1:30 AM');
    expect(plain(formatTime('2026-03-08T07:30:00Z', newYork))).toBe('3:30 AM');
  });
});

describe('days near midnight', () => {
  // 23:30 on Monday in UTC is already Tuesday in Auckland and still Monday evening in New York.
  const late = '2026-03-02T23:30:00Z';
  const auckland: ClinicLocale = { timeZone: 'Pacific/Auckland', locale: 'en-GB', hourCycle: 'h23' };

  it('takes the day from the clinic zone, not from UTC', () => {
    expect(clinicDate(late, 'UTC')).toBe('2026-03-02');
    expect(clinicDate(late, 'Pacific/Auckland')).toBe('2026-03-03');
    expect(formatDay(late, auckland)).toBe('Tue 3 Mar');
    expect(formatShortDateTime(late, auckland)).toBe('Tue 3 Mar, 12:30');
    expect(plain(formatShortDateTime(late, newYork))).toBe('Mon, Mar 2, 6:30 PM');
  });

  it('writes the full date and time in the locale', () => {
    expect(formatDateTime(late, auckland)).toBe('Tuesday, 3 March 2026 at 12:30');
    expect(plain(formatDateTime(late, newYork))).toBe('Monday, March 2, 2026 at 6:30 PM');
  });
});

describe('ranges', () => {
  it('writes a stretch on one day once', () => {
    expect(formatTimeRange('2026-03-02T09:00:00Z', '2026-03-02T09:30:00Z', london)).toBe('09:00–09:30');
    expect(plain(formatTimeRange('2026-03-02T14:00:00Z', '2026-03-02T14:30:00Z', newYork))).toBe('9:00 – 9:30 AM');
  });

  it('names both days of a stretch across midnight', () => {
    expect(plain(formatDateTimeRange('2026-03-02T22:00:00Z', '2026-03-03T02:00:00Z', london))).toBe('Mon 2 Mar, 22:00 – Tue 3 Mar, 02:00');
  });

  it('writes calendar dates and ranges without shifting them through a zone', () => {
    expect(formatCalendarDate('2026-12-25', 'en-GB')).toBe('Fri 25 Dec');
    expect(formatCalendarDate('2026-12-25', 'en-US', { dateStyle: 'medium' })).toBe('Dec 25, 2026');
    expect(plain(formatCalendarDateRange('2026-03-02', '2026-03-06', 'en-GB'))).toBe('2 – 6 Mar 2026');
  });
});

describe('formatTimestamp', () => {
  it('keeps seconds when asked', () => {
    expect(formatTimestamp('2026-03-02T09:05:07Z', london, { seconds: true })).toBe('2 Mar 2026, 09:05:07');
    expect(plain(formatTimestamp('2026-03-02T09:05:07Z', newYork))).toBe('Mar 2, 2026, 4:05 AM');
  });
});

describe('formatClockTime', () => {
  it('writes a time of day on the clinic’s clock', () => {
    expect(formatClockTime('09:00', { locale: 'en-GB', hourCycle: 'h23' })).toBe('09:00');
    expect(formatClockTime('24:00', { locale: 'en-GB', hourCycle: 'h23' })).toBe('24:00');
    expect(plain(formatClockTime('13:30', { locale: 'en-US', hourCycle: 'h12' }))).toBe('1:30 PM');
    expect(plain(formatClockTime('24:00', { locale: 'en-US', hourCycle: 'h12' }))).toBe('12:00 AM');
    expect(formatClockTime('9am', { locale: 'en-US', hourCycle: 'h12' })).toBe('9am');
  });
});
