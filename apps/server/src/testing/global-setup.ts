import { randomBytes } from 'node:crypto';
import { createPool, runMigrations } from '@samverkan/db';
import { runMigrations as runQueueMigrations } from 'bullmq';
import type { TestProject } from 'vitest/node';
import { adminUrl, databaseUrl } from './pg-urls.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
    runId: string;
  }
}

/**
 * Once per test run: a template database with every migration applied (ours
 * and BullMQ's), which each test file copies into a database of its own.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const template = `samverkan_t_${runId}_tmpl`;
  const admin = createPool(adminUrl(), 1);
  await admin.query(`CREATE DATABASE "${template}"`);
  const pool = createPool(databaseUrl(template), 2);
  try {
    await runMigrations(pool);
    const client = await pool.connect();
    try {
      await runQueueMigrations(client);
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
  }
  project.provide('templateDatabase', template);
  project.provide('runId', runId);

  return async () => {
    // Drop this run's databases; files that crashed may have left theirs.
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `samverkan_t_${runId}_%`,
    ]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.end();
  };
}
