import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { AdminApi } from '@carebook/api-client';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from '@carebook/shared';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { NgxEchartsDirective, provideEchartsCore } from 'ngx-echarts';
import { Clinic } from '../../../core/clinic';
import { Theme } from '../../../core/theme';
import { addDays, formatLocalDate, todayIn } from '../../../shared/clinic-time';
import { LoadError } from '../../../shared/load-error';
import { SectionCard } from '../../../shared/section-card';
import { perDayChart, rankingChart, themeColors } from './charts';

// The charts' text alternatives are the page's own (aria-label, tables and lists), so ECharts' aria module is left out.
echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

export const STATUS_LABELS: Record<AppointmentStatus, string> = {
  pending: 'Pending',
  confirmed: 'Confirmed',
  declined: 'Declined',
  cancelled: 'Cancelled',
  completed: 'Completed',
  no_show: 'No-show',
};

const RANGES = [
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
];

/** The admin dashboard: accounts, appointments today and this week, and charts over a chosen range. */
@Component({
  selector: 'cb-admin-dashboard',
  imports: [LoadError, MatButtonToggleModule, MatProgressBarModule, NgxEchartsDirective, SectionCard],
  providers: [provideEchartsCore({ echarts })],
  templateUrl: './dashboard.html',
  styleUrl: './dashboard.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminDashboard {
  private readonly adminApi = inject(AdminApi);
  private readonly clinic = inject(Clinic);
  private readonly theme = inject(Theme);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly ranges = RANGES;
  protected readonly statuses = APPOINTMENT_STATUSES;
  protected readonly labels = STATUS_LABELS;
  protected readonly days = signal(30);

  protected readonly stats = rxResource({
    params: () => {
      const to = todayIn(this.clinic.timezone());
      return { from: addDays(to, 1 - this.days()), to };
    },
    stream: ({ params }) => this.adminApi.getAdminStats(params),
  });

  protected readonly data = computed(() => (this.stats.hasValue() ? this.stats.value() : undefined));
  protected readonly noShowRate = computed(() => {
    const rate = this.data()?.appointments.noShowRate;
    return rate === null || rate === undefined ? '—' : `${Math.round(rate * 100)}%`;
  });

  /** Re-read whenever the light/dark scheme changes, so the charts follow the theme. */
  private readonly colors = computed(() => {
    this.theme.scheme();
    return themeColors(this.host.nativeElement);
  });

  protected readonly perDayOptions = computed(() => {
    const d = this.data();
    if (!d) return {};
    const perDay = d.appointments.perDay;
    return perDayChart(
      this.colors(),
      perDay.map((p) => formatLocalDate(p.date, { day: 'numeric', month: 'short' })),
      this.statuses.map((s) => ({ name: STATUS_LABELS[s], values: perDay.map((p) => p.byStatus[s]) })),
    );
  });
  protected readonly specialtyOptions = computed(() => {
    const d = this.data();
    return d ? rankingChart(this.colors(), 'Bookings', d.bySpecialty.map((s) => ({ label: s.specialty, value: s.bookings }))) : {};
  });
  protected readonly topDoctorOptions = computed(() => {
    const d = this.data();
    return d ? rankingChart(this.colors(), 'Completed visits', d.topDoctors.map((t) => ({ label: t.fullName, value: t.completed }))) : {};
  });

  /** Text alternatives for the charts. */
  protected readonly perDaySummary = computed(() => {
    const d = this.data();
    if (!d) return '';
    const total = this.statuses.reduce((sum, s) => sum + d.appointments.byStatus[s], 0);
    const parts = this.statuses.filter((s) => d.appointments.byStatus[s] > 0).map((s) => `${d.appointments.byStatus[s]} ${STATUS_LABELS[s].toLowerCase()}`);
    return `${total} appointments from ${formatLocalDate(d.from)} to ${formatLocalDate(d.to)}${parts.length ? `: ${parts.join(', ')}` : ''}.`;
  });

  protected setDays(days: number): void {
    this.days.set(days);
  }
}
