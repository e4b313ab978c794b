import { sql } from 'drizzle-orm';
import fp from 'fastify-plugin';

/** Liveness says the process answers; readiness says its database and queue answer too. */
export default fp(
  async (app) => {
    app.get('/health/live', { schema: { hide: true } }, () => ({ status: 'ok' }));
    app.get('/health/ready', { schema: { hide: true } }, async (_request, reply) => {
      const [database, queue] = await Promise.allSettled([app.db.execute(sql`SELECT 1`), app.queues.ping()]);
      const checks = {
        database: database.status === 'fulfilled' ? 'ok' : 'unreachable',
        queue: queue.status === 'fulfilled' ? 'ok' : 'unreachable',
      };
      const ready = checks.database === 'ok' && checks.queue === 'ok';
      return reply
        .status(ready ? 200 : 503)
        .send({ status: ready ? 'ok' : 'unavailable', backend: app.queues.backend, checks });
    });
  },
  { name: 'health', dependencies: ['database', 'queue'] },
);
