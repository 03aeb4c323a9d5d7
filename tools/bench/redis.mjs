// The Redis a two-instance benchmark shares: REDIS_URL, or a redis-server of the bench's own without persistence.
import { freePort } from '../../apps/api/src/database/embedded-postgres.ts';
import { redisAnswers, startOwnRedis } from '../../apps/api/test/support/redis.ts';

/** REDIS_URL, or a redis-server of our own (stopped by `cleanups`); fails clearly when there is neither. */
export async function startRedis(cleanups, log) {
  const named = process.env['REDIS_URL']?.trim();
  if (named) {
    if (!(await redisAnswers(named))) throw new Error(`no Redis answers at REDIS_URL ${named}`);
    log('WARNING: REDIS_URL is set — the bench shares that Redis (its socket.io stream) with whatever else uses it.');
    return { url: named, pid: undefined };
  }
  const redis = await startOwnRedis(await freePort());
  cleanups.push(() => redis.stop());
  return { url: redis.url, pid: redis.pid() };
}
