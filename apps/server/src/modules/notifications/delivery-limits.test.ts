import { createDatabase, createPool, schema } from '@samverkan/db';
import { afterEach, describe, expect, it } from 'vitest';
import { as, createTestDatabase, login, startTestApp, type TestApp, waitFor } from '../../testing/harness.ts';
import { startWebhookSink } from '../../testing/sinks.ts';
import { insertContact } from '../contacts/repository.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function activateWithWebhookContacts(t: TestApp, hookUrl: (path: string) => string, actors: number) {
  const ids = (await t.app.db.select({ id: schema.actors.id }).from(schema.actors).orderBy(schema.actors.id)).slice(
    0,
    actors,
  );
  for (const [i, { id }] of ids.entries()) {
    await insertContact(t.app.db, id, 1, {
      name: `Kontakt ${i}`,
      language: 'sv',
      channels: [{ type: 'webhook', address: hookUrl(`/actor/${i}`) }],
    });
  }
  const coordinator = as(t.app, (await login(t.app, 'rsib@samverkan.test')).cookie);
  const mode = (await coordinator({ method: 'GET', url: '/api/mode' })).json<{ version: number }>();
  const res = await coordinator({
    method: 'POST',
    url: '/api/mode/activate',
    payload: { title: 'Gränser', reason: 'Prov', expectedVersion: mode.version },
  });
  expect(res.statusCode).toBe(200);
}

describe('delivery limits and shutdown', () => {
  it('sends no faster than the channel’s rate limit', async () => {
    const hooks = await startWebhookSink();
    cleanups.push(hooks.close);
    const t = await startTestApp({ env: { RATE_WEBHOOK_PER_SECOND: '2' } });
    cleanups.push(t.close);
    await activateWithWebhookContacts(t, hooks.url, 6);
    await waitFor(() => (hooks.received.length === 6 ? true : undefined), 20_000);
    // Six messages at two per second need three one-second windows: the first and the last are at
    // least a whole window apart (unlimited, all six leave within a few milliseconds).
    const times = (
      await t.app.db
        .select({ at: schema.deliveries.updatedAt })
        .from(schema.deliveries)
        .orderBy(schema.deliveries.updatedAt)
    ).map((r) => r.at.getTime());
    expect(times).toHaveLength(6);
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(950);
  }, 40_000);

  it('a stopping server lets deliveries in flight finish', async () => {
    // The receiver answers after a second: the server is told to stop while messages are on their way.
    const hooks = await startWebhookSink({ delayMs: 1000 });
    cleanups.push(hooks.close);
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    const t = await startTestApp({ database: { url: db.url } });
    await activateWithWebhookContacts(t, hooks.url, 3);
    await waitFor(() => (hooks.received.length === 3 ? true : undefined), 10_000);
    const rowsBefore = await t.app.db.select().from(schema.deliveries);
    expect(rowsBefore.every((r) => r.status === 'queued')).toBe(true);

    // Read the rows through a connection of our own: the app's pool closes with it.
    await t.close();
    const pool = createPool(db.url, 1);
    cleanups.push(() => pool.end());
    const rows = await createDatabase(pool).select().from(schema.deliveries);
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.status)).toEqual(['delivered', 'delivered', 'delivered']);
  }, 40_000);
});
