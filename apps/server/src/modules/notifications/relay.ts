import { type ContactChannel, communicatorKinds } from '@samverkan/contracts';
import { type Database, type DbOrTx, schema } from '@samverkan/db';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { hashAckToken, ackToken as makeAckToken } from './ack-token.ts';
import type { ChannelType } from './channels/types.ts';
import type { OutboxMessage } from './intents.ts';

const { outbox, notifications, calloutTargets, contacts, deliveries, ackLinks, users } = schema;

/** One job to put on a channel's queue; `key` is the job id and the delivery row's key. */
export interface DeliveryJob {
  channel: ChannelType;
  key: string;
  /** A retry of a delivery that failed before: revive the old job rather than add one. */
  retry?: boolean;
}

/** Puts jobs on the queue; must be idempotent per key (the queue ignores a job id it already holds). */
export type Enqueue = (jobs: DeliveryJob[]) => Promise<void>;

export interface RelayContext {
  ackSecret: string;
  ackLinkTtlMs: number;
  now: () => Date;
}

/** The key of one (notification, contact, channel): also the job id, so [A-Za-z0-9_-] only. */
export function deliveryKey(notificationId: string, contactId: string, channel: ChannelType): string {
  return `${notificationId}_${contactId}_${channel}`;
}

interface Recipient {
  actorId: string;
  contactId: string;
  contactName: string;
  step: number;
  language: 'sv' | 'en';
  channels: ContactChannel[];
}

/** The contacts to call for one outbox row: the step-th contact of each still-pending target actor. */
async function recipientsFor(
  tx: DbOrTx,
  payload: Extract<OutboxMessage, { topic: 'deliver' }>['payload'],
): Promise<Recipient[]> {
  const [n] = await tx.select().from(notifications).where(eq(notifications.id, payload.notificationId));
  if (!n) return [];
  if (n.recipientUserId) {
    const [u] = await tx.select().from(users).where(eq(users.id, n.recipientUserId));
    return u ? [userRecipient(u)] : [];
  }
  const targets = await tx
    .select({ actorId: calloutTargets.actorId, step: calloutTargets.step })
    .from(calloutTargets)
    .where(
      and(
        eq(calloutTargets.notificationId, n.id),
        eq(calloutTargets.status, 'pending'),
        eq(calloutTargets.step, payload.step),
        payload.actorIds ? inArray(calloutTargets.actorId, payload.actorIds) : undefined,
      ),
    );
  if (targets.length === 0) return [];
  if (communicatorKinds.includes(n.kind))
    return communicatorsOf(
      tx,
      targets.map((t) => t.actorId),
    );
  const rows = await tx
    .select()
    .from(contacts)
    .where(
      inArray(
        contacts.actorId,
        targets.map((t) => t.actorId),
      ),
    )
    .orderBy(asc(contacts.actorId), asc(contacts.position));
  const byActor = new Map<string, typeof rows>();
  for (const r of rows) byActor.set(r.actorId, [...(byActor.get(r.actorId) ?? []), r]);
  return targets.flatMap((t) => {
    // The step counts places in the list as it is now, so a removed contact leaves no hole.
    const contact = byActor.get(t.actorId)?.[t.step - 1];
    if (!contact) return [];
    return [
      {
        actorId: t.actorId,
        contactId: contact.id,
        contactName: contact.name,
        step: t.step,
        language: contact.language,
        channels: contact.channels as ContactChannel[],
      },
    ];
  });
}

/** Joint messages and consultations go to the communicators (users with that role) of the target actors, by e-mail. */
async function communicatorsOf(tx: DbOrTx, actorIds: string[]): Promise<Recipient[]> {
  const rows = await tx
    .select()
    .from(users)
    .where(and(inArray(users.actorId, actorIds), eq(users.role, 'communicator'), eq(users.disabled, false)))
    .orderBy(asc(users.actorId), asc(users.email));
  return rows.map(userRecipient);
}

/** A user reached by e-mail at the login address (not through an actor's contact list). */
function userRecipient(u: typeof users.$inferSelect): Recipient {
  return {
    actorId: u.actorId,
    contactId: u.id,
    contactName: u.name,
    step: 1,
    language: 'sv',
    channels: [{ type: 'email', address: u.email }],
  };
}

/**
 * Turns one `deliver` outbox row into delivery rows (unique by key, so a
 * second relay of the same row adds nothing) and personal acknowledgement
 * links, and returns the jobs to queue.
 */
async function expandDeliver(
  tx: DbOrTx,
  payload: Extract<OutboxMessage, { topic: 'deliver' }>['payload'],
  ctx: RelayContext,
): Promise<DeliveryJob[]> {
  const recipients = await recipientsFor(tx, payload);
  if (recipients.length === 0) return [];
  const now = ctx.now();
  const rows = recipients.flatMap((r) =>
    r.channels.map((c) => ({
      key: deliveryKey(payload.notificationId, r.contactId, c.type),
      notificationId: payload.notificationId,
      actorId: r.actorId,
      contactId: r.contactId,
      contactName: r.contactName,
      step: r.step,
      channel: c.type,
      address: c.address,
      language: r.language,
    })),
  );
  if (rows.length > 0) await tx.insert(deliveries).values(rows).onConflictDoNothing({ target: deliveries.key });
  const [n] = await tx
    .select({ kind: notifications.kind })
    .from(notifications)
    .where(eq(notifications.id, payload.notificationId));
  // Joint messages and consultations are not acknowledged: no acknowledgement links.
  if (!n || communicatorKinds.includes(n.kind)) return rows.map((r) => ({ channel: r.channel, key: r.key }));
  await tx
    .insert(ackLinks)
    .values(
      recipients.map((r) => ({
        tokenHash: hashAckToken(makeAckToken(ctx.ackSecret, payload.notificationId, r.contactId)),
        notificationId: payload.notificationId,
        actorId: r.actorId,
        contactId: r.contactId,
        contactName: r.contactName,
        expiresAt: new Date(now.getTime() + ctx.ackLinkTtlMs),
      })),
    )
    .onConflictDoNothing({ target: ackLinks.tokenHash });
  return rows.map((r) => ({ channel: r.channel, key: r.key }));
}

async function expandRetry(tx: DbOrTx, key: string): Promise<DeliveryJob[]> {
  const [d] = await tx.select({ channel: deliveries.channel }).from(deliveries).where(eq(deliveries.key, key));
  return d ? [{ channel: d.channel, key, retry: true }] : [];
}

async function expand(tx: DbOrTx, message: OutboxMessage, ctx: RelayContext): Promise<DeliveryJob[]> {
  switch (message.topic) {
    case 'deliver':
      return expandDeliver(tx, message.payload, ctx);
    case 'retry':
      return expandRetry(tx, message.payload.key);
  }
}

const ENQUEUE_TIMEOUT_MS = 10_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the queue did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Moves up to `limit` pending outbox rows to the queue, in three steps:
 * expand them into delivery rows and commit (so a worker never meets a job
 * whose row it cannot see), put the jobs on the queue, and only then mark the
 * rows relayed. A failure anywhere leaves the rows pending for the next
 * round; running a step twice is harmless, because delivery rows are unique
 * by key and the queue keeps one job per job id. Returns the rows relayed.
 */
export async function relayOutbox(db: Database, enqueue: Enqueue, ctx: RelayContext, limit = 20): Promise<number> {
  const claimed = await db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(outbox)
      .where(isNull(outbox.relayedAt))
      .orderBy(asc(outbox.id))
      .limit(limit)
      .for('update', { skipLocked: true });
    const jobs: DeliveryJob[] = [];
    for (const row of rows) {
      jobs.push(...(await expand(tx, { topic: row.topic, payload: row.payload } as OutboxMessage, ctx)));
    }
    return { ids: rows.map((r) => r.id), jobs };
  });
  if (claimed.ids.length === 0) return 0;
  try {
    if (claimed.jobs.length > 0) await withTimeout(enqueue(claimed.jobs), ENQUEUE_TIMEOUT_MS);
  } catch (err) {
    await db
      .update(outbox)
      .set({ attempts: sql`${outbox.attempts} + 1`, lastError: err instanceof Error ? err.message : String(err) })
      .where(and(inArray(outbox.id, claimed.ids), isNull(outbox.relayedAt)))
      .catch(() => undefined);
    throw err;
  }
  await db
    .update(outbox)
    .set({ relayedAt: ctx.now() })
    .where(and(inArray(outbox.id, claimed.ids), isNull(outbox.relayedAt)));
  return claimed.ids.length;
}

/** Outbox rows not yet on the queue (for health and tests). */
export async function pendingOutbox(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(isNull(outbox.relayedAt));
  return row?.n ?? 0;
}
