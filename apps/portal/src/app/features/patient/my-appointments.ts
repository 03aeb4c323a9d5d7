import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource, takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTabsModule } from '@angular/material/tabs';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { ListPaginator } from '../../shared/list-paginator';
import { AppointmentsApi, type ListAppointments$Params } from '@carebook/api-client';
import { debounceTime } from 'rxjs';
import { Clinic } from '../../core/clinic';
import { Realtime } from '../../core/realtime';
import { AppointmentItem } from '../../shared/appointments/appointment-item';
import { LoadError } from '../../shared/load-error';

export type AppointmentsTab = 'upcoming' | 'past';
export const MY_APPOINTMENTS_PAGE_SIZE = 10;

/**
 * The list request for a tab: upcoming ones from now on, soonest first; past ones before now, latest
 * first. Every status shows, so a declined request or a cancellation is not silently dropped.
 */
export function tabQuery(tab: AppointmentsTab, page: number, now: number): ListAppointments$Params {
  const instant = new Date(now).toISOString();
  return tab === 'upcoming'
    ? { from: instant, order: 'asc', page, pageSize: MY_APPOINTMENTS_PAGE_SIZE }
    : { to: instant, order: 'desc', page, pageSize: MY_APPOINTMENTS_PAGE_SIZE };
}

/** The patient's appointments, upcoming and past, a page at a time, kept current as they change. */
@Component({
  selector: 'cb-my-appointments',
  imports: [AppointmentItem, ListPaginator, LoadError, MatButtonModule, MatIconModule, MatProgressBarModule, MatTabsModule, RouterLink],
  templateUrl: './my-appointments.html',
  styleUrl: './my-appointments.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyAppointments {
  private readonly api = inject(AppointmentsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly clinic = inject(Clinic);

  protected readonly pageSize = MY_APPOINTMENTS_PAGE_SIZE;
  protected readonly timezone = computed(() => this.clinic.timezone());

  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });
  protected readonly tab = computed<AppointmentsTab>(() => (this.params().get('tab') === 'past' ? 'past' : 'upcoming'));
  /** Upcoming is the page's default, so its link leaves `tab` out of the address. */
  protected readonly tabs = [
    { tab: 'upcoming', param: null, label: 'Upcoming' },
    { tab: 'past', param: 'past', label: 'Past' },
  ] as const satisfies readonly { tab: AppointmentsTab; param: string | null; label: string }[];
  protected readonly page = computed(() => Math.max(1, Math.floor(Number(this.params().get('page')) || 1)));
  protected readonly list = rxResource({
    params: () => ({ tab: this.tab(), page: this.page() }),
    // "Now", the split between the tabs, is taken afresh on every load, reloads included.
    stream: ({ params }) => this.api.listAppointments(tabQuery(params.tab, params.page, Date.now())),
  });
  protected readonly items = computed(() => (this.list.hasValue() ? this.list.value().items : []));
  protected readonly total = computed(() => (this.list.hasValue() ? this.list.value().total : 0));

  constructor() {
    // Someone else (the doctor, the clinic, another tab) changed one of them: show it without a reload.
    inject(Realtime)
      .appointmentUpdates()
      .pipe(debounceTime(300), takeUntilDestroyed())
      .subscribe(() => this.list.reload());
  }

  protected changePage(page: number): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { page }, queryParamsHandling: 'merge' });
  }
}
