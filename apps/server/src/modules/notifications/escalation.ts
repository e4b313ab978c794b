import { type Database, schema } from '@samverkan/db';
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { appendEvent, type StoredEvent } from '../audit/event-log.ts';
import { writeOutbox } from './intents.ts';
import { calloutRooms } from './rooms.ts';

const { calloutTargets, contacts } = schema;

export interface EscalationResult {
  /** Actors whose next contact is now being called. */
  escalated: number;
  /** Actors with no one left to call. */
  unreached: number;
  events: StoredEvent[];
}

/** What happens to one actor that has not acknowledged in time: the next contact, or flagged unreached. */
export function nextStep(step: number, contactCount: number): { kind: 'call'; step: number } | { kind: 'unreached' } {
  return step < contactCount ? { kind: 'call', step: step + 1 } : { kind: 'unreached' };
}

/**
 * Escalates every target whose time ran out at `now`. Takes `now` rather
 * than reading the clock, so tests move time instead of waiting for it.
 * Targets are locked and skipped by other processes running the same tick.
 */
export async function escalateDue(
  db: Database,
  now: Date,
  ackTimeoutMs: number,
  limit = 500,
): Promise<EscalationResult> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(calloutTargets)
      .where(and(eq(calloutTargets.status, 'pending'), lte(calloutTargets.escalateAt, now)))
      .orderBy(asc(calloutTargets.escalateAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    const result: EscalationResult = { escalated: 0, unreached: 0, events: [] };
    if (due.length === 0) return result;

    const counts = await tx
      .select({ actorId: contacts.actorId, n: sql<number>`count(*)::int` })
      .from(contacts)
      .where(
        inArray(
          contacts.actorId,
          due.map((t) => t.actorId),
        ),
      )
      .groupBy(contacts.actorId);
    const countOf = new Map(counts.map((c) => [c.actorId, c.n]));

    for (const target of due) {
      const next = nextStep(target.step, countOf.get(target.actorId) ?? 0);
      const where = and(
        eq(calloutTargets.notificationId, target.notificationId),
        eq(calloutTargets.actorId, target.actorId),
      );
      if (next.kind === 'call') {
        await tx
          .update(calloutTargets)
          .set({ step: next.step, escalateAt: new Date(now.getTime() + ackTimeoutMs) })
          .where(where);
        await writeOutbox(tx, {
          topic: 'deliver',
          payload: { notificationId: target.notificationId, step: next.step, actorIds: [target.actorId] },
        });
        result.escalated += 1;
      } else {
        await tx.update(calloutTargets).set({ status: 'unreached', escalateAt: null }).where(where);
        result.unreached += 1;
      }
      result.events.push(
        await appendEvent(tx, {
          type: 'callout:updated',
          data: { calloutId: target.notificationId, actorId: target.actorId },
          rooms: calloutRooms(target.actorId),
        }),
      );
    }
    return result;
  });
}
