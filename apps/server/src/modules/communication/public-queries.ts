import type { MessageText, PublicMessage } from '@samverkan/contracts';
import { type DbOrTx, schema } from '@samverkan/db';
import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import type { CapAlert, CapContent } from './cap.ts';
import { capDocumentUrl } from './repository.ts';

const { jointMessages, capAlerts, actors } = schema;

/**
 * What the public sees: only public messages, only once published, and
 * withdrawn ones marked as such. Internal talking points never reach these
 * queries: every one of them filters on classification = 'public'.
 */
export async function publicMessages(db: DbOrTx, publicUrl: string, limit = 100): Promise<PublicMessage[]> {
  const rows = await db
    .select({ m: jointMessages, actorName: actors.name })
    .from(jointMessages)
    .innerJoin(actors, eq(actors.id, jointMessages.responsibleActorId))
    .where(and(eq(jointMessages.classification, 'public'), inArray(jointMessages.status, ['published', 'withdrawn'])))
    .orderBy(desc(jointMessages.publishedAt))
    .limit(limit);
  if (rows.length === 0) return [];
  const alerts = await db
    .select({ id: capAlerts.id, messageId: capAlerts.messageId })
    .from(capAlerts)
    .where(
      and(
        inArray(
          capAlerts.messageId,
          rows.map((r) => r.m.id),
        ),
        ne(capAlerts.msgType, 'Cancel'),
      ),
    );
  const alertOf = new Map(alerts.map((a) => [a.messageId, a.id]));
  return rows.flatMap(({ m, actorName }) => {
    const alertId = alertOf.get(m.id);
    if (!alertId || !m.publishedAt) return [];
    return [
      {
        id: m.id,
        seriesId: m.seriesId,
        version: m.version,
        exercise: m.exercise,
        status: m.status as 'published' | 'withdrawn',
        sv: { headline: m.headline, body: m.body, ...(m.instruction ? { instruction: m.instruction } : {}) },
        en: (m.english as MessageText | null) ?? null,
        areas: m.areas as string[],
        responsibleActorName: actorName,
        publishedAt: m.publishedAt.toISOString(),
        withdrawnAt: m.withdrawnAt?.toISOString() ?? null,
        capUrl: capDocumentUrl(publicUrl, alertId),
      },
    ];
  });
}

/** One CAP alert with the alert it refers to, ready to render. */
export async function readCapAlert(db: DbOrTx, id: string): Promise<CapAlert | undefined> {
  const [row] = await db.select().from(capAlerts).where(eq(capAlerts.id, id));
  if (!row) return undefined;
  const [ref] = row.referencesId ? await db.select().from(capAlerts).where(eq(capAlerts.id, row.referencesId)) : [];
  return {
    id: row.id,
    msgType: row.msgType,
    sender: row.sender,
    sent: row.sent,
    content: row.content as CapContent,
    references: ref ? { id: ref.id, sender: ref.sender, sent: ref.sent } : null,
  };
}

export async function recentCapAlerts(db: DbOrTx, limit = 100) {
  return db.select().from(capAlerts).orderBy(desc(capAlerts.seq)).limit(limit);
}
