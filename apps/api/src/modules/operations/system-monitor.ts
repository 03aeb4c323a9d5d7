import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { hostname } from 'node:os';
import type { SystemHealthDto, SystemSampleDto } from './dto/system-health.dto';
import { histogramQuantile, httpDelta, httpTotals, type HttpTotals } from './http-window';
import { METRIC, MetricsService } from './metrics.service';

const SAMPLE_EVERY_MS = 5_000;
/** Samples kept: twelve intervals of five seconds, the last minute. */
const SAMPLES = 13;

/** A reading of the registry's in-process metrics; `eventLoop` covers the time since the previous collection. */
interface Sample {
  at: number;
  http: HttpTotals;
  eventLoop: { p50: number | null; p99: number | null; max: number | null };
  rss: number;
  heapUsed: number;
}

const ms = (seconds: number | null) => (seconds === null ? null : Math.round(seconds * 10_000) / 10);
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;
const share = (part: number, whole: number) => (whole > 0 ? round(part / whole, 4) : null);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * The admin's System page: this instance's health over the last minute, built from MetricsService's registry
 * (the metrics /api/metrics exposes), never from counters of its own. Every five seconds the in-process metrics
 * are sampled into a ring of the last minute, which gives the chart points; the headline rates and percentiles
 * compare a fresh reading of the latency histogram with the oldest sample, so they include the latest requests.
 *
 * prom-client's event-loop delay histogram restarts at every collection (a scrape or a sample), so each sample's
 * event-loop figures cover the time since the previous collection, at most five seconds.
 */
@Injectable()
export class SystemMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SystemMonitor.name);
  private readonly samples: Sample[] = [];
  private timer?: NodeJS.Timeout;
  readonly instanceId = `${hostname()}-${process.pid}`;

  constructor(private readonly metrics: MetricsService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sample();
    this.timer = setInterval(() => {
      this.sample().catch((error: unknown) => this.logger.warn(`Metrics sample failed: ${error instanceof Error ? error.message : String(error)}`));
    }, SAMPLE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Takes one sample now (the timer does every five seconds; tests call it to close an interval without waiting). */
  async sample(): Promise<void> {
    // These gauges' collections set their siblings' values too (the event-loop percentiles, the heap used).
    await this.gauge(METRIC.eventLoopLag);
    await this.gauge(METRIC.heapTotal);
    const [http, p50, p99, max, rss, heapUsed] = await Promise.all([
      this.http(),
      this.gauge(METRIC.eventLoopP50),
      this.gauge(METRIC.eventLoopP99),
      this.gauge(METRIC.eventLoopMax),
      this.gauge(METRIC.rss),
      this.gauge(METRIC.heapUsed),
    ]);
    // An interval without a single measurement reports zero or absurd values: none rather than a wrong one.
    const delay = (seconds: number | undefined) => (seconds !== undefined && Number.isFinite(seconds) && seconds > 0 && seconds < 3600 ? seconds : null);
    this.samples.push({ at: Date.now(), http, eventLoop: { p50: delay(p50), p99: delay(p99), max: delay(max) }, rss: rss ?? 0, heapUsed: heapUsed ?? 0 });
    if (this.samples.length > SAMPLES) this.samples.shift();
  }

  async report(): Promise<SystemHealthDto> {
    const now = Date.now();
    const heapTotal = await this.gauge(METRIC.heapTotal);
    // The pool before the delivery queue's query, which would otherwise count itself as waiting for a client.
    const pool = await this.byLabel(METRIC.dbPool, 'state');
    const [http, rss, heapUsed, startTime, poolMax, sockets, deliveries, retrying, oldestQueued] = await Promise.all([
      this.http(),
      this.gauge(METRIC.rss),
      this.gauge(METRIC.heapUsed),
      this.gauge(METRIC.startTime),
      this.gauge(METRIC.dbPoolMax),
      this.gauge(METRIC.sockets),
      this.byLabel(METRIC.deliveries, 'status'),
      this.gauge(METRIC.deliveriesRetrying),
      this.gauge(METRIC.deliveryOldestQueued),
    ]);
    const baseline = this.samples[0] ?? { at: now, http };
    const window = httpDelta(http, baseline.http);
    const seconds = Math.max((now - baseline.at) / 1000, 0.001);
    const intervals = this.samples.slice(1);
    const loop = (pick: (s: Sample) => number | null) => intervals.map(pick).filter((v): v is number => v !== null);
    const queued = deliveries.get('queued') ?? 0;
    const started = (startTime ?? now / 1000) * 1000;

    return {
      instance: { id: this.instanceId, startedAt: new Date(started).toISOString(), uptimeSeconds: round((now - started) / 1000, 1) },
      window: { seconds: round(seconds, 1), from: new Date(baseline.at).toISOString(), to: new Date(now).toISOString(), sampleSeconds: SAMPLE_EVERY_MS / 1000 },
      http: {
        requests: window.count,
        requestsPerSecond: round(window.count / seconds, 2),
        p50Ms: ms(histogramQuantile(0.5, window.buckets)),
        p95Ms: ms(histogramQuantile(0.95, window.buckets)),
        p99Ms: ms(histogramQuantile(0.99, window.buckets)),
        errorRate: share(window.serverErrors, window.count),
        clientErrorRate: share(window.clientErrors, window.count),
      },
      eventLoop: {
        p50Ms: loop((s) => s.eventLoop.p50).length ? ms(median(loop((s) => s.eventLoop.p50))) : null,
        p99Ms: loop((s) => s.eventLoop.p99).length ? ms(Math.max(...loop((s) => s.eventLoop.p99))) : null,
        maxMs: loop((s) => s.eventLoop.max).length ? ms(Math.max(...loop((s) => s.eventLoop.max))) : null,
      },
      memory: { rssBytes: rss ?? 0, heapUsedBytes: heapUsed ?? 0, heapTotalBytes: heapTotal ?? 0 },
      database: { used: pool.get('used') ?? 0, idle: pool.get('idle') ?? 0, waiting: pool.get('waiting') ?? 0, max: poolMax ?? 0 },
      sockets: { connected: sockets ?? 0 },
      deliveries: {
        queued,
        retrying: retrying ?? 0,
        failed: deliveries.get('failed') ?? 0,
        sent: deliveries.get('sent') ?? 0,
        oldestQueuedSeconds: queued > 0 ? round(oldestQueued ?? 0, 1) : null,
      },
      series: intervals.map((sample, i) => this.point(this.samples[i], sample)),
    };
  }

  private point(previous: Sample, sample: Sample): SystemSampleDto {
    const delta = httpDelta(sample.http, previous.http);
    const seconds = Math.max((sample.at - previous.at) / 1000, 0.001);
    return {
      at: new Date(sample.at).toISOString(),
      requestsPerSecond: round(delta.count / seconds, 2),
      p95Ms: ms(histogramQuantile(0.95, delta.buckets)),
      errorRate: share(delta.serverErrors, delta.count),
      eventLoopP99Ms: ms(sample.eventLoop.p99),
      heapUsedBytes: sample.heapUsed,
      rssBytes: sample.rss,
    };
  }

  private async http(): Promise<HttpTotals> {
    return httpTotals((await this.metrics.httpDuration.get()).values, METRIC.httpDuration);
  }

  /** The value of an unlabelled metric (its collection runs first). */
  private async gauge(name: string): Promise<number | undefined> {
    const metric = this.metrics.registry.getSingleMetric(name);
    return metric ? (await metric.get()).values[0]?.value : undefined;
  }

  private async byLabel(name: string, label: string): Promise<Map<string, number>> {
    const metric = this.metrics.registry.getSingleMetric(name);
    const values = metric ? (await metric.get()).values : [];
    return new Map(values.map((v) => [String(v.labels[label]), v.value]));
  }
}
