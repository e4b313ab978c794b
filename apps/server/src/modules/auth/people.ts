import type { PersonRef } from '@samverkan/contracts';
import { type DbOrTx, schema } from '@samverkan/db';
import { eq, inArray } from 'drizzle-orm';

const { users, actors } = schema;

/** Who is who, as shown on the record: name and actor of each user id. */
export async function loadPeople(db: DbOrTx, ids: Iterable<string | null>): Promise<Map<string, PersonRef>> {
  const unique = [...new Set([...ids].filter((id): id is string => id !== null))];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name, actorId: users.actorId, actorName: actors.name })
    .from(users)
    .innerJoin(actors, eq(actors.id, users.actorId))
    .where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The person for an id that must exist (a foreign key guarantees it). */
export function person(people: Map<string, PersonRef>, id: string): PersonRef {
  const p = people.get(id);
  if (!p) throw new Error(`user ${id} is missing`);
  return p;
}

export function personOrNull(people: Map<string, PersonRef>, id: string | null): PersonRef | null {
  return id === null ? null : person(people, id);
}
