import { DEMO_PASSWORD, type QueueKind, startTestApp } from '../../apps/server/src/testing/harness.ts';

/** The real server on a fresh database with the demo users and the built dashboard, on a free port. */
export async function startTestServer(
  opts: { queue?: QueueKind } = {},
): Promise<{ url: string; close(): Promise<void>; demoPassword: string }> {
  const server = await startTestApp({ ...opts, dashboard: true });
  const url = await server.listen();
  return { url, close: () => server.close(), demoPassword: DEMO_PASSWORD };
}
