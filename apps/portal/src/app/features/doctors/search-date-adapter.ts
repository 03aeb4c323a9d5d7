import { Injectable, Provider } from '@angular/core';
import { DateAdapter, MAT_DATE_LOCALE, NativeDateAdapter, provideNativeDateAdapter } from '@angular/material/core';
import { parseTypedDate } from '../admin/holiday-model';

/**
 * The native adapter in the browser's language, reading typed dates in that language's order
 * ("28/11/2026" in the UK) rather than only the American order Date.parse knows.
 * (Same behaviour as the holiday dialog's adapter; both could move to shared/.)
 */
@Injectable()
export class LocalDateAdapter extends NativeDateAdapter {
  override parse(value: unknown, parseFormat?: unknown): Date | null {
    if (typeof value === 'string') {
      const typed = parseTypedDate(value, this.locale as string);
      if (typed === null) return this.invalid();
      if (typed !== undefined) return new Date(typed.year, typed.month - 1, typed.day);
    }
    return super.parse(value, parseFormat);
  }
}

export function provideLocalDateAdapter(): Provider[] {
  return [
    provideNativeDateAdapter(),
    { provide: MAT_DATE_LOCALE, useFactory: () => globalThis.navigator?.language || 'en-GB' },
    { provide: DateAdapter, useClass: LocalDateAdapter },
  ];
}
