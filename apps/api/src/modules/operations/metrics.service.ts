import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { DELIVERY_STATUSES } from '@carebook/shared';
import type { DeliveryQueueState } from '../notifications/notifications.repository';
import { NotificationsService } from '../notifications/notifications.service';
import { Realtime } from '../realtime/realtime.service';

/** Metric names the admin's System page reads back from the registry (see SystemMonitor). */
export const METRIC = {
  httpDuration: 'http_request_duration_seconds',
  deliveries: 'carebook_deliveries',
  deliveriesRetrying: 'carebook_deliveries_retrying',
  deliveryOldestQueued: 'carebook_delivery_oldest_queued_seconds',
  dbPool: 'carebook_db_pool_clients',
  dbPoolMax: 'carebook_db_pool_max_clients',
  sockets: 'carebook_socket_connections',
  rss: 'process_resident_memory_bytes',
  heapUsed: 'nodejs_heap_size_used_bytes',
  heapTotal: 'nodejs_heap_size_total_bytes',
  startTime: 'process_start_time_seconds',
  eventLoopLag: 'nodejs_eventloop_lag_seconds',
  eventLoopP50: 'nodejs_eventloop_lag_p50_seconds',
  eventLoopP99: 'nodejs_eventloop_lag_p99_seconds',
  eventLoopMax: 'nodejs_eventloop_lag_max_seconds',
} as const;

/**
 * Prometheus registry of this process: default process metrics, HTTP latency per route, the database pool and
 * this instance's sockets, and the emails and SMS by delivery status (read from the database at each scrape, so
 * every instance reports the same totals). The admin's System page (`GET /api/admin/system`) reads these same
 * metrics back through SystemMonitor.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: METRIC.httpDuration,
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private queueRead?: Promise<DeliveryQueueState>;

  constructor(notifications: NotificationsService, orm: MikroORM, realtime: Realtime) {
    collectDefaultMetrics({ register: this.registry });
    // Read without awaiting once known, so a scrape reads the pool before the delivery gauges' query takes a client
    // (pg counts a query as waiting until the tick after it asked, even with idle clients).
    let nativePool: Pool | undefined;
    const pool = async () => (nativePool ??= await orm.em.getConnection().getNativeClient());
    new Gauge({
      name: METRIC.dbPool,
      help: "This process's PostgreSQL pool: clients in use, idle, and queries waiting for a client",
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        const p = nativePool ?? (await pool());
        this.set({ state: 'used' }, p.totalCount - p.idleCount);
        this.set({ state: 'idle' }, p.idleCount);
        this.set({ state: 'waiting' }, p.waitingCount);
      },
    });
    new Gauge({
      name: METRIC.dbPoolMax,
      help: "The most clients this process's PostgreSQL pool opens",
      registers: [this.registry],
      async collect() {
        this.set((await pool()).options.max);
      },
    });
    // The three delivery gauges are collected together (a scrape collects every metric at once): one read serves them.
    const queue = () => {
      this.queueRead ??= notifications.deliveryQueue().finally(() => (this.queueRead = undefined));
      return this.queueRead;
    };
    new Gauge({
      name: METRIC.deliveries,
      help: 'Emails and SMS by delivery status (queued: waiting or being retried; failed: given up)',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        const { counts } = await queue();
        for (const status of DELIVERY_STATUSES) this.set({ status }, counts[status]);
      },
    });
    new Gauge({
      name: METRIC.deliveriesRetrying,
      help: 'Queued emails and SMS whose last attempt failed, waiting for a retry',
      registers: [this.registry],
      async collect() {
        this.set((await queue()).retrying);
      },
    });
    new Gauge({
      name: METRIC.deliveryOldestQueued,
      help: 'Seconds the oldest queued email or SMS has waited (0 when none is queued)',
      registers: [this.registry],
      async collect() {
        this.set((await queue()).oldestQueuedSeconds ?? 0);
      },
    });
    new Gauge({
      name: METRIC.sockets,
      help: 'Socket.IO connections to this instance',
      registers: [this.registry],
      collect() {
        this.set(realtime.connectedSockets());
      },
    });
  }
}
