import { DateTime, IANAZone, Settings } from 'luxon';
import { civilDate, clinicZone, dayNumber, isValidTimeZone, isoWeekday, luxonZone, wallTimeToInstant } from './local-time';

describe('isValidTimeZone', () => {
  it.each([
    ['Europe/London', true],
    ['Australia/Sydney', true],
    ['America/New_York', true],
    ['UTC', true],
    ['Mars/Olympus_Mons', false],
    ['', false],
    ['Etc/GMT-10', true],
    ['+01:00', false],
    ['-0500', false],
  ])('%j → %s', (zone, expected) => {
    expect(isValidTimeZone(zone)).toBe(expected);
  });

  it('refuses non-strings from unvalidated JSON', () => {
    expect(isValidTimeZone(undefined as unknown as string)).toBe(false);
  });
});

describe('clinicZone', () => {
  // Zones whose clocks change by an hour, by half an hour (Lord Howe), at quarter-hour (Chatham) and half-hour
  // (St John's) offsets, and one that changed its standard offset for good (Samoa skipped 30 December 2011).
  it.each(['Europe/London', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/St_Johns', 'Pacific/Apia'])(
    '%s: the offsets it remembers are the ones Intl gives, every 13 minutes for a year and around every change',
    (name) => {
      const zone = clinicZone(name) as IANAZone;
      const plain = new IANAZone(name);
      // a year with both of each zone's clock changes, and Samoa's lost day
      const from = Date.UTC(2011, 5, 1);
      const to = Date.UTC(2012, 5, 1);
      const step = 13 * 60_000;
      const differing: string[] = [];
      for (let ts = from; ts < to; ts += step) {
        // asked twice: the first answer may be worked out, the second is remembered
        for (const answer of [zone.offset(ts), zone.offset(ts)]) {
          if (answer !== plain.offset(ts)) differing.push(new Date(ts).toISOString());
        }
      }
      // and every 10 seconds around each change the plain zone shows
      for (let ts = from; ts < to; ts += step) {
        if (plain.offset(ts) === plain.offset(ts + step)) continue;
        for (let probe = ts; probe <= ts + step; probe += 10_000) {
          if (zone.offset(probe) !== plain.offset(probe)) differing.push(new Date(probe).toISOString());
        }
      }
      expect(differing).toEqual([]);
    },
  );

  it('gives DateTimes equal to those of the zone name, and is one object per name', () => {
    const zone = luxonZone('Europe/London');
    expect(luxonZone('Europe/London')).toBe(zone);
    const instant = Date.UTC(2026, 2, 29, 0, 59);
    const remembered = DateTime.fromMillis(instant, { zone }).plus({ days: 1 });
    const plain = DateTime.fromMillis(instant, { zone: 'Europe/London' }).plus({ days: 1 });
    expect(remembered.toISO()).toBe(plain.toISO());
    expect(remembered.equals(plain)).toBe(true);
  });

  it('refuses names isValidTimeZone refuses; luxonZone then hands Luxon the name, which makes an invalid DateTime', () => {
    expect(clinicZone('Mars/Olympus_Mons')).toBeNull();
    expect(clinicZone('+01:00')).toBeNull();
    expect(luxonZone('Mars/Olympus_Mons')).toBe('Mars/Olympus_Mons');
    expect(DateTime.fromMillis(0, { zone: luxonZone('Mars/Olympus_Mons') }).isValid).toBe(false);
  });
});

describe('local date numbering', () => {
  it.each([
    [{ year: 1970, month: 1, day: 1 }, 0, 4],
    [{ year: 2026, month: 1, day: 12 }, 20465, 1],
    [{ year: 2026, month: 3, day: 29 }, 20541, 7],
    [{ year: 2028, month: 2, day: 29 }, 21243, 2],
    [{ year: 1969, month: 12, day: 31 }, -1, 3],
  ])('%j is day %d, ISO weekday %d', (date, dayNo, weekday) => {
    expect(dayNumber(date)).toBe(dayNo);
    expect(civilDate(dayNo)).toEqual(date);
    expect(isoWeekday(dayNo)).toBe(weekday);
  });
});

describe('wallTimeToInstant', () => {
  const realNow = Settings.now;
  afterEach(() => {
    Settings.now = realNow;
  });

  // Luxon's own choice for a repeated wall time follows the offset in force when the code runs,
  // so every case is run as if the server's clock were in winter and in summer.
  describe.each([
    ['run in January', '2026-01-15T12:00:00Z'],
    ['run in July', '2026-07-15T12:00:00Z'],
  ])('%s', (_season, runAt) => {
    beforeEach(() => {
      Settings.now = () => Date.parse(runAt);
    });

    it.each([
      ['Europe/London', '2026-03-29', '00:30', '2026-03-29T00:30:00.000Z', true],
      // Skipped by spring-forward: moved on by the gap, 01:30 GMT = 02:30 BST.
      ['Europe/London', '2026-03-29', '01:30', '2026-03-29T01:30:00.000Z', false],
      ['Europe/London', '2026-03-29', '02:00', '2026-03-29T01:00:00.000Z', true],
      // Repeated by fall-back: the earlier occurrence, 01:30 BST.
      ['Europe/London', '2026-10-25', '01:30', '2026-10-25T00:30:00.000Z', true],
      ['Europe/London', '2026-10-25', '02:00', '2026-10-25T02:00:00.000Z', true],
      ['Australia/Sydney', '2026-04-05', '02:30', '2026-04-04T15:30:00.000Z', true],
      ['Australia/Sydney', '2026-10-04', '02:30', '2026-10-03T16:30:00.000Z', false],
      ['America/New_York', '2026-11-01', '01:30', '2026-11-01T05:30:00.000Z', true],
    ])('%s %s %s is %s (exists: %s)', (zone, isoDate, time, expected, exists) => {
      const [year, month, day] = isoDate.split('-').map(Number);
      const [hour, minute] = time.split(':').map(Number);
      const resolved = wallTimeToInstant(IANAZone.create(zone), { year, month, day }, hour * 60 + minute);
      expect(new Date(resolved.ms).toISOString()).toBe(expected);
      expect(resolved.exact).toBe(exists);
    });
  });
});
