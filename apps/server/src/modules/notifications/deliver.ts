import type { PersonRef } from '@samverkan/contracts';
import { type Database, schema } from '@samverkan/db';
import { UnrecoverableError } from 'bullmq';
import { eq, sql } from 'drizzle-orm';
import { appendEvent, type StoredEvent } from '../audit/event-log.ts';
import { loadPeople, person } from '../auth/people.ts';
import { ackToken, ackUrl } from './ack-token.ts';
import { type Channels, isPermanentDeliveryError, type OutgoingMessage, renderNotification } from './channels/index.ts';
import { calloutRooms } from './rooms.ts';

const { deliveries, notifications, actors } = schema;

export interface DeliverDeps {
  db: Database;
  channels: Channels;
  publicUrl: string;
  ackSecret: string;
  publish(events: readonly StoredEvent[]): void;
}

/** Where the job is in its retries, as the queue tells it. */
export interface Attempt {
  /** 1 for the first run. */
  number: number;
  max: number;
}

export type DeliverOutcome = 'sent' | 'already_sent';

type DeliveryRow = typeof deliveries.$inferSelect;
type NotificationRow = typeof notifications.$inferSelect;

/** The webhook body: everything a receiving system needs to act without calling back. */
export function webhookPayload(
  n: NotificationRow,
  d: DeliveryRow,
  decidedBy: PersonRef,
  actorName: string,
  links: { dashboardUrl: string; ackUrl: string },
): Record<string, unknown> {
  return {
    type: `ssr.${n.kind}`,
    notificationId: n.id,
    deliveryId: d.id,
    exercise: n.exercise,
    title: n.title,
    reason: n.reason,
    message: n.message,
    decidedAt: n.createdAt.toISOString(),
    decidedBy: { name: decidedBy.name, actorId: decidedBy.actorId, actorName: decidedBy.actorName },
    actor: { id: d.actorId, name: actorName },
    contact: { id: d.contactId, name: d.contactName, step: d.step },
    dashboardUrl: links.dashboardUrl,
    ackUrl: links.ackUrl,
  };
}

async function record(
  deps: DeliverDeps,
  d: DeliveryRow,
  values: Partial<Pick<DeliveryRow, 'status' | 'lastError' | 'providerMessageId'>>,
): Promise<void> {
  const events = await deps.db.transaction(async (tx) => {
    await tx
      .update(deliveries)
      .set({ ...values, attempts: sql`${deliveries.attempts} + 1`, updatedAt: new Date() })
      .where(eq(deliveries.id, d.id));
    return [
      await appendEvent(tx, {
        type: 'callout:updated',
        data: { calloutId: d.notificationId, actorId: d.actorId },
        rooms: calloutRooms(d.actorId),
      }),
    ];
  });
  deps.publish(events);
}

/**
 * Sends one delivery. The delivery row is the truth: a job that runs again
 * after its message went out finds the row sent and does nothing. A failure
 * that retrying cannot fix ends the job at once (UnrecoverableError); any
 * other is thrown for the queue to retry, and the last attempt fails the row.
 */
export async function deliver(deps: DeliverDeps, key: string, attempt: Attempt): Promise<DeliverOutcome> {
  const [d] = await deps.db.select().from(deliveries).where(eq(deliveries.key, key));
  // Rows are committed before their jobs are queued; a missing row is worth another try, not a loss.
  if (!d) throw new Error(`no delivery ${key} yet`);
  if (d.status === 'sent' || d.status === 'delivered') return 'already_sent';

  const [n] = await deps.db.select().from(notifications).where(eq(notifications.id, d.notificationId));
  if (!n) throw new UnrecoverableError(`no notification ${d.notificationId}`);
  const [actor] = await deps.db.select({ name: actors.name }).from(actors).where(eq(actors.id, d.actorId));
  const decidedBy = person(await loadPeople(deps.db, [n.decidedBy]), n.decidedBy);
  const links = {
    dashboardUrl: new URL('/', deps.publicUrl).toString(),
    ackUrl: ackUrl(deps.publicUrl, ackToken(deps.ackSecret, n.id, d.contactId)),
  };
  const actorName = actor?.name ?? d.actorId;
  const texts = renderNotification({
    kind: n.kind,
    language: d.language,
    exercise: n.exercise,
    title: n.title,
    reason: n.reason,
    message: n.message ?? undefined,
    at: n.createdAt,
    decidedBy: { name: decidedBy.name, actorName: decidedBy.actorName },
    actorName,
    ...links,
  });
  const message: OutgoingMessage = {
    idempotencyKey: key,
    to: d.address,
    language: d.language,
    ...texts,
    payload: webhookPayload(n, d, decidedBy, actorName, links),
  };

  const channel = deps.channels[d.channel];
  if (!channel) {
    await record(deps, d, {
      status: 'failed',
      lastError: `channel_unavailable: no ${d.channel} channel is configured`,
    });
    throw new UnrecoverableError(`no ${d.channel} channel is configured`);
  }
  try {
    const result = await channel.send(message);
    await record(deps, d, {
      status: result.status,
      lastError: null,
      providerMessageId: result.providerMessageId ?? null,
    });
    return 'sent';
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (isPermanentDeliveryError(err)) {
      await record(deps, d, { status: 'failed', lastError: `${err.code}: ${reason}` });
      throw new UnrecoverableError(reason);
    }
    const last = attempt.number >= attempt.max;
    await record(deps, d, { status: last ? 'failed' : 'queued', lastError: reason });
    throw err;
  }
}
