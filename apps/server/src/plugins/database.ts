import { createDatabase, createPool, type Database, runMigrations, seedActorsOnce } from '@samverkan/db';
import fp from 'fastify-plugin';
import type pg from 'pg';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    pool: pg.Pool;
  }
}

/** PostgreSQL through one pool: migrations under an advisory lock, the actors seeded once. */
export default fp(
  async (app, opts: { databaseUrl: string }) => {
    const pool = createPool(opts.databaseUrl, 10, (err) => app.log.error({ err }, 'PostgreSQL connection failed'));
    await runMigrations(pool);
    const db = createDatabase(pool);
    if (await seedActorsOnce(db)) app.log.info('seeded the 37 SSR actors');
    app.decorate('db', db);
    app.decorate('pool', pool);
    app.addHook('onClose', async () => {
      await pool.end();
    });
  },
  { name: 'database' },
);
