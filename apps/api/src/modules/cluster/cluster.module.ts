import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { RedisConnection } from './redis-connection';
import { SharedCaches } from './shared-caches';

/**
 * What several API instances share through Redis (REDIS_URL): the connection (socket.io's adapter uses it) and
 * the invalidations of every SharedCache.
 */
@Global()
@Module({ imports: [DiscoveryModule], providers: [RedisConnection, SharedCaches], exports: [RedisConnection] })
export class ClusterModule {}
