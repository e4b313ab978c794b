import type { CalloutBody } from '@samverkan/contracts';
import { type Database, schema } from '@samverkan/db';
import { and, eq, inArray } from 'drizzle-orm';
import { HttpError, notFound } from '../../lib/errors.ts';
import type { StoredEvent } from '../audit/event-log.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { recordNotification, writeOutbox } from './intents.ts';

const { actors, modeState, deliveries } = schema;

/**
 * A coordinator's kallelse to chosen actors (or all). While SSR is activated
 * as an exercise, the kallelse is an exercise too.
 */
export async function createCallout(
  db: Database,
  user: SessionUser,
  body: CalloutBody,
  opts: { now: Date; ackTimeoutMs: number },
): Promise<{ notificationId: string; events: StoredEvent[] }> {
  return db.transaction(async (tx) => {
    const requested = body.actorIds && body.actorIds.length > 0 ? [...new Set(body.actorIds)] : undefined;
    if (requested) {
      const known = await tx.select({ id: actors.id }).from(actors).where(inArray(actors.id, requested));
      const unknown = requested.filter((id) => !known.some((k) => k.id === id));
      if (unknown.length > 0) {
        throw new HttpError(400, 'validation', `Invalid body: actorIds (unknown: ${unknown.join(', ')})`, {
          details: [{ path: 'actorIds', message: `unknown actor ${unknown.join(', ')}` }],
        });
      }
    }
    const [mode] = await tx.select().from(modeState);
    return recordNotification(tx, {
      kind: 'callout',
      exercise: body.exercise ?? (mode?.mode === 'activated' && mode.exercise),
      title: body.title,
      reason: body.message,
      decidedBy: user.id,
      activationId: mode?.activationId ?? null,
      actorIds: requested,
      now: opts.now,
      ackTimeoutMs: opts.ackTimeoutMs,
    });
  });
}

/** Puts a failed delivery back on the queue, through the outbox like everything else. */
export async function retryDelivery(db: Database, deliveryId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [d] = await tx
      .update(deliveries)
      .set({ status: 'queued', attempts: 0, lastError: null, updatedAt: new Date() })
      .where(and(eq(deliveries.id, deliveryId), eq(deliveries.status, 'failed')))
      .returning({ key: deliveries.key });
    if (!d) {
      const [exists] = await tx.select({ id: deliveries.id }).from(deliveries).where(eq(deliveries.id, deliveryId));
      if (!exists) throw notFound('No such delivery');
      throw new HttpError(409, 'conflict', 'Only a failed delivery can be retried');
    }
    await writeOutbox(tx, { topic: 'retry', payload: { key: d.key } });
  });
}
