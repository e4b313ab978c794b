import type { Actor } from '@samverkan/contracts';
import { sql } from 'drizzle-orm';
import { seedActors } from './actors-seed.ts';
import type { DbOrTx } from './client.ts';
import { actors } from './schema.ts';

/**
 * Inserts or updates actors by id. Used by the first-start seed and by the
 * admin import; an actor is never deleted here, since users and records point at it.
 */
export async function upsertActors(db: DbOrTx, list: readonly Actor[]): Promise<number> {
  if (list.length === 0) return 0;
  const rows = list.map((a, i) => ({
    id: a.id,
    name: a.name,
    category: a.category,
    municipalityCode: a.municipalityCode ?? null,
    sortOrder: i,
  }));
  await db
    .insert(actors)
    .values(rows)
    .onConflictDoUpdate({
      target: actors.id,
      set: {
        name: sql`excluded.name`,
        category: sql`excluded.category`,
        municipalityCode: sql`excluded.municipality_code`,
        sortOrder: sql`excluded.sort_order`,
        updatedAt: sql`now()`,
      },
    });
  return rows.length;
}

/** Seeds the 37 SSR actors once: an existing actor list (seeded or imported) is left alone. */
export async function seedActorsOnce(db: DbOrTx): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(actors);
  if ((row?.n ?? 0) > 0) return false;
  await upsertActors(db, seedActors);
  return true;
}
