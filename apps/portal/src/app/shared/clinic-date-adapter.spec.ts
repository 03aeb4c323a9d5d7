import { TestBed } from '@angular/core/testing';
import { DateAdapter, MAT_DATE_FORMATS, type MatDateFormats } from '@angular/material/core';
import { DateTime, Settings } from 'luxon';
import { Clinic } from '../core/clinic';
import { ClinicDateAdapter, dateFromIso, formatNumericDate, isoFromDate, provideClinicDateAdapter } from './clinic-date-adapter';
import { setClinicLocale } from './clinic-time';

describe('ClinicDateAdapter', () => {
  const realNow = Settings.now;

  function adapter(timezone: string, locale = 'en-GB', hourCycle: 'h23' | 'h12' = 'h23') {
    setClinicLocale({ locale, hourCycle });
    TestBed.configureTestingModule({
      providers: [provideClinicDateAdapter(), { provide: Clinic, useValue: { timezone: () => timezone } }],
    });
    return {
      adapter: TestBed.inject(DateAdapter) as ClinicDateAdapter,
      formats: TestBed.inject(MAT_DATE_FORMATS) as MatDateFormats,
    };
  }

  afterEach(() => {
    Settings.now = realNow;
    setClinicLocale({ locale: 'en-GB', hourCycle: 'h23' });
    TestBed.resetTestingModule();
  });

  it('is Material’s Luxon adapter, in the clinic’s locale', () => {
    const { adapter: a } = adapter('Europe/London', 'en-US');
    expect(a).toBeInstanceOf(ClinicDateAdapter);
    expect(a.locale).toBe('en-US');
  });

  it('takes today from the clinic’s zone, not the browser’s or UTC', () => {
    // 23:30 UTC on Monday 2 March is already Tuesday 3 March in Auckland, still Monday in New York.
    Settings.now = () => Date.parse('2026-03-02T23:30:00Z');
    expect(isoFromDate(adapter('Pacific/Auckland').adapter.today())).toBe('2026-03-03');
    TestBed.resetTestingModule();
    expect(isoFromDate(adapter('America/New_York').adapter.today())).toBe('2026-03-02');
  });

  it('creates the chosen day at the clinic’s midnight', () => {
    const day = adapter('Pacific/Auckland').adapter.createDate(2026, 2, 3);
    expect(day.zoneName).toBe('Pacific/Auckland');
    expect(day.toISO()).toBe('2026-03-03T00:00:00.000+13:00');
  });

  it('reads typed dates in the clinic locale’s order, and ISO dates, as clinic-local days', () => {
    const british = adapter('Europe/London').adapter;
    expect(isoFromDate(british.parse('28/11/2026', CLINIC_PARSE))).toBe('2026-11-28');
    expect(isoFromDate(british.parse('2026-11-28', CLINIC_PARSE))).toBe('2026-11-28');
    expect(british.parse('28/11/2026', CLINIC_PARSE)?.zoneName).toBe('Europe/London');
    TestBed.resetTestingModule();
    const american = adapter('America/New_York', 'en-US').adapter;
    expect(isoFromDate(american.parse('11/28/2026', CLINIC_PARSE))).toBe('2026-11-28');
  });

  it('refuses a day that does not exist rather than rolling it over', () => {
    const a = adapter('Europe/London').adapter;
    const date = a.parse('31/02/2026', CLINIC_PARSE);
    expect(date).not.toBeNull();
    expect(a.isValid(date as DateTime)).toBe(false);
    expect(a.parse('', CLINIC_PARSE)).toBeNull();
  });

  it('shows and reads times on the clinic’s clock', () => {
    const { adapter: a, formats } = adapter('Europe/London', 'en-US', 'h12');
    const nine = a.parseTime('9:00 AM', formats.parse.timeInput) as DateTime;
    expect([nine.hour, nine.minute, nine.zoneName]).toEqual([9, 0, 'Europe/London']);
    expect(a.format(nine.set({ hour: 14, minute: 30 }), formats.display.timeInput as string)).toBe('2:30 PM');
    setClinicLocale({ locale: 'en-US', hourCycle: 'h23' });
    expect(a.format(nine.set({ hour: 14, minute: 30 }), formats.display.timeInput as string)).toBe('14:30');
    expect((a.parseTime('14:30', formats.parse.timeInput) as DateTime).hour).toBe(14);
  });
});

const CLINIC_PARSE = ['D', 'd/M/yyyy'];

describe('picker values ↔ YYYY-MM-DD', () => {
  it('keeps the calendar day, in the zone given', () => {
    const day = dateFromIso('2026-03-29', 'Europe/London');
    expect(day?.toISO()).toBe('2026-03-29T00:00:00.000+00:00');
    expect(isoFromDate(day)).toBe('2026-03-29');
    expect(dateFromIso('2026-02-30', 'Europe/London')).toBeNull();
    expect(isoFromDate(null)).toBe('');
    expect(isoFromDate(DateTime.invalid('nope'))).toBe('');
  });

  it('writes an example date in the locale’s numeric order', () => {
    expect(formatNumericDate(2026, 12, 25, 'en-GB')).toBe('25/12/2026');
    expect(formatNumericDate(2026, 12, 25, 'en-US')).toBe('12/25/2026');
  });
});
