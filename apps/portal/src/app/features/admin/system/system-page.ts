import { DOCUMENT, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, computed, effect, inject, linkedSignal, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { AdminApi, type SystemHealth, type SystemSampleDto } from '@carebook/api-client';
import { LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { NgxEchartsDirective, provideEchartsCore } from 'ngx-echarts';
import { Theme } from '../../../core/theme';
import { LoadError } from '../../../shared/load-error';
import { SectionCard } from '../../../shared/section-card';
import { themeColors } from '../home/charts';
import { sparkline } from './system-charts';
import { describeSeries, formatBytes, formatDuration, formatMs, formatRate, formatShare } from './system-format';

// The charts' text alternatives are the page's own (aria-label and the table), so ECharts' aria module is left out.
echarts.use([LineChart, GridComponent, TooltipComponent, SVGRenderer]);

/** How often the figures are read again while the page is visible (the API samples every 5 s). */
export const REFRESH_MS = 5_000;

interface Chart {
  id: string;
  title: string;
  /** The table's column heading (narrow enough for a phone). */
  short: string;
  unit: string;
  pick: (s: SystemSampleDto) => number | null;
  format: (v: number) => string;
}

const MB = 1024 * 1024;
const CHARTS: Chart[] = [
  { id: 'requests', title: 'Requests per second', short: 'Requests', unit: '/s', pick: (s) => s.requestsPerSecond, format: formatRate },
  { id: 'latency', title: 'Latency, 95th percentile', short: 'Latency p95', unit: 'ms', pick: (s) => s.p95Ms, format: formatMs },
  { id: 'event-loop', title: 'Event-loop delay, 99th percentile', short: 'Event loop p99', unit: 'ms', pick: (s) => s.eventLoopP99Ms, format: formatMs },
  { id: 'heap', title: 'Heap in use', short: 'Heap', unit: 'MB', pick: (s) => Math.round(s.heapUsedBytes / MB), format: (v) => `${v} MB` },
];

/**
 * Admin → System: how the API instance that answers is doing over the last minute (request rate, latency,
 * errors, event loop, memory, database pool, sockets, delivery queue), from `GET /api/admin/system`, which reads
 * the same metrics as /api/metrics. Read again every few seconds while the page is visible; not while the tab
 * is hidden, and never after the page is left.
 */
@Component({
  selector: 'cb-system-page',
  imports: [DecimalPipe, LoadError, MatButtonModule, MatIconModule, MatProgressBarModule, NgxEchartsDirective, RouterLink, SectionCard],
  providers: [provideEchartsCore({ echarts })],
  templateUrl: './system-page.html',
  styleUrl: './system-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SystemPage {
  private readonly api = inject(AdminApi);
  private readonly theme = inject(Theme);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly document = inject(DOCUMENT);

  protected readonly visible = signal(this.document.visibilityState !== 'hidden');
  protected readonly health = rxResource<SystemHealth, void>({ stream: () => this.api.getSystemHealth() });
  /** The last answer, kept while a refresh is on its way or failed, so the figures do not blink. */
  protected readonly data = linkedSignal<SystemHealth | undefined, SystemHealth | undefined>({
    source: () => (this.health.hasValue() ? this.health.value() : undefined),
    computation: (value, previous) => value ?? previous?.value,
  });
  protected readonly refreshSeconds = REFRESH_MS / 1000;

  protected readonly ms = formatMs;
  protected readonly bytes = formatBytes;
  protected readonly rate = formatRate;
  protected readonly share = formatShare;
  protected readonly duration = formatDuration;

  private readonly colors = computed(() => {
    this.theme.scheme();
    return themeColors(this.host.nativeElement);
  });

  protected readonly charts = computed(() => {
    const d = this.data();
    if (!d) return [];
    const end = Date.parse(d.window.to);
    return CHARTS.map((chart) => {
      const points = d.series.map((s) => ({ secondsAgo: Math.round((Date.parse(s.at) - end) / 1000), value: chart.pick(s) }));
      return {
        id: chart.id,
        title: chart.title,
        options: sparkline(this.colors(), chart.title, chart.unit, points, d.window.seconds),
        summary: describeSeries(chart.title, points.map((p) => p.value), chart.format),
      };
    });
  });

  /** The chart points as rows of the table alternative, newest first. */
  protected readonly rows = computed(() => {
    const d = this.data();
    if (!d) return [];
    const end = Date.parse(d.window.to);
    return [...d.series].reverse().map((s) => ({
      at: s.at,
      ago: Math.max(0, Math.round((end - Date.parse(s.at)) / 1000)),
      values: CHARTS.map((chart) => {
        const v = chart.pick(s);
        return v === null ? '—' : chart.format(v);
      }),
    }));
  });
  protected readonly columns = CHARTS.map((c) => c.short);
  /** "the last minute", or less while the process is younger than that. */
  protected readonly windowLabel = computed(() => {
    const seconds = this.data()?.window.seconds ?? 0;
    return seconds >= 55 ? 'the last minute' : `the last ${Math.round(seconds)} s`;
  });

  constructor() {
    const destroyRef = inject(DestroyRef);
    const onVisibility = () => this.visible.set(this.document.visibilityState !== 'hidden');
    this.document.addEventListener('visibilitychange', onVisibility);
    destroyRef.onDestroy(() => this.document.removeEventListener('visibilitychange', onVisibility));

    // Polls only while visible; coming back to the tab reads at once. The effect's cleanup stops the timer when
    // the tab is hidden and when the page is destroyed.
    let first = true;
    effect((onCleanup) => {
      if (!this.visible()) return;
      if (!first) this.health.reload();
      first = false;
      const timer = setInterval(() => this.health.reload(), REFRESH_MS);
      onCleanup(() => clearInterval(timer));
    });
  }
}
