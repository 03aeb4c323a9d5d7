import { DestroyRef, effect, inject, type Signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { CONSULTATION_LIMITS } from '@carebook/shared';
import { debounceTime } from 'rxjs';
import { Realtime } from '../../core/realtime';

/**
 * For a consultation page (in an injection context): `refresh` runs whenever `consultation:updated` arrives
 * (or the socket came back from a gap), and while `beating()` is true the page sends `presence:heartbeat`
 * every CONSULTATION_LIMITS.heartbeatSeconds, which keeps an available doctor available and a waiting patient
 * in the queue. A page that closes stops beating, and the server lets go two minutes later.
 */
export function followConsultations(refresh: () => void, beating: Signal<boolean>): void {
  const realtime = inject(Realtime);
  realtime
    .consultationUpdates()
    .pipe(debounceTime(200), takeUntilDestroyed())
    .subscribe(() => refresh());
  let timer: ReturnType<typeof setInterval> | undefined;
  effect(() => {
    clearInterval(timer);
    timer = undefined;
    if (beating()) {
      realtime.heartbeat();
      timer = setInterval(() => realtime.heartbeat(), CONSULTATION_LIMITS.heartbeatSeconds * 1000);
    }
  });
  inject(DestroyRef).onDestroy(() => clearInterval(timer));
}
