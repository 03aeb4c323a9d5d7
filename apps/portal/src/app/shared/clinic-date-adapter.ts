/**
 * Date and time pickers in the clinic's timezone, locale and clock: Material's Luxon adapter, its dates
 * created, parsed and "today" in the clinic's zone (the adapter itself knows only the browser's zone or UTC),
 * and the pickers' DateTime values ↔ the API's YYYY-MM-DD dates.
 */
import { Injectable, Provider, effect, inject } from '@angular/core';
import { DateAdapter, MAT_DATE_FORMATS, MAT_DATE_LOCALE, type MatDateFormats } from '@angular/material/core';
import { LuxonDateAdapter, MAT_LUXON_DATE_ADAPTER_OPTIONS, type MatLuxonDateAdapterOptions } from '@angular/material-luxon-adapter';
import { DateTime } from 'luxon';
import { Clinic } from '../core/clinic';
import { clinicHourCycle, clinicLocale, isIsoDate } from './clinic-time';

/**
 * The Luxon adapter with every date in the clinic's zone: a day chosen in the calendar is that day at the
 * clinic's midnight, text typed into a picker is read as the clinic's wall-clock time, and "today" (the
 * calendar's highlight, the default month) is the clinic's today even for a browser elsewhere. Its locale
 * follows the clinic's settings when they arrive or change.
 */
@Injectable()
export class ClinicDateAdapter extends LuxonDateAdapter {
  private readonly clinic = inject(Clinic);

  constructor() {
    super();
    effect(() => {
      const locale = clinicLocale();
      if (locale !== this.locale) this.setLocale(locale);
    });
  }

  /** The zone every date of the pickers is in. */
  zone(): string {
    return this.clinic.timezone();
  }

  override today(): DateTime {
    return DateTime.now().setZone(this.zone()).setLocale(this.locale as string);
  }

  override createDate(year: number, month: number, date: number): DateTime {
    // The parent checks the day exists (and throws as Material expects); the same wall-clock day, in the clinic's zone.
    return super.createDate(year, month, date).setZone(this.zone(), { keepLocalTime: true });
  }

  override parse(value: unknown, parseFormat: string | string[]): DateTime | null {
    const options = { zone: this.zone(), locale: this.locale as string };
    if (typeof value === 'string') {
      const text = value.trim();
      if (text === '') return null;
      const iso = DateTime.fromISO(text, options);
      if (iso.isValid) return iso;
      for (const format of Array.isArray(parseFormat) ? parseFormat : [parseFormat]) {
        const parsed = DateTime.fromFormat(text, format, options);
        if (parsed.isValid) return parsed;
      }
      return this.invalid();
    }
    if (typeof value === 'number') return DateTime.fromMillis(value, options);
    if (value instanceof Date) return DateTime.fromJSDate(value, options);
    if (value instanceof DateTime) return value.setZone(options.zone).setLocale(options.locale);
    return null;
  }

  override deserialize(value: unknown): DateTime | null {
    if (typeof value === 'string' && value !== '') {
      const date = DateTime.fromISO(value, { zone: this.zone(), locale: this.locale as string });
      if (date.isValid) return date;
    }
    return super.deserialize(value);
  }
}

/**
 * Display and parse formats (Luxon tokens). Dates as the locale writes them in numbers ("25/12/2026" in
 * en-GB, "12/25/2026" in en-US); times on the clinic's clock, read whichever way they are typed. Getters,
 * so a change of the clinic's clock reaches pickers already on screen.
 */
export const CLINIC_DATE_FORMATS: MatDateFormats = {
  parse: {
    dateInput: ['D', 'd/M/yyyy', 'd.M.yyyy', 'd-M-yyyy'],
    timeInput: ['H:mm', 'HH:mm', 'h:mm a', 'h:mma', 'h a', 'ha', 't'],
  },
  display: {
    dateInput: 'D',
    get timeInput() {
      return clinicHourCycle() === 'h23' ? 'HH:mm' : 'h:mm a';
    },
    get timeOptionLabel() {
      return clinicHourCycle() === 'h23' ? 'HH:mm' : 'h:mm a';
    },
    monthYearLabel: 'LLL yyyy',
    dateA11yLabel: 'DDD',
    monthYearA11yLabel: 'LLLL yyyy',
  },
};

/** Providers for a component with date or time pickers: the ClinicDateAdapter in the clinic's locale. */
export function provideClinicDateAdapter(): Provider[] {
  return [
    { provide: MAT_DATE_LOCALE, useFactory: () => clinicLocale() },
    { provide: MAT_LUXON_DATE_ADAPTER_OPTIONS, useValue: { useUtc: false, defaultOutputCalendar: 'gregory' } satisfies MatLuxonDateAdapterOptions },
    { provide: DateAdapter, useClass: ClinicDateAdapter },
    { provide: MAT_DATE_FORMATS, useValue: CLINIC_DATE_FORMATS },
  ];
}

/** The DateTime a date picker holds for a YYYY-MM-DD date (the clinic's midnight of that day); null if it is not one. */
export function dateFromIso(date: string, zone: string): DateTime | null {
  return isIsoDate(date) ? DateTime.fromISO(date, { zone }) : null;
}

/** YYYY-MM-DD of the calendar day a date picker holds (its own wall-clock day); '' for none. */
export function isoFromDate(date: DateTime | null | undefined): string {
  return date?.isValid ? (date.toISODate() ?? '') : '';
}

/** A day as the pickers write it in numbers, for "For example …" hints: "25/12/2026" in en-GB. */
export function formatNumericDate(year: number, month: number, day: number, locale: string): string {
  return DateTime.fromObject({ year, month, day }, { locale }).toFormat('D');
}
