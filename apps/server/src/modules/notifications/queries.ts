import {
  acknowledgedKinds,
  type Callout,
  type CalloutActor,
  type Delivery,
  type FailedDelivery,
  type InAppNotification,
  permissions,
  type Role,
} from '@samverkan/contracts';
import { type DbOrTx, schema } from '@samverkan/db';
import { and, asc, desc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import { loadPeople, person } from '../auth/people.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { actorStatus, maskAddress, summarize } from './status.ts';

const { notifications, calloutTargets, deliveries, contacts, actors } = schema;

type DeliveryRow = typeof deliveries.$inferSelect;

/** Coordinators and admins see full addresses; others see enough to know a channel was used. */
function seesAddresses(role: Role, viewerActorId: string, actorId: string): boolean {
  return (permissions.manageCallouts as readonly Role[]).includes(role) || viewerActorId === actorId;
}

function toDelivery(d: DeliveryRow, fullAddress: boolean): Delivery {
  return {
    id: d.id,
    contactId: d.contactId,
    contactName: d.contactName,
    step: d.step,
    channel: d.channel,
    address: fullAddress ? d.address : maskAddress(d.channel, d.address),
    status: d.status,
    attempts: d.attempts,
    lastError: d.lastError,
    updatedAt: d.updatedAt.toISOString(),
  };
}

export async function calloutById(db: DbOrTx, id: string, viewer: SessionUser): Promise<Callout | undefined> {
  const [n] = await db.select().from(notifications).where(eq(notifications.id, id));
  if (!n) return undefined;
  const targets = await db
    .select({ t: calloutTargets, actorName: actors.name })
    .from(calloutTargets)
    .innerJoin(actors, eq(actors.id, calloutTargets.actorId))
    .where(eq(calloutTargets.notificationId, id))
    .orderBy(asc(actors.name));
  const rows = await db
    .select()
    .from(deliveries)
    .where(eq(deliveries.notificationId, id))
    .orderBy(asc(deliveries.step), asc(deliveries.createdAt));
  const counts = await db
    .select({ actorId: contacts.actorId, n: sql<number>`count(*)::int` })
    .from(contacts)
    .groupBy(contacts.actorId);
  const countOf = new Map(counts.map((c) => [c.actorId, c.n]));
  const byActor = new Map<string, DeliveryRow[]>();
  for (const d of rows) byActor.set(d.actorId, [...(byActor.get(d.actorId) ?? []), d]);
  const decidedBy = person(await loadPeople(db, [n.decidedBy]), n.decidedBy);

  const calloutActors: CalloutActor[] = targets.map(({ t, actorName }) => {
    const own = byActor.get(t.actorId) ?? [];
    const acknowledged = t.status === 'acknowledged' && t.acknowledgedAt !== null;
    return {
      actorId: t.actorId,
      actorName,
      status: actorStatus(
        t,
        own.filter((d) => d.step === t.step).map((d) => d.status),
      ),
      step: t.step,
      steps: countOf.get(t.actorId) ?? 0,
      escalateAt: t.status === 'pending' ? (t.escalateAt?.toISOString() ?? null) : null,
      acknowledgedAt: acknowledged ? (t.acknowledgedAt?.toISOString() ?? null) : null,
      acknowledgedBy:
        acknowledged && t.acknowledgedByName && t.acknowledgedVia
          ? { name: t.acknowledgedByName, via: t.acknowledgedVia }
          : null,
      choice: t.ackChoice,
      comment: t.ackComment,
      secondsToAcknowledge:
        acknowledged && t.acknowledgedAt
          ? Math.max(0, Math.round((t.acknowledgedAt.getTime() - n.createdAt.getTime()) / 1000))
          : null,
      deliveries: own.map((d) => toDelivery(d, seesAddresses(viewer.role, viewer.actorId, d.actorId))),
    };
  });
  return {
    id: n.id,
    kind: n.kind,
    exercise: n.exercise,
    title: n.title,
    reason: n.reason,
    message: n.message,
    createdAt: n.createdAt.toISOString(),
    decidedBy,
    acknowledged: acknowledgedKinds.includes(n.kind),
    actors: calloutActors,
    summary: summarize(calloutActors),
  };
}

/** The latest call-out that asks for acknowledgement: an activation or a kallelse. */
export async function currentCallout(db: DbOrTx, viewer: SessionUser): Promise<Callout | undefined> {
  const [latest] = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(inArray(notifications.kind, [...acknowledgedKinds]))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(1);
  return latest ? calloutById(db, latest.id, viewer) : undefined;
}

/** The in-app channel's list: what was sent to the user's actor, or to the user alone. */
export async function inAppNotifications(db: DbOrTx, user: SessionUser, limit = 50): Promise<InAppNotification[]> {
  const rows = await db
    .select({ n: notifications, t: calloutTargets })
    .from(notifications)
    .leftJoin(
      calloutTargets,
      and(eq(calloutTargets.notificationId, notifications.id), eq(calloutTargets.actorId, user.actorId)),
    )
    .where(
      or(
        and(
          sql`${calloutTargets.actorId} is not null`,
          sql`${notifications.recipientUserId} is null`,
          // A consultation is for the asked actors' communicators only.
          user.role === 'communicator' ? undefined : ne(notifications.kind, 'consultation'),
        ),
        eq(notifications.recipientUserId, user.id),
      ),
    )
    .orderBy(desc(notifications.createdAt))
    .limit(limit);
  const people = await loadPeople(
    db,
    rows.map((r) => r.n.decidedBy),
  );
  return rows.map(({ n, t }) => ({
    id: n.id,
    kind: n.kind,
    exercise: n.exercise,
    title: n.title,
    reason: n.reason,
    message: n.message,
    createdAt: n.createdAt.toISOString(),
    decidedBy: person(people, n.decidedBy),
    needsAcknowledgement: acknowledgedKinds.includes(n.kind),
    acknowledgedAt: t?.status === 'acknowledged' ? (t.acknowledgedAt?.toISOString() ?? null) : null,
    acknowledgedByName: t?.status === 'acknowledged' ? t.acknowledgedByName : null,
  }));
}

/** The dead-letter view: deliveries that failed for good, newest first. */
export async function failedDeliveries(db: DbOrTx, limit = 200): Promise<FailedDelivery[]> {
  const rows = await db
    .select({ d: deliveries, title: notifications.title, actorName: actors.name })
    .from(deliveries)
    .innerJoin(notifications, eq(notifications.id, deliveries.notificationId))
    .innerJoin(actors, eq(actors.id, deliveries.actorId))
    .where(eq(deliveries.status, 'failed'))
    .orderBy(desc(deliveries.updatedAt))
    .limit(limit);
  return rows.map(({ d, title, actorName }) => ({
    ...toDelivery(d, true),
    notificationId: d.notificationId,
    notificationTitle: title,
    actorId: d.actorId,
    actorName,
  }));
}
