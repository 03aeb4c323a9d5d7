import { TestBed } from '@angular/core/testing';
import { setClinicLocale } from '../clinic-time';
import { TimeOfDayAdapter, dayPeriods, timeOptions } from './time-of-day-adapter';

describe('TimeOfDayAdapter (the weekly hours’ timepickers)', () => {
  let adapter: TimeOfDayAdapter;

  function clinic(locale: string, hourCycle: 'h12' | 'h23'): void {
    setClinicLocale({ locale, hourCycle });
    TestBed.tick();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [TimeOfDayAdapter] });
    adapter = TestBed.inject(TimeOfDayAdapter);
  });

  afterEach(() => setClinicLocale({ locale: 'en-GB', hourCycle: 'h23' }));

  describe('format', () => {
    it('shows an HH:mm time on the clinic’s clock, midnight ending a day included', () => {
      clinic('en-US', 'h12');
      expect(adapter.format('09:30')).toMatch(/^9:30\sAM$/);
      expect(adapter.format('24:00')).toMatch(/^12:00\sAM$/);
      clinic('en-GB', 'h23');
      expect(adapter.format('09:30')).toBe('09:30');
      expect(adapter.format('24:00')).toBe('24:00');
    });

    it('shows text that is not a time as it is', () => {
      expect(adapter.format('9:75 PM')).toBe('9:75 PM');
    });
  });

  describe('parseTime', () => {
    it('reads either clock into the API’s HH:mm', () => {
      clinic('en-US', 'h12');
      expect(adapter.parseTime('9:30 PM')).toBe('21:30');
      expect(adapter.parseTime('21:30')).toBe('21:30');
      expect(adapter.parseTime('930')).toBe('09:30');
    });

    it('keeps text that is not a time as the (invalid) value, so validation can name it', () => {
      const typed = adapter.parseTime(' soon ');
      expect(typed).toBe('soon');
      expect(adapter.isValid(typed as string)).toBe(false);
      expect(adapter.parseTime('')).toBe('');
    });

    it('follows the clinic locale’s AM/PM words', () => {
      clinic('en-AU', 'h12');
      expect(adapter.parseTime(`2:15 ${dayPeriods('en-AU').pm}`)).toBe('14:15');
    });
  });

  describe('times as the timepicker compares and steps them', () => {
    it('counts hours and minutes, 24:00 after every other time', () => {
      expect([adapter.getHours('13:45'), adapter.getMinutes('13:45')]).toEqual([13, 45]);
      expect(adapter.compareTime('24:00', '23:30')).toBeGreaterThan(0);
      expect(adapter.setTime('09:00', 24, 0, 0)).toBe('24:00');
      expect(adapter.addSeconds('23:30', 30 * 60)).toBe('24:00');
      expect(adapter.isValid(adapter.addSeconds('24:00', 60))).toBe(false);
    });

    it('takes two texts that are not times as the same only when they are the same text', () => {
      expect(adapter.sameTime('9:00', '09:00')).toBe(false);
      expect(adapter.sameTime('09:00', '09:00')).toBe(true);
      expect(adapter.sameTime('13:', '13:3')).toBe(false);
      expect(adapter.sameTime(null, null)).toBe(true);
    });

    it('hands the form’s value back as it is, whatever it is', () => {
      expect(adapter.deserialize('09:00')).toBe('09:00');
      expect(adapter.deserialize('soon')).toBe('soon');
      expect(adapter.getValidDateOrNull('soon')).toBe('soon');
      expect(adapter.getValidDateOrNull('')).toBeNull();
    });
  });

  describe('timeOptions', () => {
    it('lists half hours: starts from midnight, ends up to the midnight that ends the day', () => {
      clinic('en-US', 'h12');
      const starts = timeOptions('start');
      const ends = timeOptions('end');
      expect(starts).toHaveLength(48);
      expect(starts[0].value).toBe('00:00');
      expect(starts[19]).toEqual({ value: '09:30', label: expect.stringMatching(/^9:30\sAM$/) as unknown });
      expect(ends[0].value).toBe('00:30');
      expect(ends.at(-1)).toEqual({ value: '24:00', label: expect.stringMatching(/^12:00\sAM$/) as unknown });
    });
  });
});
