import { randomBytes } from 'node:crypto';
import { type AddressInfo, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { ClientToServerEvents, ServerToClientEvents, User } from '@samverkan/contracts';
import { createPool } from '@samverkan/db';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { inject } from 'vitest';
import { buildApp } from '../app.ts';
import { type Config, loadConfig } from '../config.ts';
import { SESSION_COOKIE } from '../modules/auth/sessions.ts';
// Brings the ProvidedContext typing (runId, templateDatabase) into every program that uses the harness.
import type {} from './global-setup.ts';
import { adminUrl, databaseUrl, testRedisUrl } from './pg-urls.ts';

export type QueueKind = 'redis' | 'postgres';
export const DEMO_PASSWORD = 'test-demo-password';

/** Which queue backend this test project runs on (vitest sets it per project). */
export function queueKind(): QueueKind {
  return process.env.SAMVERKAN_TEST_QUEUE === 'redis' ? 'redis' : 'postgres';
}

/** A fresh database for one test file, copied from the run's migrated template. */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `samverkan_t_${inject('runId')}_${randomBytes(4).toString('hex')}`;
  const admin = createPool(adminUrl(), 1);
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${inject('templateDatabase')}"`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: databaseUrl(name),
    async drop() {
      const a = createPool(adminUrl(), 1);
      await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).finally(() => a.end());
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  /** Set once `listen()` has run. */
  url: string;
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  queue?: QueueKind;
  env?: Record<string, string>;
  /** Serve the built dashboard at `/`. */
  dashboard?: boolean;
  /** Reuse a database (for restarts and multi-process tests); a new one is made otherwise. */
  database?: { url: string };
}

const dashboardDir = fileURLToPath(new URL('../../../dashboard/dist', import.meta.url));

/** The real app on a fresh database, with the demo users, on the chosen queue backend. */
export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  // The port is chosen first, so PUBLIC_URL (the only origin allowed to change state) is the real one.
  const port = await freePort();
  const db = opts.database ? undefined : await createTestDatabase();
  const databaseUrl = opts.database?.url ?? db?.url ?? '';
  const queue = opts.queue ?? queueKind();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrl,
    SEED_DEMO: 'true',
    DEMO_PASSWORD,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    REDIS_PREFIX: `t${inject('runId')}${randomBytes(3).toString('hex')}`,
    ...(queue === 'redis' ? { REDIS_URL: testRedisUrl() } : {}),
    ...(opts.dashboard ? { DASHBOARD_DIR: dashboardDir } : {}),
    ...opts.env,
  });
  const app = await buildApp({ config, databaseUrl });
  const handle: TestApp = {
    app,
    config,
    url: '',
    async listen() {
      await app.listen({ host: '127.0.0.1', port });
      handle.url = config.PUBLIC_URL;
      return handle.url;
    },
    async close() {
      await app.close();
      await db?.drop();
    },
  };
  return handle;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Logs a demo user in through the API and returns the session cookie. */
export async function login(
  app: FastifyInstance,
  email: string,
  password = DEMO_PASSWORD,
): Promise<{ cookie: string; user: User }> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
  const token = res.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
  if (!token) throw new Error('no session cookie');
  return { cookie: `${SESSION_COOKIE}=${token}`, user: res.json<{ user: User }>().user };
}

/** `inject` as a logged-in user. */
export function as(app: FastifyInstance, cookie: string) {
  return (opts: InjectOptions): Promise<LightMyRequestResponse> =>
    app.inject({ ...opts, headers: { ...opts.headers, cookie } });
}

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A Socket.IO client as the dashboard connects: WebSocket only, the session cookie in the handshake. */
export function connect(url: string, cookie?: string): TestSocket {
  return connectSocket(url, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(cookie ? { extraHeaders: { cookie } } : {}),
  });
}

/** Resolves with the first value `check` returns, polling until `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
