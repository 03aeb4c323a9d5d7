import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { RedisConnection } from '../cluster/redis-connection';

export interface Health {
  status: 'ok';
  database: 'up';
  redis?: 'up' | 'down';
  uptime: number;
}

/**
 * Whether this process can serve: the database answers (a `select 1` on a pooled connection). Redis, when
 * REDIS_URL is set, is reported but does not fail the check: without it this instance still serves every
 * request (its live events reach only its own sockets), and failing every instance's check at once would turn
 * a Redis outage into a full one.
 */
@Injectable()
export class OperationsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly redis: RedisConnection,
  ) {}

  async health(): Promise<Health> {
    if (!(await this.orm.em.getConnection().isConnected())) throw new ServiceUnavailableException('Database unavailable');
    const redis = this.redis.status();
    return { status: 'ok', database: 'up', ...(redis ? { redis } : {}), uptime: Math.round(process.uptime() * 10) / 10 };
  }
}
