import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { AppConfig } from '../../config/app-config';

/**
 * How this process talks to Redis while it is unreachable: a reconnection attempt every 0.5 s at most. Commands
 * wait in ioredis's offline queue through a short blip and are sent on reconnect; every second failed attempt
 * fails them instead, so during a longer outage nothing piles up (a live event still reaches this instance's own
 * sockets at once: socket.io's adapter delivers locally without waiting for its publish).
 * Commands issued in the same event-loop turn (socket.io's publishes while messages flow) go out together in
 * one write (ioredis's auto-pipelining), not one system call each.
 */
const OPTIONS: RedisOptions = {
  enableAutoPipelining: true,
  connectTimeout: 2_000,
  maxRetriesPerRequest: 1,
  retryStrategy: (attempt) => Math.min(attempt * 100, 500),
};

/**
 * The Redis connections of this process when REDIS_URL is set (none otherwise: one instance on its own).
 * Redis carries what several API instances must share: socket.io broadcasts and cache invalidations. An outage
 * is logged once and retried for ever; the API keeps serving meanwhile (live events then reach only this
 * instance's sockets, and other instances' caches fall back to their TTL).
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly clients: Redis[] = [];
  private closing = false;
  /** Commands and publishing; each subscriber has a connection of its own (`open`). */
  readonly client: Redis | null;

  constructor(config: AppConfig) {
    this.client = config.redisUrl ? this.connect(config.redisUrl, 'commands') : null;
  }

  /** A separate connection (a subscriber cannot send commands), watched and closed like the first. */
  open(role: string, options: Partial<RedisOptions> = {}): Redis {
    if (!this.client) throw new Error('REDIS_URL is not set');
    return this.watch(this.client.duplicate(options), role);
  }

  /** `up` (every connection ready) or `down` when REDIS_URL is set; undefined when this instance runs on its own. */
  status(): 'up' | 'down' | undefined {
    if (!this.client) return undefined;
    return this.clients.every((client) => client.status === 'ready') ? 'up' : 'down';
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await Promise.all(this.clients.map((client) => client.quit().catch(() => client.disconnect())));
  }

  private connect(url: string, role: string): Redis {
    return this.watch(new Redis(url, OPTIONS), role);
  }

  /** One warning per outage and one line when it ends; never an unhandled 'error' event. */
  private watch(client: Redis, role: string): Redis {
    this.clients.push(client);
    let lost = false;
    const down = (why: string) => {
      if (lost || this.closing) return;
      lost = true;
      this.logger.warn(`Redis unreachable (${role} connection): ${why}; reconnecting`);
    };
    client.on('error', (error: Error) => down(error.message));
    client.on('close', () => down('connection closed'));
    client.on('ready', () => {
      if (!lost) return;
      lost = false;
      this.logger.log(`Redis reachable again (${role} connection)`);
    });
    return client;
  }
}
