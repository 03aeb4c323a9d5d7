import { Injectable, PLATFORM_ID, inject } from '@angular/core';
import { isPlatformBrowser } from '@angular/common';
import { rxResource } from '@angular/core/rxjs-interop';
import { ClinicApi } from '@carebook/api-client';
import { tap } from 'rxjs';
import { setClinicLocale } from '../shared/clinic-time';
import type { ClinicInfo } from './api-types';

/**
 * The clinic's name, timezone, locale and booking rules, loaded once and shared. Every clinic-local time the
 * portal shows is formatted in `timezone()`, not in the browser's zone, so a patient abroad sees the
 * times the clinic means, and in the clinic's locale and clock (shared/clinic-time.ts).
 */
@Injectable({ providedIn: 'root' })
export class Clinic {
  private readonly api = inject(ClinicApi);
  // Asked only in the browser: the build's prerender of `/` has no API, and the settings can change after a build.
  private readonly browser = isPlatformBrowser(inject(PLATFORM_ID));
  // The locale and clock are set before the answer reaches any view, so nothing formats with the old ones.
  readonly info = rxResource<ClinicInfo, true | undefined>({
    params: () => (this.browser ? true : undefined),
    stream: () => this.api.getClinicInfo().pipe(tap((info) => setClinicLocale(info))),
  });

  /** The clinic's IANA timezone; the browser's until the clinic has answered. */
  timezone(): string {
    return this.info.hasValue() ? this.info.value().timezone : Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  reload(): void {
    this.info.reload();
  }
}
