import { DestroyRef, Injectable, computed, effect, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { AppointmentsApi } from '@carebook/api-client';
import { Subscription, debounceTime, map } from 'rxjs';
import { Realtime } from './realtime';
import { Session } from './session';

/**
 * How many booking requests wait for the signed-in doctor's answer, for the home page (the toolbar's bell
 * carries each request as a notification). Kept current from the live connection: a request arriving, answered elsewhere or expiring
 * changes it without a reload.
 */
@Injectable({ providedIn: 'root' })
export class PendingRequests {
  private readonly api = inject(AppointmentsApi);
  private readonly session = inject(Session);
  private readonly realtime = inject(Realtime);
  private live?: Subscription;

  private readonly total = rxResource({
    params: () => (this.session.role() === 'doctor' ? { user: this.session.user()?.id } : undefined),
    stream: () => this.api.listAppointments({ status: ['pending'], pageSize: 1 }).pipe(map((page) => page.total)),
  });

  /** Null until known (and for anyone but a doctor). */
  readonly count = computed(() => (this.total.hasValue() ? this.total.value() : null));

  constructor() {
    effect(() => {
      const doctor = this.session.role() === 'doctor';
      if (doctor && !this.live) {
        // A burst of changes (the expiry job answers many at once) costs one request.
        this.live = this.realtime
          .appointmentUpdates()
          .pipe(debounceTime(300))
          .subscribe(() => this.total.reload());
      } else if (!doctor && this.live) {
        this.live.unsubscribe();
        this.live = undefined;
      }
    });
    inject(DestroyRef).onDestroy(() => this.live?.unsubscribe());
  }

  /** Ask again now, after this tab answered a request. */
  reload(): void {
    this.total.reload();
  }
}
