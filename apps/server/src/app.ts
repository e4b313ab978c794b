import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import { closeRedis, createRedis } from './infra/redis.ts';
import { actorRoutes } from './modules/actors/routes.ts';
import { seedDemoUsers } from './modules/auth/demo-users.ts';
import { authRoutes } from './modules/auth/routes.ts';
import presence from './modules/communication/presence.ts';
import { publicRoutes } from './modules/communication/public-routes.ts';
import { messageRoutes } from './modules/communication/routes.ts';
import { contactRoutes } from './modules/contacts/routes.ts';
import { modeRoutes } from './modules/mode/routes.ts';
import { ackPageRoutes } from './modules/notifications/ack-page.ts';
import type { Channels } from './modules/notifications/channels/index.ts';
import { queueMonitor } from './modules/notifications/queue-monitor.ts';
import { calloutRoutes, notificationRoutes } from './modules/notifications/routes.ts';
import notifications from './modules/notifications/runtime.ts';
import { actorReportRoutes, reportRoutes, sectorRoutes, situationRoutes } from './modules/reports/routes.ts';
import auth from './plugins/auth.ts';
import dashboard from './plugins/dashboard.ts';
import database from './plugins/database.ts';
import errors from './plugins/errors.ts';
import health from './plugins/health.ts';
import live from './plugins/live.ts';
import openapi from './plugins/openapi.ts';
import queue from './plugins/queue.ts';

export interface AppOptions {
  config: Config;
  /** The resolved database (the configured one, or the embedded one). */
  databaseUrl: string;
  /** Delivery channels to use instead of the configured ones. */
  channels?: Channels;
}

/** The whole platform as one Fastify instance: infrastructure first, then the capabilities. */
export async function buildApp({ config, databaseUrl, channels }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.LOG_LEVEL,
      ...(config.NODE_ENV === 'development' ? { transport: { target: 'pino-pretty' } } : {}),
    },
    // Crisis texts are short; a megabyte is plenty and keeps bad clients cheap.
    bodyLimit: 1_048_576,
    trustProxy: config.NODE_ENV === 'production',
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(errors);
  await app.register(database, { databaseUrl });
  await app.register(queue, {
    databaseUrl: config.QUEUE_DATABASE_URL ?? databaseUrl,
    redisUrl: config.REDIS_URL,
    prefix: config.REDIS_PREFIX,
  });
  await app.register(auth, { publicUrl: config.PUBLIC_URL });
  await app.register(live, {
    publicUrl: config.PUBLIC_URL,
    redisUrl: config.REDIS_URL,
    redisPrefix: config.REDIS_PREFIX,
  });
  await app.register(openapi);
  await app.register(notifications, { config, ...(channels ? { channels } : {}) });
  await app.register(health);

  const rateLimitRedis = config.REDIS_URL
    ? // Fail fast rather than queue commands while Redis is away: logging in must not wait on it.
      createRedis(config.REDIS_URL, app.log, 'rate limit', { maxRetriesPerRequest: 1, enableOfflineQueue: false })
    : undefined;
  if (rateLimitRedis) app.addHook('onClose', () => closeRedis(rateLimitRedis));
  await app.register(rateLimit, {
    global: false,
    // With Redis away the per-IP limit lapses; the per-account limit (in PostgreSQL) still holds.
    skipOnError: true,
    ...(rateLimitRedis ? { redis: rateLimitRedis, nameSpace: `${config.REDIS_PREFIX}:ratelimit:` } : {}),
  });

  if (config.SEED_DEMO) await seedDemoUsers(app.db, config.DEMO_PASSWORD);

  await app.register(
    async (api) => {
      await api.register(authRoutes, {
        prefix: '/auth',
        sessionTtlHours: config.SESSION_TTL_HOURS,
        secureCookies: config.PUBLIC_URL.startsWith('https:'),
        loginMaxFailures: config.LOGIN_MAX_FAILURES,
        loginRatePerIp: config.LOGIN_RATE_PER_IP,
      });
      await api.register(actorRoutes, { prefix: '/actors' });
      await api.register(contactRoutes, {
        prefix: '/actors',
        rejectPrivateWebhooks: config.NODE_ENV === 'production',
      });
      await api.register(modeRoutes, { prefix: '/mode' });
      await api.register(calloutRoutes, { prefix: '/callouts' });
      await api.register(notificationRoutes, { prefix: '/notifications' });
      await api.register(reportRoutes, { prefix: '/reports' });
      await api.register(actorReportRoutes, { prefix: '/actors' });
      await api.register(situationRoutes, { prefix: '/situation' });
      await api.register(sectorRoutes, { prefix: '/sectors' });
      await api.register(messageRoutes, { prefix: '/messages', config });
    },
    { prefix: '/api' },
  );

  await app.register(ackPageRoutes);
  await app.register(publicRoutes, { publicUrl: config.PUBLIC_URL });
  await app.register(presence);
  await app.register(queueMonitor, { prefix: '/admin/queues' });

  if (config.DASHBOARD_DIR) await app.register(dashboard, { dir: config.DASHBOARD_DIR });
  return app;
}
