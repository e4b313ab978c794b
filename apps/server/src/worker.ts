import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';

/**
 * `pnpm worker`: the delivery workers, the outbox relay and the escalation
 * clock without the HTTP server, for production where they run apart from
 * the servers (set RUN_WORKERS=false on those). Needs DATABASE_URL: an
 * embedded database belongs to the one process that started it. Live updates
 * reach the dashboards through Redis (REDIS_URL); without it they arrive
 * when a dashboard next catches up.
 */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({ ...process.env, RUN_WORKERS: 'true', SEED_DEMO: 'false', DASHBOARD_DIR: '' });
    if (!config.DATABASE_URL) {
      throw new ConfigError(
        'Invalid configuration:\n  DATABASE_URL: required for `pnpm worker` (the database the servers use)',
      );
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const app = await buildApp({ config, databaseUrl: config.DATABASE_URL });
  closeWithGrace({ delay: 30_000 }, async ({ err, signal }) => {
    if (err) app.log.error({ err }, 'worker closing after an error');
    else app.log.info({ signal }, 'worker closing: running jobs finish first');
    await app.close();
  });
  await app.ready();
  if (!config.REDIS_URL) {
    app.log.warn('no REDIS_URL: live updates from this worker reach dashboards only when they next catch up');
  }
  app.log.info({ queue: app.queues.backend }, 'worker running');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
