import { Pipe, PipeTransform, inject } from '@angular/core';
import { Clinic } from '../core/clinic';
import { formatLocalDate, formatTime, formatTimestamp, localDate as localDay } from './clinic-time';

/**
 * How an instant is written: `date` "2 Mar 2026", `dateTime` "2 Mar 2026, 09:30", `dateTimeSeconds`
 * "2 Mar 2026, 09:30:05", `time` "09:30" (or "9:30 AM").
 */
export type ClinicDateStyle = 'date' | 'dateTime' | 'dateTimeSeconds' | 'time';

/**
 * An ISO instant in the clinic's timezone, locale and clock: the portal's replacement for Angular's
 * DatePipe, which writes in the browser's zone with the app's locale. Impure because the clinic's settings
 * can change under an unchanged value (formatters are cached, so a call is cheap).
 */
@Pipe({ name: 'clinicDate', pure: false })
export class ClinicDatePipe implements PipeTransform {
  private readonly clinic = inject(Clinic);

  transform(instant: string | null | undefined, style: ClinicDateStyle = 'dateTime'): string {
    if (!instant || Number.isNaN(Date.parse(instant))) return '';
    const zone = this.clinic.timezone();
    switch (style) {
      case 'date':
        return formatLocalDate(localDay(instant, zone), { day: 'numeric', month: 'short', year: 'numeric' });
      case 'time':
        return formatTime(instant, zone);
      case 'dateTimeSeconds':
        return formatTimestamp(instant, zone, { seconds: true });
      default:
        return formatTimestamp(instant, zone);
    }
  }
}
