import type { Activation, ActivationRequest, ModeState } from '@samverkan/contracts';
import { type DbOrTx, schema } from '@samverkan/db';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { loadPeople, person, personOrNull } from '../auth/people.ts';

const { modeState, activations, activationRequests } = schema;

export type ModeRowLike = typeof modeState.$inferSelect;
type ModeRow = ModeRowLike;
type RequestRow = typeof activationRequests.$inferSelect;
type ActivationRow = typeof activations.$inferSelect;

/** The mode row, locked for update when `forUpdate` (the lock serialises concurrent decisions). */
export async function readModeRow(db: DbOrTx, { forUpdate = false } = {}): Promise<ModeRow> {
  const query = db.select().from(modeState).where(eq(modeState.id, 1));
  const [row] = await (forUpdate ? query.for('update') : query);
  if (!row) throw new Error('mode_state has no row; migrations did not run');
  return row;
}

export async function toModeState(db: DbOrTx, row: ModeRow): Promise<ModeState> {
  const people = await loadPeople(db, [row.decidedBy]);
  return {
    mode: row.mode,
    version: row.version,
    since: row.since.toISOString(),
    title: row.title,
    reason: row.reason,
    decidedBy: personOrNull(people, row.decidedBy),
    activationId: row.activationId,
    exercise: row.exercise,
  };
}

export async function readModeState(db: DbOrTx): Promise<ModeState> {
  return toModeState(db, await readModeRow(db));
}

export async function writeModeRow(db: DbOrTx, values: Omit<ModeRow, 'id'>): Promise<ModeRow> {
  const [row] = await db.update(modeState).set(values).where(eq(modeState.id, 1)).returning();
  if (!row) throw new Error('mode_state update returned nothing');
  return row;
}

export async function toRequests(db: DbOrTx, rows: RequestRow[]): Promise<ActivationRequest[]> {
  const people = await loadPeople(
    db,
    rows.flatMap((r) => [r.requestedBy, r.decidedBy]),
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    reason: r.reason,
    status: r.status,
    requestedBy: person(people, r.requestedBy),
    requestedAt: r.requestedAt.toISOString(),
    decidedBy: personOrNull(people, r.decidedBy),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    declineReason: r.declineReason,
    activationId: r.activationId,
  }));
}

export async function insertRequest(
  db: DbOrTx,
  values: { title: string; reason: string; requestedBy: string; requestedByActor: string },
): Promise<RequestRow> {
  const [row] = await db.insert(activationRequests).values(values).returning();
  if (!row) throw new Error('request insert returned nothing');
  return row;
}

export async function readRequestRow(
  db: DbOrTx,
  id: string,
  { forUpdate = false } = {},
): Promise<RequestRow | undefined> {
  const query = db.select().from(activationRequests).where(eq(activationRequests.id, id));
  const [row] = await (forUpdate ? query.for('update') : query);
  return row;
}

/** Pending requests, newest first; limited to one actor's when `actorId` is given. */
export async function pendingRequestRows(db: DbOrTx, actorId?: string): Promise<RequestRow[]> {
  const pending = eq(activationRequests.status, 'pending');
  return db
    .select()
    .from(activationRequests)
    .where(actorId ? and(pending, eq(activationRequests.requestedByActor, actorId)) : pending)
    .orderBy(desc(activationRequests.requestedAt));
}

export async function updateRequests(
  db: DbOrTx,
  ids: string[],
  values: Partial<Pick<RequestRow, 'status' | 'decidedBy' | 'decidedAt' | 'declineReason' | 'activationId'>>,
): Promise<RequestRow[]> {
  if (ids.length === 0) return [];
  return db.update(activationRequests).set(values).where(inArray(activationRequests.id, ids)).returning();
}

export async function insertActivation(
  db: DbOrTx,
  values: {
    title: string;
    reason: string;
    requestId: string | null;
    activatedBy: string;
    activatedAt: Date;
    exercise: boolean;
  },
): Promise<ActivationRow> {
  const [row] = await db.insert(activations).values(values).returning();
  if (!row) throw new Error('activation insert returned nothing');
  return row;
}

export async function closeActivation(
  db: DbOrTx,
  id: string,
  values: { deactivatedBy: string; deactivatedAt: Date; deactivationReason: string },
): Promise<void> {
  await db.update(activations).set(values).where(eq(activations.id, id));
}

/** Every activation, newest first, with who asked, who decided and how long it lasted. */
export async function listActivations(db: DbOrTx, now: Date): Promise<Activation[]> {
  const rows = await db
    .select({ a: activations, requestedBy: activationRequests.requestedBy })
    .from(activations)
    .leftJoin(activationRequests, eq(activationRequests.id, activations.requestId))
    .orderBy(desc(activations.activatedAt));
  const people = await loadPeople(
    db,
    rows.flatMap((r) => [r.a.activatedBy, r.a.deactivatedBy, r.requestedBy]),
  );
  return rows.map(({ a, requestedBy }) => ({
    id: a.id,
    title: a.title,
    reason: a.reason,
    requestId: a.requestId,
    requestedBy: personOrNull(people, requestedBy),
    activatedBy: person(people, a.activatedBy),
    activatedAt: a.activatedAt.toISOString(),
    deactivatedBy: personOrNull(people, a.deactivatedBy),
    deactivatedAt: a.deactivatedAt?.toISOString() ?? null,
    deactivationReason: a.deactivationReason,
    durationSeconds: Math.max(0, Math.floor(((a.deactivatedAt ?? now).getTime() - a.activatedAt.getTime()) / 1000)),
    exercise: a.exercise,
  }));
}
