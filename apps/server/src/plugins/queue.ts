import { createPostgresBackend, type Processor, Queue, Worker, type WorkerOptions } from 'bullmq';
import type { FastifyBaseLogger } from 'fastify';
import fp from 'fastify-plugin';
import { closeRedis, createRedis } from '../infra/redis.ts';

export type QueueBackend = 'redis' | 'postgres';

/** The job queues of the platform, on Redis when it is configured and on PostgreSQL otherwise. */
export interface Queues {
  backend: QueueBackend;
  get(name: string): Queue;
  /** A worker for one queue; it is closed (running jobs finish) when the queues close. */
  startWorker(name: string, processor: Processor, options?: WorkerTuning): Worker;
  /** Rejects when the queue backend cannot be reached. */
  ping(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    queues: Queues;
  }
}

/** The worker settings a caller may choose; the connection is the plugin's. */
export type WorkerTuning = Pick<WorkerOptions, 'concurrency' | 'limiter' | 'lockDuration' | 'stalledInterval'>;

export interface QueueOptions {
  databaseUrl: string;
  redisUrl?: string | undefined;
  prefix: string;
}

const PING_TIMEOUT_MS = 2000;
const CLOSE_GRACE_MS = 10_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createQueues(opts: QueueOptions, log: FastifyBaseLogger): Queues & { close(): Promise<void> } {
  const queues = new Map<string, Queue>();
  const workers: Worker[] = [];
  const redis = opts.redisUrl ? createRedis(opts.redisUrl, log, 'queue') : undefined;
  // `migrate: true` lets BullMQ create and upgrade its own schema (`bullmq`) under its own lock.
  const pgConnection = { connectionString: opts.databaseUrl, migrate: true, max: 5 };

  const makeQueue = (name: string): Queue =>
    redis
      ? new Queue(name, { connection: redis, prefix: opts.prefix })
      : (new Queue(name, { connection: pgConnection }, createPostgresBackend) as unknown as Queue);

  const api: Queues & { close(): Promise<void> } = {
    backend: redis ? 'redis' : 'postgres',
    get(name) {
      let q = queues.get(name);
      if (!q) {
        q = makeQueue(name);
        // A queue that loses its backend reports it here; without a listener the error would go to stderr.
        q.on('error', (err) => log.warn({ err, queue: name }, 'queue connection error'));
        queues.set(name, q);
      }
      return q;
    },
    startWorker(name, processor, tuning = {}) {
      const options = { concurrency: 5, ...tuning };
      const worker = redis
        ? new Worker(name, processor, { connection: redis, prefix: opts.prefix, ...options })
        : (new Worker(
            name,
            processor,
            { connection: pgConnection, ...options },
            createPostgresBackend,
          ) as unknown as Worker);
      worker.on('error', (err) => log.warn({ err, queue: name }, 'queue worker error'));
      workers.push(worker);
      return worker;
    },
    async ping() {
      if (redis) {
        await withTimeout(redis.ping(), PING_TIMEOUT_MS, 'Redis');
        return;
      }
      await withTimeout(api.get('system').getJobCounts('waiting'), PING_TIMEOUT_MS, 'the PostgreSQL queue');
    },
    async close() {
      // Workers first, so running jobs finish before their connections go. A backend that is
      // away cannot answer a polite close; after a grace period the connections are dropped.
      const graceful = async () => {
        await Promise.all(workers.map((w) => w.close()));
        await Promise.all([...queues.values()].map((q) => q.close()));
      };
      await withTimeout(graceful(), CLOSE_GRACE_MS, 'closing the queues').catch((err) =>
        log.warn({ err }, 'queues closed forcibly'),
      );
      if (redis) await closeRedis(redis);
    },
  };
  return api;
}

export default fp(
  async (app, opts: QueueOptions) => {
    const queues = createQueues(opts, app.log);
    app.decorate('queues', queues);
    app.addHook('onClose', () => queues.close());
    app.log.info({ backend: queues.backend }, 'job queue ready');
  },
  { name: 'queue', dependencies: ['database'] },
);
