import { TestBed } from '@angular/core/testing';
import { DateAdapter, MAT_DATE_LOCALE } from '@angular/material/core';
import {
  TypedDateAdapter,
  dateFromIso,
  formatNumericDate,
  isIsoDate,
  isoFromDate,
  parseTypedDate,
  provideTypedDateAdapter,
} from './typed-date-adapter';

describe('parseTypedDate', () => {
  it.each([
    ['25/12/2026', 'en-GB', { year: 2026, month: 12, day: 25 }],
    ['12/25/2026', 'en-US', { year: 2026, month: 12, day: 25 }],
    ['25.12.26', 'de-DE', { year: 2026, month: 12, day: 25 }],
    ['2026-12-25', 'en-US', { year: 2026, month: 12, day: 25 }],
    ['31/02/2026', 'en-GB', null],
    ['25/12/2026', 'en-US', null],
    ['Christmas', 'en-GB', undefined],
  ])('reads %j in %s', (text, locale, expected) => {
    expect(parseTypedDate(text, locale)).toEqual(expected);
  });
});

describe('date picker values ↔ YYYY-MM-DD', () => {
  it('takes the calendar day a picker chose, never shifted through UTC', () => {
    expect(isoFromDate(new Date(2026, 11, 25))).toBe('2026-12-25');
    expect(isoFromDate(new Date(2026, 0, 1, 23, 59))).toBe('2026-01-01');
    expect(isoFromDate(dateFromIso('2026-03-29'))).toBe('2026-03-29');
  });

  it('gives the picker local midnight of the day', () => {
    const date = dateFromIso('2026-03-29');
    expect([date?.getFullYear(), date?.getMonth(), date?.getDate(), date?.getHours()]).toEqual([2026, 2, 29, 0]);
  });

  it('has nothing for missing, unreadable or unreal dates', () => {
    expect(dateFromIso('')).toBeNull();
    expect(dateFromIso('2026-02-30')).toBeNull();
    expect(isoFromDate(null)).toBe('');
    expect(isoFromDate(new Date('nope'))).toBe('');
  });

  it('knows a real YYYY-MM-DD day', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2026-3-1')).toBe(false);
    expect(isIsoDate('tomorrow')).toBe(false);
  });

  it('writes an example date in the locale’s numeric order', () => {
    expect(formatNumericDate(new Date(2026, 11, 25), 'en-GB')).toBe('25/12/2026');
    expect(formatNumericDate(new Date(2026, 11, 25), 'en-US')).toBe('12/25/2026');
  });
});

describe('TypedDateAdapter', () => {
  function adapter(locale: string): DateAdapter<Date> {
    TestBed.configureTestingModule({ providers: [provideTypedDateAdapter(), { provide: MAT_DATE_LOCALE, useValue: locale }] });
    return TestBed.inject(DateAdapter<Date>);
  }

  afterEach(() => TestBed.resetTestingModule());

  it('is what the providers give a date picker', () => {
    expect(adapter('en-GB')).toBeInstanceOf(TypedDateAdapter);
  });

  it('reads typed dates in the browser language’s order', () => {
    const date = adapter('en-GB').parse('28/11/2026', null);
    expect(isoFromDate(date)).toBe('2026-11-28');
  });

  it('refuses a typed day that does not exist, rather than rolling it over', () => {
    const british = adapter('en-GB');
    const date = british.parse('31/02/2026', null);
    expect(date).not.toBeNull();
    expect(british.isValid(date as Date)).toBe(false);
  });
});
