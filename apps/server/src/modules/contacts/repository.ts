import type { Contact, ContactBody, ContactChannel } from '@samverkan/contracts';
import { type DbOrTx, schema } from '@samverkan/db';
import { and, asc, eq, sql } from 'drizzle-orm';

const { actors, contacts } = schema;

type ContactRow = typeof contacts.$inferSelect;

export function toContact(row: ContactRow): Contact {
  return {
    id: row.id,
    actorId: row.actorId,
    position: row.position,
    name: row.name,
    role: row.role,
    language: row.language,
    // Written only from bodies that passed ContactChannelSchema.
    channels: row.channels as ContactChannel[],
  };
}

/**
 * Whether the actor exists. With `lock`, its row is locked until the end of the
 * transaction, so changes to one actor's list run one at a time (positions
 * are computed from what is there).
 */
export async function actorExists(db: DbOrTx, actorId: string, { lock = false } = {}): Promise<boolean> {
  const query = db.select({ id: actors.id }).from(actors).where(eq(actors.id, actorId));
  const [row] = await (lock ? query.for('no key update') : query);
  return row !== undefined;
}

/** An actor's contacts in call-out order. */
export async function listContactRows(db: DbOrTx, actorId: string): Promise<ContactRow[]> {
  return db.select().from(contacts).where(eq(contacts.actorId, actorId)).orderBy(asc(contacts.position));
}

export async function readContactRow(db: DbOrTx, actorId: string, contactId: string): Promise<ContactRow | undefined> {
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.actorId, actorId), eq(contacts.id, contactId)));
  return row;
}

function fields(body: ContactBody) {
  return { name: body.name, role: body.role ? body.role : null, language: body.language, channels: body.channels };
}

export async function insertContact(
  db: DbOrTx,
  actorId: string,
  position: number,
  body: ContactBody,
): Promise<ContactRow> {
  const [row] = await db
    .insert(contacts)
    .values({ actorId, position, ...fields(body) })
    .returning();
  if (!row) throw new Error('contact insert returned nothing');
  return row;
}

export async function replaceContact(db: DbOrTx, contactId: string, body: ContactBody): Promise<ContactRow> {
  const [row] = await db
    .update(contacts)
    .set({ ...fields(body), updatedAt: sql`now()` })
    .where(eq(contacts.id, contactId))
    .returning();
  if (!row) throw new Error('contact update returned nothing');
  return row;
}

export async function deleteContact(db: DbOrTx, contactId: string): Promise<void> {
  await db.delete(contacts).where(eq(contacts.id, contactId));
}

/**
 * Gives an actor's contacts the positions 1..n in the order of `orderedIds`,
 * which must be all of them. The unique (actor, position) index is checked
 * row by row, so every position is first moved out of the way (negated).
 */
export async function renumber(db: DbOrTx, actorId: string, orderedIds: readonly string[]): Promise<void> {
  if (orderedIds.length === 0) return;
  await db
    .update(contacts)
    .set({ position: sql`-${contacts.position}` })
    .where(eq(contacts.actorId, actorId));
  const newPosition = sql.join(
    [sql`CASE ${contacts.id}`, ...orderedIds.map((id, i) => sql`WHEN ${id}::uuid THEN ${i + 1}::int`), sql`END`],
    sql` `,
  );
  await db
    .update(contacts)
    .set({
      position: newPosition,
      updatedAt: sql`CASE WHEN ${contacts.position} = -(${newPosition}) THEN ${contacts.updatedAt} ELSE now() END`,
    })
    .where(eq(contacts.actorId, actorId));
}
