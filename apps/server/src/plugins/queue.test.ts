import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueKind, startTestApp, type TestApp, waitFor } from '../testing/harness.ts';

describe(`the job queue on ${queueKind() === 'redis' ? 'Redis' : 'PostgreSQL'}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('runs on the configured backend', () => {
    expect(t.app.queues.backend).toBe(queueKind());
  });

  it('a job added is processed once by a worker', async () => {
    const done: unknown[] = [];
    t.app.queues.startWorker('probe', async (job) => {
      done.push(job.data);
    });
    await t.app.queues.get('probe').add('ping', { n: 1 }, { jobId: 'probe-1' });
    // The same job id again is not a second job.
    await t.app.queues.get('probe').add('ping', { n: 1 }, { jobId: 'probe-1' });
    await waitFor(() => (done.length > 0 ? true : undefined), 10_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(done).toEqual([{ n: 1 }]);
  });
});

describe.runIf(queueKind() === 'redis')('readiness when Redis is unreachable', () => {
  it('answers 503 naming the queue', async () => {
    const t = await startTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      const res = await t.app.inject({ method: 'GET', url: '/health/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'unavailable', checks: { database: 'ok', queue: 'unreachable' } });
    } finally {
      await t.close();
    }
  });
});
