/**
 * Material's timepicker over the weekly hours' own values: "HH:mm" times of day ("24:00" for the midnight that
 * ends a day), shown, listed and read on the clinic's clock. The time-off dialog's pickers hold Luxon dates in the
 * clinic's zone; a weekly window is a time of day on no date, which is what the API takes, so here the values the
 * form holds, validates and sends stay those strings and only what the field shows follows the clinic.
 */
import { Injectable, Provider, effect } from '@angular/core';
import { DateAdapter, MAT_DATE_FORMATS, type MatDateFormats } from '@angular/material/core';
import { MINUTES_PER_DAY, formatTimeOfDay, parseTimeOfDay } from '@carebook/shared';
import { clinicHourCycle, clinicLocale, formatClock } from '../clinic-time';
import { type DayPeriods, readClockTime } from './weekly-hours';

const periodsCache = new Map<string, DayPeriods>();

/** The AM/PM words of a locale's 12-hour clock ("AM"/"PM" in English, "a.m."/"p.m." in en-AU). */
export function dayPeriods(locale: string): DayPeriods {
  let periods = periodsCache.get(locale);
  if (!periods) {
    const format = new Intl.DateTimeFormat(locale, { hour: 'numeric', hourCycle: 'h12', timeZone: 'UTC' });
    const period = (hour: number) => format.formatToParts(Date.UTC(2026, 0, 1, hour)).find((p) => p.type === 'dayPeriod')?.value ?? '';
    periods = { am: period(9), pm: period(15) };
    periodsCache.set(locale, periods);
  }
  return periods;
}

/**
 * A DateAdapter whose "dates" are times of day written HH:mm. Only the time methods mean anything (the
 * timepicker uses no others); every value is on one nominal day. Text that is not a time stays the value as
 * typed, invalid, so the form's own validation can say what is wrong with it.
 */
@Injectable()
export class TimeOfDayAdapter extends DateAdapter<string, string> {
  constructor() {
    super();
    // The clinic's clock or locale changing re-labels the fields and lists already on screen.
    effect(() => {
      clinicHourCycle();
      this.setLocale(clinicLocale());
    });
  }

  private minutes(time: string): number | null {
    return parseTimeOfDay(time);
  }

  // The nominal day every time of day is on.
  getYear(): number {
    return 2000;
  }
  getMonth(): number {
    return 0;
  }
  getDate(): number {
    return 1;
  }
  getDayOfWeek(): number {
    return 6;
  }
  getMonthNames(): string[] {
    return [];
  }
  getDateNames(): string[] {
    return [];
  }
  getDayOfWeekNames(): string[] {
    return [];
  }
  getYearName(): string {
    return '';
  }
  getFirstDayOfWeek(): number {
    return 1;
  }
  getNumDaysInMonth(): number {
    return 31;
  }
  createDate(): string {
    throw new Error('Times of day have no dates');
  }
  addCalendarYears(time: string): string {
    return time;
  }
  addCalendarMonths(time: string): string {
    return time;
  }
  addCalendarDays(time: string): string {
    return time;
  }

  clone(time: string): string {
    return time;
  }

  today(): string {
    return '00:00';
  }

  parse(value: unknown): string | null {
    return this.parseTime(value);
  }

  /** The clinic's clock ("9:30 AM" or "09:30"); text that is not a time as it is. */
  format(time: string): string {
    return formatClock(time);
  }

  toIso8601(time: string): string {
    return time;
  }

  isDateInstance(value: unknown): boolean {
    return typeof value === 'string';
  }

  isValid(time: string): boolean {
    return this.minutes(time) !== null;
  }

  invalid(): string {
    return '';
  }

  override setTime(_target: string, hours: number, minutes: number): string {
    const total = hours * 60 + minutes;
    return Number.isInteger(total) && total >= 0 && total <= MINUTES_PER_DAY ? formatTimeOfDay(total) : this.invalid();
  }

  override getHours(time: string): number {
    return Math.floor((this.minutes(time) ?? 0) / 60);
  }

  override getMinutes(time: string): number {
    return (this.minutes(time) ?? 0) % 60;
  }

  override getSeconds(): number {
    return 0;
  }

  /** Typed text, on either clock ("9:30 pm", "21:30", "930"), as HH:mm; other text as typed (an invalid value). */
  override parseTime(value: unknown): string | null {
    if (typeof value !== 'string') return null;
    const minutes = readClockTime(value, dayPeriods(clinicLocale()));
    return minutes === null ? value.trim() : formatTimeOfDay(minutes);
  }

  override addSeconds(time: string, seconds: number): string {
    const minutes = this.minutes(time);
    return minutes === null ? this.invalid() : this.setTime(time, 0, minutes + Math.round(seconds / 60));
  }

  /** The form's value as it is: a time, or the text typed in its place. */
  override deserialize(value: unknown): string | null {
    if (value === null || value === undefined) return null;
    return typeof value === 'string' ? value : this.invalid();
  }

  /**
   * Any text but none: the field then shows exactly what the form holds, a time on the clinic's clock or text
   * that is not one (copied from another day, say) as it is, never a blank that hides a value.
   */
  override getValidDateOrNull(value: unknown): string | null {
    return typeof value === 'string' && value !== '' ? value : null;
  }

  /** Two times are the same at the same minute; texts that are not times only when they are the same text. */
  override sameTime(first: string | null, second: string | null): boolean {
    if (first !== null && second !== null && this.isValid(first) && this.isValid(second)) return this.compareTime(first, second) === 0;
    return first === second;
  }
}

/** The adapter formats on the clinic's clock whatever format is asked; the timepicker only needs these keys set. */
const TIME_OF_DAY_FORMATS: MatDateFormats = {
  parse: { dateInput: null, timeInput: 'clinic' },
  display: {
    dateInput: 'clinic',
    timeInput: 'clinic',
    timeOptionLabel: 'clinic',
    monthYearLabel: 'clinic',
    dateA11yLabel: 'clinic',
    monthYearA11yLabel: 'clinic',
  },
};

/** Providers for a component whose timepickers edit HH:mm times of day (the weekly-hours editor). */
export function provideTimeOfDayAdapter(): Provider[] {
  return [
    { provide: DateAdapter, useClass: TimeOfDayAdapter },
    { provide: MAT_DATE_FORMATS, useValue: TIME_OF_DAY_FORMATS },
  ];
}

/** The times a list offers, every half hour: starts from 00:00 to 23:30, ends from 00:30 to 24:00 (midnight). */
export function timeOptions(edge: 'start' | 'end'): { value: string; label: string }[] {
  const first = edge === 'start' ? 0 : 30;
  return Array.from({ length: 48 }, (_, i) => {
    const value = formatTimeOfDay(first + i * 30);
    return { value, label: formatClock(value) };
  });
}
