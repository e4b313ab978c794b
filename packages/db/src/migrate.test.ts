import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adminUrl, databaseUrl } from '../../../apps/server/src/testing/pg-urls.ts';
import { createPool } from './client.ts';
import { migrationsFolder, runMigrations } from './migrate.ts';

const migrationCount = (
  JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] }
).entries.length;

const name = `samverkan_migrate_${randomBytes(4).toString('hex')}`;

afterAll(async () => {
  const admin = createPool(adminUrl(), 1);
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).finally(() => admin.end());
});

describe('runMigrations', () => {
  it('lets several processes start at once on an empty database: each migration runs exactly once', async () => {
    const admin = createPool(adminUrl(), 1);
    await admin.query(`CREATE DATABASE "${name}"`).finally(() => admin.end());
    const pools = Array.from({ length: 4 }, () => createPool(databaseUrl(name), 2));
    try {
      await Promise.all(pools.map((p) => runMigrations(p)));
      const pool = pools[0];
      if (!pool) throw new Error('no pool');
      const applied = await pool.query('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
      expect(applied.rows[0].n).toBe(migrationCount);
      const mode = await pool.query('SELECT mode, version FROM mode_state');
      expect(mode.rows).toEqual([{ mode: 'ordinary', version: 0 }]);
      // Running again is a no-op.
      await runMigrations(pool);
      expect((await pool.query('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations')).rows[0].n).toBe(
        migrationCount,
      );
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });
});
