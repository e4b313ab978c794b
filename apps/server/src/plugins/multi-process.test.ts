import type { LiveEventOf, ModeState } from '@samverkan/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, connect, createTestDatabase, login, queueKind, startTestApp, type TestApp } from '../testing/harness.ts';

/**
 * Two server processes side by side on one database and one Redis: a change
 * made through one reaches the dashboards connected to the other (the Redis
 * streams adapter). Without Redis live updates stay in one process, so this
 * only runs on the Redis project.
 */
describe.runIf(queueKind() === 'redis')('two server processes on Redis', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Both start at once: migrations and seeding must not race.
    const prefix = `mp${Date.now().toString(36)}`;
    [a, b] = await Promise.all([
      startTestApp({ database, env: { REDIS_PREFIX: prefix } }),
      startTestApp({ database, env: { REDIS_PREFIX: prefix } }),
    ]);
    await Promise.all([a.listen(), b.listen()]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database?.drop();
  });

  it('a dashboard on B sees the activation made on A', async () => {
    const { cookie } = await login(b.app, 'observator@samverkan.test');
    const socket = connect(b.url, cookie);
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const received = new Promise<LiveEventOf<'mode:changed'>>((resolve) => socket.once('mode:changed', resolve));
      const coordinator = as(a.app, (await login(a.app, 'rsib@samverkan.test')).cookie);
      const mode = (await coordinator({ method: 'GET', url: '/api/mode' })).json<ModeState>();
      const res = await coordinator({
        method: 'POST',
        url: '/api/mode/activate',
        payload: { title: 'Två processer', reason: 'r', expectedVersion: mode.version },
      });
      expect(res.statusCode).toBe(200);
      const event = await received;
      expect(event.data.state).toEqual(res.json());
    } finally {
      socket.disconnect();
    }
  });
});
