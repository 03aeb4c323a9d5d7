import { Settings } from 'luxon';
import { SpanFormat, clinicWallTimeToInstant, describeSpan, isClinicMidnight, timeOffSpan } from './clinic-instant';

const LONDON = 'Europe/London';

describe('clinicWallTimeToInstant', () => {
  const realNow = Settings.now;
  afterEach(() => {
    Settings.now = realNow;
  });

  // Luxon resolves a repeated wall time by the offset in force when the code runs, so every case runs
  // as if the browser's clock were in winter and in summer.
  describe.each([
    ['in January', '2026-01-15T12:00:00Z'],
    ['in July', '2026-07-15T12:00:00Z'],
  ])('run %s', (_season, runAt) => {
    beforeEach(() => {
      Settings.now = () => Date.parse(runAt);
    });

    it.each([
      ['winter: London is on GMT', '2026-01-12', '09:00', '2026-01-12T09:00:00.000Z'],
      ['summer: London is on BST', '2026-07-01', '09:00', '2026-07-01T08:00:00.000Z'],
      ['before the spring-forward gap', '2026-03-29', '00:30', '2026-03-29T00:30:00.000Z'],
      ['in the gap (does not exist): moved on by an hour', '2026-03-29', '01:30', '2026-03-29T01:30:00.000Z'],
      ['after the gap', '2026-03-29', '02:00', '2026-03-29T01:00:00.000Z'],
      ['repeated at fall-back: the earlier (BST) one', '2026-10-25', '01:30', '2026-10-25T00:30:00.000Z'],
      ['after fall-back', '2026-10-25', '02:00', '2026-10-25T02:00:00.000Z'],
      ['midnight after fall-back', '2026-10-26', '00:00', '2026-10-26T00:00:00.000Z'],
    ])('%s: %s %s is %s', (_case, date, time, expected) => {
      expect(clinicWallTimeToInstant(date, time, LONDON)).toBe(expected);
    });
  });

  it('uses the clinic’s zone, not the browser’s', () => {
    expect(clinicWallTimeToInstant('2026-07-01', '09:00', 'Australia/Sydney')).toBe('2026-06-30T23:00:00.000Z');
    expect(clinicWallTimeToInstant('2026-07-01', '09:00', 'America/New_York')).toBe('2026-07-01T13:00:00.000Z');
  });

  it('refuses unreadable dates and times', () => {
    expect(clinicWallTimeToInstant('', '09:00', LONDON)).toBeNull();
    expect(clinicWallTimeToInstant('2026-02-30', '09:00', LONDON)).toBeNull();
    expect(clinicWallTimeToInstant('2026-01-12', '', LONDON)).toBeNull();
    expect(clinicWallTimeToInstant('2026-01-12', '9:00', LONDON)).toBeNull();
  });
});

describe('timeOffSpan', () => {
  const base = { startTime: '09:00', endTime: '17:00' };

  it('makes whole days run from the first midnight to the midnight ending the last day', () => {
    expect(timeOffSpan({ ...base, allDay: true, startDate: '2026-12-24', endDate: '2026-12-28' }, LONDON)).toEqual({
      startsAt: '2026-12-24T00:00:00.000Z',
      endsAt: '2026-12-29T00:00:00.000Z',
    });
  });

  it('follows the clock change inside an all-day span (28–29 March 2026 is 47 hours in London)', () => {
    const span = timeOffSpan({ ...base, allDay: true, startDate: '2026-03-28', endDate: '2026-03-29' }, LONDON);
    expect(span).toEqual({ startsAt: '2026-03-28T00:00:00.000Z', endsAt: '2026-03-29T23:00:00.000Z' });
    expect(span && (Date.parse(span.endsAt) - Date.parse(span.startsAt)) / 3_600_000).toBe(47);
  });

  it('converts both wall times of a part-day span, each with its own offset', () => {
    expect(
      timeOffSpan(
        { allDay: false, startDate: '2026-10-24', startTime: '09:00', endDate: '2026-10-26', endTime: '17:00' },
        LONDON,
      ),
    ).toEqual({ startsAt: '2026-10-24T08:00:00.000Z', endsAt: '2026-10-26T17:00:00.000Z' });
  });

  it('is null while a date or time is missing', () => {
    expect(timeOffSpan({ ...base, allDay: true, startDate: '2026-12-24', endDate: '' }, LONDON)).toBeNull();
    expect(
      timeOffSpan({ allDay: false, startDate: '2026-12-24', startTime: '', endDate: '2026-12-24', endTime: '10:00' }, LONDON),
    ).toBeNull();
  });
});

describe('describeSpan', () => {
  const format: SpanFormat = {
    date: (date, withYear = true) => (withYear ? date : date.slice(5)),
    time: (instant) => new Date(instant).toISOString().slice(11, 16),
  };

  it.each([
    ['a whole day as its date', '2026-12-24T00:00:00Z', '2026-12-25T00:00:00Z', { title: '2026-12-24', detail: 'All day', allDay: true }],
    ['whole days as dates', '2026-12-24T00:00:00Z', '2026-12-29T00:00:00Z', { title: '12-24 – 2026-12-28', detail: 'All day · 5 days', allDay: true }],
    ['part of a day with its times', '2026-12-02T13:00:00Z', '2026-12-02T17:30:00Z', { title: '2026-12-02', detail: '13:00–17:30', allDay: false }],
    [
      'part days with their times',
      '2026-12-30T13:00:00Z',
      '2027-01-02T09:00:00Z',
      { title: '2026-12-30, 13:00 – 2027-01-02, 09:00', detail: null, allDay: false },
    ],
  ])('reads %s', (_case, start, end, expected) => {
    expect(describeSpan(start, end, LONDON, format)).toEqual(expected);
  });

  it('judges midnight in the clinic’s zone (BST midnight is 23:00 UTC)', () => {
    expect(isClinicMidnight('2026-07-01T23:00:00Z', LONDON)).toBe(true);
    expect(isClinicMidnight('2026-07-02T00:00:00Z', LONDON)).toBe(false);
    expect(describeSpan('2026-06-30T23:00:00Z', '2026-07-01T23:00:00Z', LONDON, format).title).toBe('2026-07-01');
  });
});
