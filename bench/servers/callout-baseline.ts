/**
 * Baseline for the call-out benchmark: the same messages sent straight
 * through the platform's own channel adapters (createEmailChannel: nodemailer
 * with its SMTP pool; createWebhookChannel: signed JSON over fetch), rendered
 * with the platform's renderNotification, with the same concurrency as the
 * platform's delivery workers (10 at a time per channel), but no database,
 * outbox, relay or queue.
 *
 * POST /trigger {run, title, steps} answers 202 at once and then sends one
 * message per actor × step × channel. Env: PORT, SMTP_URL, HOOK_BASE,
 * WEBHOOK_SECRET, ACK_SECRET, PUBLIC_URL, LABEL.
 */
import { createServer } from 'node:http';
import { ackToken, ackUrl } from '../../apps/server/src/modules/notifications/ack-token.ts';
import {
  type Channel,
  createEmailChannel,
  createWebhookChannel,
  type OutgoingMessage,
  renderNotification,
} from '../../apps/server/src/modules/notifications/channels/index.ts';
import { ACTORS, type BaselineTrigger, type BenchChannel, CHANNELS, emailAddress, hookPath } from '../lib/callout.ts';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
};
const PORT = Number(env('PORT'));
const LABEL = env('LABEL');
const HOOK_BASE = env('HOOK_BASE');
const PUBLIC_URL = env('PUBLIC_URL');
const ACK_SECRET = env('ACK_SECRET');
/** The platform's delivery workers run 10 jobs at a time per channel (runtime.ts, startDeliveryWorkers). */
const CONCURRENCY = 10;

const channels: Record<BenchChannel, Channel> = {
  email: createEmailChannel({ smtpUrl: env('SMTP_URL'), from: 'Samverkan <noreply@samverkan.local>' }),
  webhook: createWebhookChannel({ secret: env('WEBHOOK_SECRET') }),
};
const decidedBy = { name: 'Rasmus Samordnare (RSIB)', actorName: 'Länsstyrelsen i Stockholms län' };
let errors = 0;
let lastError = '';

interface Spec {
  t: BaselineTrigger;
  at: Date;
  actor: { id: string; name: string };
  step: number;
  channel: BenchChannel;
}

/** One message, rendered as a delivery job renders its own: texts, personal ack link, webhook body. */
function build({ t, at, actor, step, channel }: Spec): OutgoingMessage {
  const contactId = `${actor.id}-${step}`;
  const links = {
    dashboardUrl: new URL('/', PUBLIC_URL).toString(),
    ackUrl: ackUrl(PUBLIC_URL, ackToken(ACK_SECRET, t.run, contactId)),
  };
  const texts = renderNotification({
    kind: 'activation',
    language: 'sv',
    exercise: false,
    title: t.title,
    reason: 'Benchmark',
    at,
    decidedBy,
    actorName: actor.name,
    ...links,
  });
  return {
    idempotencyKey: `${t.run}_${contactId}_${channel}`,
    to: channel === 'email' ? emailAddress(LABEL, actor.id, step) : `${HOOK_BASE}${hookPath(LABEL, actor.id, step)}`,
    language: 'sv',
    ...texts,
    payload: {
      type: 'ssr.activation',
      notificationId: t.run,
      deliveryId: `${t.run}-${contactId}-${channel}`,
      exercise: false,
      title: t.title,
      reason: 'Benchmark',
      message: null,
      decidedAt: at.toISOString(),
      decidedBy: { name: decidedBy.name, actorId: 'lansstyrelsen-stockholm', actorName: decidedBy.actorName },
      actor: { id: actor.id, name: actor.name },
      contact: { id: contactId, name: `Kontakt ${step} ${actor.name}`, step },
      ...links,
    },
  };
}

/** `CONCURRENCY` senders per channel, each rendering and sending the next message when its last one is done. */
async function sendAll(channel: Channel, list: Spec[]): Promise<void> {
  let next = 0;
  const sender = async () => {
    while (next < list.length) {
      const spec = list[next++] as Spec;
      try {
        await channel.send(build(spec));
      } catch (err) {
        errors += 1;
        lastError = err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, list.length) }, sender));
}

function specs(t: BaselineTrigger, channel: BenchChannel): Spec[] {
  const at = new Date();
  return t.steps.flatMap((step) => ACTORS.map((actor) => ({ t, at, actor, step, channel })));
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errors, lastError }));
    return;
  }
  if (req.method !== 'POST' || req.url !== '/trigger') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const t = JSON.parse(Buffer.concat(chunks).toString('utf8')) as BaselineTrigger;
    res.writeHead(202).end();
    void Promise.all(CHANNELS.map((c) => sendAll(channels[c], specs(t, c))));
  });
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    server.close();
    void Promise.all(Object.values(channels).map((c) => c.close?.())).finally(() => process.exit(0));
  });
}
// As long as Fastify keeps them (72 s): the runner reuses one keep-alive connection for triggers seconds apart.
server.keepAliveTimeout = 72_000;
server.listen(PORT, '127.0.0.1', () => console.log(`callout-baseline listening on ${PORT}`));
