/**
 * Date pickers in the browser's language: Material's native adapter, reading typed dates in that
 * language's order too, and the pickers' Date values ↔ the API's YYYY-MM-DD dates.
 */
import { Injectable, Provider } from '@angular/core';
import { DateAdapter, MAT_DATE_LOCALE, NativeDateAdapter, provideNativeDateAdapter } from '@angular/material/core';

export interface TypedDate {
  year: number;
  month: number;
  day: number;
}

const NUMERIC: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'numeric', day: 'numeric' };

/** A date as the locale writes it in numbers ("25/12/2026" in en-GB), e.g. for "For example …" hints. */
export function formatNumericDate(date: Date, locale?: string): string {
  return new Intl.DateTimeFormat(locale, NUMERIC).format(date);
}

/** Day, month and year in the order a locale writes numeric dates ("en-GB": day first). */
function numericOrder(locale?: string): ('day' | 'month' | 'year')[] {
  const parts = new Intl.DateTimeFormat(locale, NUMERIC).formatToParts(new Date(2026, 11, 25));
  return parts.map((p) => p.type).filter((type): type is 'day' | 'month' | 'year' => ['day', 'month', 'year'].includes(type));
}

/**
 * A date typed as numbers: ISO "2026-12-25", or in the locale's own order with /, . or - between
 * ("25/12/2026" in en-GB, "12/25/2026" in en-US; a two-digit year is 20xx). Undefined when the text
 * isn't written that way; null when it is but names no real day (31/02/2026).
 */
export function parseTypedDate(text: string, locale?: string): TypedDate | null | undefined {
  const trimmed = text.trim();
  let date: TypedDate;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  if (iso) {
    date = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  } else {
    const numeric = /^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})$/.exec(trimmed);
    if (!numeric) return undefined;
    const values = [numeric[1], numeric[2], numeric[3]].map(Number);
    const order = numericOrder(locale);
    if (order.length !== 3) return undefined;
    const pick = (type: 'day' | 'month' | 'year') => values[order.indexOf(type)];
    const year = pick('year');
    date = { year: year < 100 ? 2000 + year : year, month: pick('month'), day: pick('day') };
  }
  const check = new Date(Date.UTC(date.year, date.month - 1, date.day));
  const real =
    check.getUTCFullYear() === date.year && check.getUTCMonth() === date.month - 1 && check.getUTCDate() === date.day;
  return real ? date : null;
}

/** True for a real calendar day written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The Date a date picker holds (local midnight) for a YYYY-MM-DD date; null if it is not one. */
export function dateFromIso(date: string): Date | null {
  if (!isIsoDate(date)) return null;
  const [year, month, day] = date.split('-').map(Number);
  return new Date(year, month - 1, day);
}

/** YYYY-MM-DD of the calendar day a date picker chose (its local date, never shifted through UTC); '' for none. */
export function isoFromDate(date: Date | null): string {
  if (!date || Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * The native adapter in the browser's language, reading typed dates in that language's order
 * ("28/11/2026" in the UK) rather than only the American order the platform's Date.parse knows.
 */
@Injectable()
export class TypedDateAdapter extends NativeDateAdapter {
  override parse(value: unknown, parseFormat?: unknown): Date | null {
    if (typeof value === 'string') {
      const typed = parseTypedDate(value, this.locale as string);
      if (typed === null) return this.invalid();
      if (typed !== undefined) return new Date(typed.year, typed.month - 1, typed.day);
    }
    return super.parse(value, parseFormat);
  }
}

/** Providers for a component with date pickers: the TypedDateAdapter in the browser's language. */
export function provideTypedDateAdapter(): Provider[] {
  return [
    provideNativeDateAdapter(),
    { provide: MAT_DATE_LOCALE, useFactory: () => globalThis.navigator?.language || 'en-GB' },
    { provide: DateAdapter, useClass: TypedDateAdapter },
  ];
}
