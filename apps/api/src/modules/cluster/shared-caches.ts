import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { TtlCache } from '../../common/ttl-cache';
import { RedisConnection } from './redis-connection';

/** The Redis channel every instance publishes its cache invalidations on and listens to. */
export const INVALIDATIONS_CHANNEL = 'carebook:cache-invalidations';

/** One invalidation: a key of a named cache, or (no key) the whole cache. */
export interface Invalidation {
  cache: string;
  key?: string;
}

/** Carries invalidations to the other instances. */
export type InvalidationBus = (invalidation: Invalidation) => void;

/**
 * A TtlCache whose delete and clear also reach the same-named cache in every other instance. A service makes
 * one as a field, in one line:
 *
 *     private readonly scheduleCache = new SharedCache<string, DoctorSchedule>('doctors.schedule', TTL_MS);
 *
 * and SharedCaches finds it when the application starts (the name must be unique). Entries dropped for age or
 * room stay local: they are not news.
 */
export class SharedCache<K extends string, V> extends TtlCache<K, V> {
  private bus?: InvalidationBus;

  constructor(
    readonly name: string,
    ttlMs: number,
    maxEntries?: number,
  ) {
    super(ttlMs, maxEntries);
  }

  /** Called by SharedCaches: from then on this cache's invalidations go out. */
  connect(bus: InvalidationBus): void {
    this.bus = bus;
  }

  override delete(key: K): void {
    super.delete(key);
    this.bus?.({ cache: this.name, key });
  }

  override clear(): void {
    super.clear();
    this.bus?.({ cache: this.name });
  }

  /** Another instance changed what this entry (or, without a key, the whole cache) was built from. */
  drop(key?: string): void {
    if (key === undefined) super.clear();
    else super.delete(key as K);
  }
}

/**
 * Every SharedCache of the application's providers, connected to the other instances through Redis when
 * REDIS_URL is set: a change's `delete`/`clear` reaches them within milliseconds. Without REDIS_URL there is one
 * instance and nothing to tell. While Redis is unreachable the TTL bounds staleness, and when the subscription
 * stands again every cache is emptied, since invalidations may have been lost meanwhile.
 */
@Injectable()
export class SharedCaches implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SharedCaches.name);
  private readonly caches = new Map<string, SharedCache<string, unknown>>();
  /** This process, so that it ignores its own invalidations coming back from Redis. */
  private readonly instanceId = randomUUID();
  private closing = false;

  constructor(
    private readonly redis: RedisConnection,
    private readonly discovery: DiscoveryService,
  ) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.isDependencyTreeStatic() ? wrapper.instance : undefined;
      if (!instance || typeof instance !== 'object') continue;
      for (const value of Object.values(instance)) if (value instanceof SharedCache) this.register(value as SharedCache<string, unknown>);
    }
    this.listen();
  }

  onApplicationShutdown(): void {
    this.closing = true;
  }

  /** Connects a cache to the other instances (startup finds the providers' caches; tests may add their own). */
  register(cache: SharedCache<string, unknown>): void {
    const known = this.caches.get(cache.name);
    if (known === cache) return;
    if (known) throw new Error(`Two caches are named ${cache.name}: their invalidations would mix`);
    this.caches.set(cache.name, cache);
    cache.connect((invalidation) => this.publish(invalidation));
  }

  /** Names of the connected caches. */
  names(): string[] {
    return [...this.caches.keys()].sort();
  }

  /** Applies an invalidation that came from another instance. */
  receive(raw: string): void {
    let message: Invalidation & { from?: unknown };
    try {
      message = JSON.parse(raw) as Invalidation & { from?: unknown };
    } catch {
      return;
    }
    if (message.from === this.instanceId) return;
    this.caches.get(message.cache)?.drop(typeof message.key === 'string' ? message.key : undefined);
  }

  /** Empties every cache of this process. */
  dropAll(): void {
    for (const cache of this.caches.values()) cache.drop();
  }

  private publish(invalidation: Invalidation): void {
    const client = this.redis.client;
    if (!client || this.closing) return;
    client.publish(INVALIDATIONS_CHANNEL, JSON.stringify({ ...invalidation, from: this.instanceId })).catch((error: unknown) => {
      // Redis is down (RedisConnection logs that): other instances fall back to the TTL, and empty their caches
      // when their subscription stands again.
      this.logger.debug(`Invalidation not published: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private listen(): void {
    if (!this.redis.client) return;
    // Subscribed on every (re)connection here rather than by ioredis, so that a subscription that failed at start
    // is made later too, and so that the caches are emptied once it stands again.
    const subscriber = this.redis.open('cache invalidations', { autoResubscribe: false });
    let connections = 0;
    subscriber.on('message', (channel: string, raw: string) => {
      if (channel === INVALIDATIONS_CHANNEL) this.receive(raw);
    });
    subscriber.on('ready', () => {
      const reconnected = connections++ > 0;
      subscriber.subscribe(INVALIDATIONS_CHANNEL).then(
        // What was published while this instance was not listening is lost: start afresh.
        () => reconnected && this.dropAll(),
        () => undefined, // the connection dropped again; the next 'ready' subscribes again
      );
    });
  }
}
