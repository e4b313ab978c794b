import { acknowledgedKinds, type InAppNotification, type NotificationKind } from '@samverkan/contracts';
import { type DbOrTx, schema } from '@samverkan/db';
import { and, eq, inArray } from 'drizzle-orm';
import { appendEvent, type StoredEvent } from '../audit/event-log.ts';
import { loadPeople, person } from '../auth/people.ts';
import { calloutRooms } from './rooms.ts';

const { actors, notifications, calloutTargets, outbox, users } = schema;

/** The outbox topics the relay understands. */
export type OutboxMessage =
  /** Call one step of the actors' contact lists (all targets of the notification when actorIds is absent). */
  | { topic: 'deliver'; payload: { notificationId: string; step: number; actorIds?: string[] } }
  /** Put a failed delivery back on the queue. */
  | { topic: 'retry'; payload: { key: string } };

export async function writeOutbox(tx: DbOrTx, message: OutboxMessage): Promise<void> {
  await tx.insert(outbox).values({ topic: message.topic, payload: message.payload });
}

export interface NotificationIntent {
  kind: NotificationKind;
  exercise: boolean;
  title: string;
  reason: string;
  message?: string | undefined;
  decidedBy: string;
  activationId?: string | null | undefined;
  /** The actors to reach; every actor when absent. Ignored for a declined request. */
  actorIds?: readonly string[] | undefined;
  /** A declined request: the one user who asked. */
  recipientUserId?: string | undefined;
  now: Date;
  ackTimeoutMs: number;
}

/** A consultation is the desk's business: only the communicators of the actors asked see it. */
async function communicatorRooms(tx: DbOrTx, actorIds: readonly string[]): Promise<string[]> {
  if (actorIds.length === 0) return [];
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.actorId, [...actorIds]), eq(users.role, 'communicator')));
  return rows.map((u) => `user:${u.id}`);
}

/**
 * Records a notification inside the caller's transaction: the intent, one
 * target per actor, and the outbox row the relay turns into jobs. Either the
 * change and its notification commit together, or neither does.
 */
export async function recordNotification(
  tx: DbOrTx,
  intent: NotificationIntent,
): Promise<{ notificationId: string; events: StoredEvent[] }> {
  const [row] = await tx
    .insert(notifications)
    .values({
      kind: intent.kind,
      exercise: intent.exercise,
      title: intent.title,
      reason: intent.reason,
      message: intent.message ?? null,
      decidedBy: intent.decidedBy,
      activationId: intent.activationId ?? null,
      recipientUserId: intent.recipientUserId ?? null,
      createdAt: intent.now,
    })
    .returning();
  if (!row) throw new Error('notification insert returned nothing');

  const people = await loadPeople(tx, [intent.decidedBy, intent.recipientUserId ?? null]);
  const actorIds = intent.recipientUserId
    ? [person(people, intent.recipientUserId).actorId]
    : (intent.actorIds ?? (await tx.select({ id: actors.id }).from(actors)).map((a) => a.id));
  const escalates = acknowledgedKinds.includes(intent.kind);
  const escalateAt = escalates ? new Date(intent.now.getTime() + intent.ackTimeoutMs) : null;
  if (actorIds.length > 0) {
    await tx
      .insert(calloutTargets)
      .values(actorIds.map((actorId) => ({ notificationId: row.id, actorId, step: 1, escalateAt })));
  }
  await writeOutbox(tx, { topic: 'deliver', payload: { notificationId: row.id, step: 1 } });

  const notification: InAppNotification = {
    id: row.id,
    kind: row.kind,
    exercise: row.exercise,
    title: row.title,
    reason: row.reason,
    message: row.message,
    createdAt: row.createdAt.toISOString(),
    decidedBy: person(people, intent.decidedBy),
    needsAcknowledgement: escalates,
    acknowledgedAt: null,
    acknowledgedByName: null,
  };
  // The in-app channel: every logged-in user of a target actor (or the one requester) sees it at once.
  const inAppRooms = intent.recipientUserId
    ? [`user:${intent.recipientUserId}`]
    : intent.kind === 'consultation'
      ? await communicatorRooms(tx, actorIds)
      : actorIds.map((id) => `actor:${id}`);
  const events = [
    await appendEvent(tx, {
      type: 'notification:received',
      data: { notification },
      rooms: inAppRooms,
      userId: intent.decidedBy,
    }),
    await appendEvent(tx, {
      type: 'callout:updated',
      data: { calloutId: row.id, actorId: null },
      rooms: calloutRooms(),
      userId: intent.decidedBy,
    }),
  ];
  return { notificationId: row.id, events };
}
