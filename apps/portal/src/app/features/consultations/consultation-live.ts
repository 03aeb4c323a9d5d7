import { inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { debounceTime } from 'rxjs';
import { Realtime } from '../../core/realtime';

/**
 * For a consultation page (in an injection context): `refresh` runs whenever `consultation:updated` arrives
 * (or the socket came back from a gap). The heartbeat that keeps a doctor available and a patient queued is not
 * the page's: ConsultationPresence beats on every page.
 */
export function followConsultations(refresh: () => void): void {
  inject(Realtime)
    .consultationUpdates()
    .pipe(debounceTime(200), takeUntilDestroyed())
    .subscribe(() => refresh());
}
