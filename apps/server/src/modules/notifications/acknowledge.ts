import type { AckBody, AckChoice, NotificationKind, PersonRef } from '@samverkan/contracts';
import { type Database, type DbOrTx, schema } from '@samverkan/db';
import { and, eq, ne } from 'drizzle-orm';
import { HttpError, notFound } from '../../lib/errors.ts';
import { appendEvent, type StoredEvent } from '../audit/event-log.ts';
import { loadPeople, person } from '../auth/people.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { hashAckToken, looksLikeAckToken } from './ack-token.ts';
import { calloutRooms } from './rooms.ts';

const { ackLinks, calloutTargets, notifications, actors } = schema;

/** What an acknowledgement link is about, as its page shows it. */
export interface AckLinkView {
  state: 'open' | 'used' | 'expired';
  kind: NotificationKind;
  exercise: boolean;
  title: string;
  reason: string;
  message: string | null;
  createdAt: Date;
  decidedBy: PersonRef;
  actorName: string;
  contactName: string;
  usedAt: Date | null;
  /** The actor's acknowledgement, by whoever gave it first. */
  acknowledgedAt: Date | null;
  acknowledgedByName: string | null;
  choice: AckChoice | null;
  comment: string | null;
}

async function findLink(db: DbOrTx, token: string, { lock = false } = {}) {
  if (!looksLikeAckToken(token)) return undefined;
  const query = db
    .select()
    .from(ackLinks)
    .where(eq(ackLinks.tokenHash, hashAckToken(token)));
  const [link] = await (lock ? query.for('update') : query);
  return link;
}

export async function readAckLink(db: DbOrTx, token: string, now: Date): Promise<AckLinkView | undefined> {
  const link = await findLink(db, token);
  if (!link) return undefined;
  const [row] = await db
    .select({ n: notifications, actorName: actors.name, target: calloutTargets })
    .from(notifications)
    .innerJoin(actors, eq(actors.id, link.actorId))
    .leftJoin(
      calloutTargets,
      and(eq(calloutTargets.notificationId, notifications.id), eq(calloutTargets.actorId, link.actorId)),
    )
    .where(eq(notifications.id, link.notificationId));
  if (!row) return undefined;
  const decidedBy = person(await loadPeople(db, [row.n.decidedBy]), row.n.decidedBy);
  const acknowledged = row.target?.status === 'acknowledged';
  return {
    state: link.usedAt ? 'used' : link.expiresAt <= now ? 'expired' : 'open',
    kind: row.n.kind,
    exercise: row.n.exercise,
    title: row.n.title,
    reason: row.n.reason,
    message: row.n.message,
    createdAt: row.n.createdAt,
    decidedBy,
    actorName: row.actorName,
    contactName: link.contactName,
    usedAt: link.usedAt,
    acknowledgedAt: acknowledged ? (row.target?.acknowledgedAt ?? null) : null,
    acknowledgedByName: acknowledged ? (row.target?.acknowledgedByName ?? null) : null,
    choice: acknowledged ? (row.target?.ackChoice ?? null) : null,
    comment: acknowledged ? (row.target?.ackComment ?? null) : null,
  };
}

interface Acknowledger {
  name: string;
  via: 'link' | 'dashboard';
  contactId?: string;
  userId?: string;
}

/** Records the actor's acknowledgement unless someone of the actor already gave one (the first one counts). */
async function acknowledgeTarget(
  tx: DbOrTx,
  notificationId: string,
  actorId: string,
  by: Acknowledger,
  body: AckBody,
  now: Date,
): Promise<StoredEvent[]> {
  const updated = await tx
    .update(calloutTargets)
    .set({
      status: 'acknowledged',
      escalateAt: null,
      acknowledgedAt: now,
      acknowledgedByName: by.name,
      acknowledgedByContact: by.contactId ?? null,
      acknowledgedByUser: by.userId ?? null,
      acknowledgedVia: by.via,
      ackChoice: body.choice ?? null,
      ackComment: body.comment ? body.comment : null,
    })
    .where(
      and(
        eq(calloutTargets.notificationId, notificationId),
        eq(calloutTargets.actorId, actorId),
        ne(calloutTargets.status, 'acknowledged'),
      ),
    )
    .returning({ actorId: calloutTargets.actorId });
  if (updated.length === 0) return [];
  return [
    await appendEvent(tx, {
      type: 'callout:updated',
      data: { calloutId: notificationId, actorId },
      rooms: calloutRooms(actorId),
      userId: by.userId,
    }),
  ];
}

/**
 * Acknowledges through a personal link: single use, until it expires, no
 * login. 404 for an unknown link, 410 once expired, 409 once used.
 */
export async function acknowledgeByLink(
  db: Database,
  token: string,
  body: AckBody,
  now: Date,
): Promise<{ events: StoredEvent[] }> {
  return db.transaction(async (tx) => {
    const link = await findLink(tx, token, { lock: true });
    if (!link) throw notFound('This acknowledgement link is not known');
    if (link.usedAt) throw new HttpError(409, 'already_used', 'This acknowledgement link has already been used');
    if (link.expiresAt <= now) throw new HttpError(410, 'expired', 'This acknowledgement link has expired');
    await tx.update(ackLinks).set({ usedAt: now }).where(eq(ackLinks.tokenHash, link.tokenHash));
    const events = await acknowledgeTarget(
      tx,
      link.notificationId,
      link.actorId,
      { name: link.contactName, via: 'link', contactId: link.contactId },
      body,
      now,
    );
    return { events };
  });
}

/** Acknowledges in the dashboard, for the user's own actor. */
export async function acknowledgeInApp(
  db: Database,
  user: SessionUser,
  notificationId: string,
  body: AckBody,
  now: Date,
): Promise<{ events: StoredEvent[]; alreadyAcknowledged: boolean }> {
  return db.transaction(async (tx) => {
    const [target] = await tx
      .select()
      .from(calloutTargets)
      .where(and(eq(calloutTargets.notificationId, notificationId), eq(calloutTargets.actorId, user.actorId)))
      .for('update');
    if (!target) throw notFound('Your actor was not called in this notification');
    const events = await acknowledgeTarget(
      tx,
      notificationId,
      user.actorId,
      { name: user.name, via: 'dashboard', userId: user.id },
      body,
      now,
    );
    return { events, alreadyAcknowledged: events.length === 0 };
  });
}
