import { Injectable, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { ClinicApi } from '@carebook/api-client';
import type { ClinicInfo } from './api-types';

/**
 * The clinic's name, timezone and booking rules, loaded once and shared. Every clinic-local time the
 * portal shows is formatted in `timezone()`, not in the browser's zone, so a patient abroad sees the
 * times the clinic means.
 */
@Injectable({ providedIn: 'root' })
export class Clinic {
  private readonly api = inject(ClinicApi);
  readonly info = rxResource<ClinicInfo, void>({ stream: () => this.api.getClinicInfo() });

  /** The clinic's IANA timezone; the browser's until the clinic has answered. */
  timezone(): string {
    return this.info.hasValue() ? this.info.value().timezone : Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  reload(): void {
    this.info.reload();
  }
}
