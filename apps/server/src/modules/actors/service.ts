import type { Actor } from '@samverkan/contracts';
import { type DbOrTx, schema } from '@samverkan/db';
import { asc } from 'drizzle-orm';

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
