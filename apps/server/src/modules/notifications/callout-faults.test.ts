import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { schema } from '@samverkan/db';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import {
  as,
  createTestDatabase,
  login,
  queueKind,
  startTestApp,
  type TestApp,
  waitFor,
} from '../../testing/harness.ts';
import { testRedisUrl } from '../../testing/pg-urls.ts';
import { startSmtpSink, startWebhookSink } from '../../testing/sinks.ts';
import { startTcpProxy, viaProxy } from '../../testing/tcp-proxy.ts';
import { insertContact } from '../contacts/repository.ts';
import { pendingOutbox } from './relay.ts';

const serverDir = fileURLToPath(new URL('../../..', import.meta.url));
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function coordinatorOf(t: TestApp) {
  return as(t.app, (await login(t.app, 'rsib@samverkan.test')).cookie);
}

async function activate(coordinator: ReturnType<typeof as>, title: string) {
  const mode = (await coordinator({ method: 'GET', url: '/api/mode' })).json<{ version: number }>();
  const res = await coordinator({
    method: 'POST',
    url: '/api/mode/activate',
    payload: { title, reason: 'Felprov', expectedVersion: mode.version },
  });
  expect(res.statusCode).toBe(200);
}

const actorIds = (t: TestApp, n: number) =>
  t.app.db
    .select({ id: schema.actors.id })
    .from(schema.actors)
    .orderBy(schema.actors.id)
    .limit(n)
    .then((rows) => rows.map((r) => r.id));

const countBy = <T>(items: T[], key: (x: T) => string) => {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return m;
};

describe(`faults (${queueKind()} queue)`, () => {
  it('the queue backend is gone between the activation and the relay: once it is back, every contact gets exactly one message', async () => {
    const smtp = await startSmtpSink();
    const hooks = await startWebhookSink();
    cleanups.push(smtp.close, hooks.close);
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    // Only the queue's connection goes through the proxy: the activation itself must still work.
    const target =
      queueKind() === 'redis'
        ? { host: '127.0.0.1', port: Number(new URL(testRedisUrl()).port || 6379) }
        : { host: '127.0.0.1', port: 5432 };
    const proxy = await startTcpProxy(target);
    cleanups.push(proxy.close);
    const queueEnv: Record<string, string> =
      queueKind() === 'redis'
        ? { REDIS_URL: viaProxy(testRedisUrl(), proxy.port) }
        : { QUEUE_DATABASE_URL: viaProxy(db.url, proxy.port) };
    const t = await startTestApp({ database: { url: db.url }, env: { SMTP_URL: smtp.url, ...queueEnv } });
    cleanups.push(t.close);
    await t.app.ready();

    const actors = await actorIds(t, 6);
    for (const [i, actorId] of actors.entries()) {
      await insertContact(t.app.db, actorId, 1, {
        name: `Kontakt ${i}`,
        language: 'sv',
        channels: [
          { type: 'email', address: `tib${i}@example.se` },
          { type: 'webhook', address: hooks.url(`/actor/${i}`) },
        ],
      });
    }

    await proxy.block();
    // Logging in and activating need only PostgreSQL (with Redis away the per-IP login limit lapses).
    await activate(await coordinatorOf(t), 'Kön borta');
    // Nothing can go out while the queue is away, and the intent waits in the outbox.
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.received).toHaveLength(0);
    expect(hooks.received).toHaveLength(0);
    expect(await pendingOutbox(t.app.db)).toBeGreaterThan(0);

    await proxy.unblock();
    await waitFor(
      () => (smtp.received.length >= actors.length && hooks.accepted.size >= actors.length ? true : undefined),
      45_000,
    );
    // Give a duplicate, if there were one, time to arrive.
    await new Promise((r) => setTimeout(r, 1500));
    const mails = countBy(smtp.received, (m) => m.to.join());
    expect([...mails.values()]).toEqual(actors.map(() => 1));
    expect(mails.size).toBe(actors.length);
    expect(hooks.received).toHaveLength(actors.length);
    expect(await pendingOutbox(t.app.db)).toBe(0);
  }, 90_000);

  it('a worker killed in the middle of a batch: nothing is lost and the receiver sees each Idempotency-Key once', async () => {
    // Slow answers keep many deliveries in flight when the worker dies.
    const hooks = await startWebhookSink({ delayMs: 150 });
    cleanups.push(hooks.close);
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    const prefix = `k${Date.now().toString(36)}`;
    const shared = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: db.url,
      REDIS_PREFIX: prefix,
      DELIVERY_LOCK_SECONDS: '2',
      RATE_WEBHOOK_PER_SECOND: '1000',
      ...(queueKind() === 'redis' ? { REDIS_URL: testRedisUrl() } : {}),
    };
    const t = await startTestApp({
      database: { url: db.url },
      env: { RUN_WORKERS: 'false', REDIS_PREFIX: prefix, DELIVERY_LOCK_SECONDS: '2' },
    });
    cleanups.push(t.close);
    await t.app.ready();

    const startWorker = (): ChildProcess => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
        cwd: serverDir,
        env: { ...process.env, ...shared, PUBLIC_URL: t.config.PUBLIC_URL },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      cleanups.push(async () => child.kill('SIGKILL'));
      return child;
    };

    const actors = await actorIds(t, 30);
    for (const [i, actorId] of actors.entries()) {
      await insertContact(t.app.db, actorId, 1, {
        name: `Kontakt ${i}`,
        language: 'sv',
        channels: [{ type: 'webhook', address: hooks.url(`/actor/${i}`) }],
      });
    }
    const first = startWorker();
    await activate(await coordinatorOf(t), 'Arbetare dör');
    await waitFor(() => (hooks.received.length >= 5 ? true : undefined), 60_000);
    first.kill('SIGKILL');
    const receivedAtKill = hooks.received.length;
    expect(receivedAtKill).toBeLessThan(actors.length);

    startWorker();
    await waitFor(async () => {
      const rows = await t.app.db.select().from(schema.deliveries);
      return rows.length === actors.length && rows.every((r) => r.status === 'delivered') ? rows : undefined;
    }, 60_000);
    // Every contact reached, each delivery under its own key.
    expect(hooks.accepted.size).toBe(actors.length);
    const keys = await t.app.db.select({ key: schema.deliveries.key }).from(schema.deliveries);
    expect(new Set(hooks.accepted.keys())).toEqual(new Set(keys.map((k) => k.key)));
    // A message cut off by the kill may come again, but only under the key it had: the receiver drops it.
    for (const h of hooks.received) expect(hooks.accepted.has(h.headers['idempotency-key'] as string)).toBe(true);
    const perActor = countBy([...hooks.accepted.values()], (h) => h.path);
    expect(perActor.size).toBe(actors.length);
    const [one] = await t.app.db
      .select()
      .from(schema.deliveries)
      .where(eq(schema.deliveries.actorId, actors[0] ?? ''));
    expect(one?.status).toBe('delivered');
  }, 150_000);
});
