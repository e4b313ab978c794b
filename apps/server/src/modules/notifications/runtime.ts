import type { Database } from '@samverkan/db';
import type { Job, Worker } from 'bullmq';
import type { FastifyBaseLogger } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../../config.ts';
import type { Queues } from '../../plugins/queue.ts';
import type { StoredEvent } from '../audit/event-log.ts';
import { type Channels, type ChannelType, channelTypes, closeChannels, createChannels } from './channels/index.ts';
import { deliver } from './deliver.ts';
import { type EscalationResult, escalateDue } from './escalation.ts';
import { type DeliveryJob, relayOutbox } from './relay.ts';

export interface Notifications {
  /** Seconds → ms: how long an actor has to acknowledge before the next contact is called. */
  ackTimeoutMs: number;
  /** Asks the relay to run now (after a commit that wrote to the outbox). */
  wake(): void;
  /** One relay round, to its end; returns how many outbox rows went to the queue. */
  relay(): Promise<number>;
  /** One escalation tick at `now` (tests pass a clock of their own). */
  escalate(now: Date): Promise<EscalationResult>;
  channels: Channels;
}

declare module 'fastify' {
  interface FastifyInstance {
    notifications: Notifications;
  }
}

export const deliveryQueueName = (channel: ChannelType) => `deliver-${channel}`;

const RELAY_INTERVAL_MS = 1000;
const ESCALATION_INTERVAL_MS = 5000;
/** How long running deliveries get to finish when the process stops. */
const WORKER_CLOSE_GRACE_MS = 8000;
/** How long a failing relay waits before it tries again, at most. */
const MAX_RELAY_BACKOFF_MS = 10_000;

export interface NotificationsOptions {
  config: Pick<
    Config,
    | 'PUBLIC_URL'
    | 'ACK_SECRET'
    | 'ACK_TIMEOUT_SECONDS'
    | 'ACK_LINK_TTL_HOURS'
    | 'RUN_WORKERS'
    | 'DELIVERY_ATTEMPTS'
    | 'RATE_EMAIL_PER_SECOND'
    | 'RATE_SMS_PER_SECOND'
    | 'RATE_WEBHOOK_PER_SECOND'
    | 'DELIVERY_LOCK_SECONDS'
    | 'SMTP_URL'
    | 'SMTP_FROM'
    | 'SMS_GATEWAY_URL'
    | 'SMS_GATEWAY_TOKEN'
    | 'SMS_FROM'
    | 'WEBHOOK_SECRET'
  >;
  /** Channels to use instead of the configured ones (tests). */
  channels?: Channels;
}

/**
 * A loop that runs `task` every `intervalMs`, at once when woken, never two
 * rounds at a time, and backs off while the task fails.
 */
function loop(task: () => Promise<unknown>, intervalMs: number, log: FastifyBaseLogger, what: string) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let failures = 0;

  const schedule = (ms: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(run, ms);
    timer.unref();
  };
  function run(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        await task();
        failures = 0;
      } catch (err) {
        failures += 1;
        log.warn({ err, failures }, `${what} failed; it will try again`);
      }
    })().finally(() => {
      running = undefined;
      const backoff = failures === 0 ? intervalMs : Math.min(MAX_RELAY_BACKOFF_MS, intervalMs * 2 ** failures);
      if (again && failures === 0) {
        again = false;
        schedule(0);
      } else schedule(backoff);
    });
  }
  return {
    start: () => schedule(0),
    wake: () => {
      if (failures === 0) schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

export function createEnqueue(queues: Queues, attempts: number) {
  return async (jobs: DeliveryJob[]): Promise<void> => {
    for (const channel of channelTypes) {
      const own = jobs.filter((j) => j.channel === channel);
      if (own.length === 0) continue;
      const queue = queues.get(deliveryQueueName(channel));
      const fresh = own.filter((j) => !j.retry);
      for (const j of own.filter((j) => j.retry)) {
        const existing = await queue.getJob(j.key);
        if (existing && (await existing.isFailed())) await existing.retry('failed');
        else if (!existing) fresh.push({ ...j, retry: false });
      }
      if (fresh.length === 0) continue;
      await queue.addBulk(
        fresh.map((j) => ({
          name: 'deliver',
          data: { key: j.key },
          opts: {
            // The delivery key is the job id: a second relay of the same intent adds nothing.
            jobId: j.key,
            attempts,
            backoff: { type: 'exponential', delay: 2000 },
            // Age only: a count makes BullMQ's PostgreSQL backend scan every completed job on each completion.
            removeOnComplete: { age: 24 * 3600 },
            removeOnFail: { age: 30 * 24 * 3600 },
          },
        })),
      );
    }
  };
}

export function startDeliveryWorkers(
  deps: { db: Database; queues: Queues; channels: Channels; publish(events: readonly StoredEvent[]): void },
  config: NotificationsOptions['config'],
): Worker[] {
  const rates: Record<ChannelType, number> = {
    email: config.RATE_EMAIL_PER_SECOND,
    sms: config.RATE_SMS_PER_SECOND,
    webhook: config.RATE_WEBHOOK_PER_SECOND,
  };
  return channelTypes.map((channel) =>
    deps.queues.startWorker(
      deliveryQueueName(channel),
      (job: Job<{ key: string }>) =>
        deliver(
          {
            db: deps.db,
            channels: deps.channels,
            publicUrl: config.PUBLIC_URL,
            ackSecret: config.ACK_SECRET,
            publish: deps.publish,
          },
          job.data.key,
          { number: job.attemptsMade + 1, max: job.opts.attempts ?? 1 },
        ),
      {
        concurrency: 10,
        limiter: { max: rates[channel], duration: 1000 },
        lockDuration: config.DELIVERY_LOCK_SECONDS * 1000,
        stalledInterval: Math.max(1000, Math.floor((config.DELIVERY_LOCK_SECONDS * 1000) / 2)),
      },
    ),
  );
}

/**
 * The call-out machinery: delivery channels, the outbox relay, the escalation
 * clock and the delivery workers. With RUN_WORKERS=false this process only
 * writes intents; a `pnpm worker` process does the rest.
 */
export default fp(
  async (app, opts: NotificationsOptions) => {
    const { config } = opts;
    const channels = opts.channels ?? createChannels(config);
    const ackTimeoutMs = config.ACK_TIMEOUT_SECONDS * 1000;
    const enqueue = createEnqueue(app.queues, config.DELIVERY_ATTEMPTS);
    const relayContext = {
      ackSecret: config.ACK_SECRET,
      ackLinkTtlMs: config.ACK_LINK_TTL_HOURS * 3600 * 1000,
      now: () => new Date(),
    };
    const relay = async () => {
      let total = 0;
      for (;;) {
        const n = await relayOutbox(app.db, enqueue, relayContext);
        total += n;
        if (n === 0) return total;
      }
    };
    const escalate = async (now: Date) => {
      const result = await escalateDue(app.db, now, ackTimeoutMs);
      app.live.publish(result.events);
      if (result.escalated > 0) relayLoop.wake();
      return result;
    };
    const relayLoop = loop(relay, RELAY_INTERVAL_MS, app.log, 'outbox relay');
    const escalationLoop = loop(() => escalate(new Date()), ESCALATION_INTERVAL_MS, app.log, 'escalation');

    app.decorate('notifications', {
      ackTimeoutMs,
      wake: () => relayLoop.wake(),
      relay,
      escalate,
      channels,
    } satisfies Notifications);

    let workers: Worker[] = [];
    if (config.RUN_WORKERS) {
      app.addHook('onReady', async () => {
        workers = startDeliveryWorkers(
          { db: app.db, queues: app.queues, channels, publish: (e) => app.live.publish(e) },
          config,
        );
        relayLoop.start();
        escalationLoop.start();
      });
    }
    // Before the database and queue close: stop taking work, let running jobs finish.
    app.addHook('preClose', async () => {
      await Promise.all([relayLoop.stop(), escalationLoop.stop()]);
      // A backend that is away cannot answer a polite close: after a grace period, go anyway
      // (the jobs were not acknowledged, so another worker takes them up).
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          app.log.warn('delivery workers did not stop in time; closing anyway');
          resolve();
        }, WORKER_CLOSE_GRACE_MS);
      });
      await Promise.race([Promise.all(workers.map((w) => w.close())), grace]);
      clearTimeout(timer);
      await closeChannels(channels);
    });
  },
  { name: 'notifications', dependencies: ['database', 'queue', 'live'] },
);
