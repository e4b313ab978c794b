import { fileURLToPath } from 'node:url';
import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { startEmbeddedPostgres } from './infra/embedded-postgres.ts';
import { demoUsers } from './modules/auth/demo-users.ts';

const defaultDashboardDir = fileURLToPath(new URL('../../dashboard/dist', import.meta.url));

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({ DASHBOARD_DIR: defaultDashboardDir, ...process.env });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const log = pino({ level: config.LOG_LEVEL });
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres(config.DATA_DIR, config.EMBEDDED_PG_PORT, log);
  const databaseUrl = config.DATABASE_URL ?? embedded?.url;
  if (!databaseUrl) throw new Error('no database');

  const app = await buildApp({ config, databaseUrl });
  closeWithGrace({ delay: 10_000 }, async ({ err, signal }) => {
    if (err) app.log.error({ err }, 'closing after an error');
    else app.log.info({ signal }, 'closing');
    await app.close();
    await embedded?.stop();
  });

  await app.listen({ host: config.HOST, port: config.PORT });
  const lines = [
    `Samverkan is running at ${config.PUBLIC_URL}`,
    `  database: ${embedded ? `embedded PostgreSQL (${config.DATA_DIR})` : 'DATABASE_URL'}`,
    `  queue: ${app.queues.backend === 'redis' ? 'BullMQ on Redis' : 'BullMQ on PostgreSQL'}`,
  ];
  if (config.SEED_DEMO) {
    lines.push(`  demo users (password "${config.DEMO_PASSWORD}"):`);
    for (const u of demoUsers) lines.push(`    ${u.email.padEnd(36)} ${u.role}, ${u.actorId}`);
  }
  console.log(lines.join('\n'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
