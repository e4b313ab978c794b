import type { LiveEvent, LiveEventMap, LiveEventType } from '@samverkan/contracts';
import { type DbOrTx, schema } from '@samverkan/db';
import { and, asc, gt, sql } from 'drizzle-orm';

const { eventLog } = schema;

/** Names the one lock every event-log writer takes, so seq order is commit order. */
const EVENT_LOG_LOCK_KEY = 7_402_031_002;

export interface NewEvent<K extends LiveEventType = LiveEventType> {
  type: K;
  data: LiveEventMap[K];
  /** The live audiences: `all`, `role:<role>`, `actor:<id>`, `user:<id>`. */
  rooms: string[];
  userId?: string | undefined;
}

export interface StoredEvent {
  event: LiveEvent;
  rooms: string[];
}

/**
 * Appends an event inside the caller's transaction. The transaction-scoped
 * advisory lock is held until commit, so a later seq is never visible before
 * an earlier one: a client that has seen seq N has seen everything below it.
 */
export async function appendEvent<K extends LiveEventType>(tx: DbOrTx, e: NewEvent<K>): Promise<StoredEvent> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${EVENT_LOG_LOCK_KEY})`);
  const [row] = await tx
    .insert(eventLog)
    .values({ type: e.type, data: e.data, rooms: e.rooms, userId: e.userId ?? null })
    .returning({ seq: eventLog.seq, at: eventLog.at });
  if (!row) throw new Error('event log insert returned nothing');
  const event = { type: e.type, seq: row.seq, at: row.at.toISOString(), data: e.data } as LiveEvent;
  return { event, rooms: e.rooms };
}

/** Events after `seq` that any of `rooms` may see, in order; `more` says the limit cut the list. */
export async function eventsAfter(
  db: DbOrTx,
  seq: number,
  rooms: string[],
  limit: number,
): Promise<{ events: LiveEvent[]; more: boolean }> {
  const rows = await db
    .select()
    .from(eventLog)
    .where(and(gt(eventLog.seq, seq), sql`${eventLog.rooms} && ${sql.param(rooms)}::text[]`))
    .orderBy(asc(eventLog.seq))
    .limit(limit + 1);
  const events = rows
    .slice(0, limit)
    .map((r) => ({ type: r.type, seq: r.seq, at: r.at.toISOString(), data: r.data }) as LiveEvent);
  return { events, more: rows.length > limit };
}

/** The highest seq written so far (0 for an empty log). */
export async function latestSeq(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ seq: sql<string | null>`max(${eventLog.seq})` }).from(eventLog);
  return Number(row?.seq ?? 0);
}
