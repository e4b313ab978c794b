import type { Actor } from '@samverkan/contracts';
import { type DbOrTx, schema } from '@samverkan/db';
import { asc, inArray } from 'drizzle-orm';
import { invalidField } from '../../lib/errors.ts';

const { actors } = schema;

export async function listActors(db: DbOrTx): Promise<Actor[]> {
  const rows = await db.select().from(actors).orderBy(asc(actors.sortOrder), asc(actors.name));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    category: r.category,
    ...(r.municipalityCode ? { municipalityCode: r.municipalityCode } : {}),
  }));
}

/** Refuses ids of actors that do not exist, naming the field (400). */
export async function checkActorIds(tx: DbOrTx, ids: readonly string[], path: string): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const known = new Set(
    (await tx.select({ id: actors.id }).from(actors).where(inArray(actors.id, unique))).map((a) => a.id),
  );
  const unknown = unique.filter((id) => !known.has(id));
  if (unknown.length > 0) throw invalidField(path, `unknown actor ${unknown.join(', ')}`);
}
