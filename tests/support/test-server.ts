import { DEMO_PASSWORD, type QueueKind, startTestApp, type TestApp } from '../../apps/server/src/testing/harness.ts';

/**
 * The real server on a fresh database with the demo users and the built dashboard, on a free port.
 * `env` adds settings (e.g. SMTP_URL of a test SMTP sink); `app` is there for what a test drives
 * directly, such as the escalation clock.
 */
export async function startTestServer(
  opts: { queue?: QueueKind; env?: Record<string, string> } = {},
): Promise<{ url: string; app: TestApp['app']; close(): Promise<void>; demoPassword: string }> {
  const server = await startTestApp({ ...opts, dashboard: true });
  const url = await server.listen();
  return { url, app: server.app, close: () => server.close(), demoPassword: DEMO_PASSWORD };
}
