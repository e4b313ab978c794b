import type { FastifyBaseLogger } from 'fastify';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis connection that reports its errors to our log instead of crashing
 * the process; ioredis keeps reconnecting, and readiness says Redis is away.
 * The same failure is logged once until the connection is back.
 */
export function createRedis(url: string, log: FastifyBaseLogger, purpose: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, ...options });
  let lastError = '';
  redis.on('error', (err: Error) => {
    if (err.message === lastError) return;
    lastError = err.message;
    log.warn({ err, purpose }, 'Redis connection failed');
  });
  redis.on('ready', () => {
    if (lastError) log.info({ purpose }, 'Redis connection is back');
    lastError = '';
  });
  return redis;
}

/** Closes politely when connected; a connection that is not up is dropped, since QUIT would wait for ever. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    const quit = redis.quit().then(() => undefined);
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 2000).unref());
    await Promise.race([quit, timeout]).catch(() => undefined);
  }
  redis.disconnect();
}
