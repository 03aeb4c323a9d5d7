import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { DELIVERY_STATUSES } from '@carebook/shared';
import { NotificationsService } from '../notifications/notifications.service';

/**
 * Prometheus registry of this process: default process metrics, HTTP latency per route, and the emails and SMS
 * by delivery status (read from the database at each scrape, so every instance reports the same totals).
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor(notifications: NotificationsService) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'carebook_deliveries',
      help: 'Emails and SMS by delivery status (queued: waiting or being retried; failed: given up)',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        const counts = await notifications.deliveryCounts();
        for (const status of DELIVERY_STATUSES) this.set({ status }, counts[status]);
      },
    });
  }
}
