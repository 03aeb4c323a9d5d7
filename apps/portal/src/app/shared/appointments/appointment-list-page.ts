import { computed, effect, inject } from '@angular/core';
import { rxResource, takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router } from '@angular/router';
import { AppointmentsApi, type Appointment } from '@carebook/api-client';
import { debounceTime } from 'rxjs';
import { Clinic } from '../../core/clinic';
import { Realtime } from '../../core/realtime';
import {
  APPOINTMENT_PAGE_SIZES,
  type AppointmentFilters,
  type AppointmentOrder,
  NO_APPOINTMENT_FILTERS,
  appointmentFiltersFromParams,
  appointmentFiltersToParams,
  orderOf,
  toAppointmentListParams,
} from './appointment-filters';
import { patientSummary } from './appointment-text';
import { formatLocalDate, formatTime, localDate, todayIn } from '../clinic-time';

/** One appointment of a result page, with its clinic-local date and time and the patient in a few words. */
export interface AppointmentRow {
  appointment: Appointment;
  date: string;
  time: string;
  patient: string;
}

/**
 * What the doctor's request search and the admin's oversight share: filters read from and written to the URL,
 * the page of appointments they select (refetched when any appointment changes), and paging that never
 * strands the reader past the last page.
 */
export abstract class AppointmentListPage {
  protected readonly api = inject(AppointmentsApi);
  private readonly clinic = inject(Clinic);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  private readonly queryParams = toSignal(this.route.queryParams, { initialValue: {} });
  protected readonly filters = computed(() => appointmentFiltersFromParams(this.queryParams()));
  protected readonly order = computed(() => orderOf(this.filters()));
  protected readonly pageSizes = APPOINTMENT_PAGE_SIZES;
  protected readonly timezone = computed(() => this.clinic.timezone());

  protected readonly appointments = rxResource({
    params: () => (this.clinic.info.isLoading() ? undefined : toAppointmentListParams(this.filters(), todayIn(this.timezone()))),
    stream: ({ params }) => this.api.listAppointments(params),
  });
  protected readonly total = computed(() => (this.appointments.hasValue() ? this.appointments.value().total : 0));
  protected readonly rows = computed<AppointmentRow[]>(() => {
    const zone = this.timezone();
    const items = this.appointments.hasValue() ? this.appointments.value().items : [];
    return items.map((appointment) => ({
      appointment,
      date: formatLocalDate(localDate(appointment.startsAt, zone), { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }),
      time: `${formatTime(appointment.startsAt, zone)}–${formatTime(appointment.endsAt, zone)}`,
      patient: patientSummary(appointment.patientDetails),
    }));
  });

  constructor() {
    inject(Realtime)
      .appointmentUpdates()
      .pipe(debounceTime(500), takeUntilDestroyed())
      .subscribe(() => this.appointments.reload());
    // A page past the end (after results shrank) moves to the last page.
    effect(() => {
      if (!this.appointments.hasValue()) return;
      const { page, pageSize } = this.filters();
      if (page > 1 && this.rows().length === 0 && this.total() > 0) {
        this.navigate({ page: Math.ceil(this.total() / pageSize) }, true);
      }
    });
  }

  protected navigate(change: Partial<AppointmentFilters>, replaceUrl = false): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: appointmentFiltersToParams(change),
      queryParamsHandling: 'merge',
      replaceUrl,
    });
  }

  protected setOrder(order: AppointmentOrder): void {
    this.navigate({ order, page: 1 });
  }

  /** Every narrowing filter back to its default; the page size stays. */
  protected clearFilters(): void {
    const { pageSize: _pageSize, ...cleared } = NO_APPOINTMENT_FILTERS;
    this.navigate(cleared);
  }
}
