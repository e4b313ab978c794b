import { type Publication, type PublicationSummary, publicationTitle, type Situation } from '@samverkan/contracts';
import { type Database, type DbOrTx, schema } from '@samverkan/db';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { HttpError, notFound } from '../../lib/errors.ts';
import { appendEvent, type StoredEvent } from '../audit/event-log.ts';
import { loadPeople, person } from '../auth/people.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { createCallout } from '../notifications/service.ts';
import { periodContextAt } from './repository.ts';
import { situation } from './service.ts';

const { situationPublications, reportingRounds, reports, actors, modeState } = schema;

/**
 * A published picture is read by decision makers outside the platform's
 * classes: it is built as any actor would see it, so a Sekretess report
 * shows only as reported.
 */
function asEveryActor(user: SessionUser): SessionUser {
  return { ...user, role: 'viewer', actorId: '' };
}

async function toSummaries(
  db: DbOrTx,
  rows: (typeof situationPublications.$inferSelect)[],
): Promise<PublicationSummary[]> {
  const people = await loadPeople(
    db,
    rows.map((r) => r.publishedBy),
  );
  return rows.map((r) => ({
    id: r.id,
    period: r.period,
    number: r.number,
    title: r.title,
    publishedAt: r.publishedAt.toISOString(),
    publishedBy: person(people, r.publishedBy),
  }));
}

export async function publishSituation(
  db: Database,
  user: SessionUser,
  now: Date,
): Promise<{ publication: Publication; events: StoredEvent[] }> {
  return db.transaction(async (tx) => {
    // One publisher at a time, so numbers follow each other.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(7402031003)`);
    const picture = await situation(tx, asEveryActor(user), now);
    const [last] = await tx
      .select({ n: sql<number | null>`max(${situationPublications.number})` })
      .from(situationPublications)
      .where(eq(situationPublications.period, picture.period));
    const number = (last?.n ?? 0) + 1;
    const [row] = await tx
      .insert(situationPublications)
      .values({
        period: picture.period,
        number,
        title: publicationTitle(picture.period, number),
        snapshot: picture,
        publishedBy: user.id,
        publishedAt: now,
      })
      .returning();
    if (!row) throw new Error('publication not saved');
    const [summary] = await toSummaries(tx, [row]);
    if (!summary) throw new Error('publication vanished');
    const event = await appendEvent(tx, {
      type: 'situation:changed',
      data: { period: picture.period },
      rooms: ['all'],
      userId: user.id,
    });
    return { publication: { ...summary, situation: picture }, events: [event] };
  });
}

export async function listPublications(db: DbOrTx): Promise<PublicationSummary[]> {
  const rows = await db
    .select()
    .from(situationPublications)
    .orderBy(desc(situationPublications.publishedAt), desc(situationPublications.number));
  return toSummaries(db, rows);
}

export async function readPublication(db: DbOrTx, id: string): Promise<Publication> {
  const [row] = await db.select().from(situationPublications).where(eq(situationPublications.id, id));
  if (!row) throw notFound('No such published picture');
  const [summary] = await toSummaries(db, [row]);
  if (!summary) throw notFound('No such published picture');
  return { ...summary, situation: row.snapshot as Situation };
}

/** Opens the next reporting round of the running activation, with its deadline. */
export async function openRound(
  db: Database,
  user: SessionUser,
  deadline: Date,
  now: Date,
): Promise<{ number: number; events: StoredEvent[] }> {
  if (deadline <= now) {
    throw new HttpError(400, 'validation', 'Invalid body: deadline', {
      details: [{ path: 'deadline', message: 'must be in the future' }],
    });
  }
  return db.transaction(async (tx) => {
    const [mode] = await tx.select().from(modeState).for('update');
    if (!mode?.activationId) throw new HttpError(409, 'conflict', 'Reporting rounds are opened while SSR is activated');
    const [last] = await tx
      .select({ n: sql<number | null>`max(${reportingRounds.number})` })
      .from(reportingRounds)
      .where(eq(reportingRounds.activationId, mode.activationId));
    const number = (last?.n ?? 0) + 1;
    await tx
      .insert(reportingRounds)
      .values({ activationId: mode.activationId, number, deadline, openedBy: user.id, openedAt: now });
    const { period } = await periodContextAt(tx, now);
    const event = await appendEvent(tx, {
      type: 'situation:changed',
      data: { period },
      rooms: ['all'],
      userId: user.id,
    });
    return { number, events: [event] };
  });
}

/** The actors that have not reported in the period running now. */
export async function actorsNotReported(db: DbOrTx, now: Date): Promise<{ period: string; actorIds: string[] }> {
  const { period } = await periodContextAt(db, now);
  const reported = new Set(
    (
      await db
        .selectDistinct({ actorId: reports.actorId })
        .from(reports)
        .where(and(eq(reports.period, period), eq(reports.status, 'submitted')))
    ).map((r) => r.actorId),
  );
  const all = await db.select({ id: actors.id }).from(actors).orderBy(asc(actors.id));
  return { period, actorIds: all.map((a) => a.id).filter((id) => !reported.has(id)) };
}

/** Reminds the actors that have not reported, through the call-out queue (e-mail, SMS, webhook, in-app). */
export async function remindNotReported(
  db: Database,
  user: SessionUser,
  now: Date,
  ackTimeoutMs: number,
): Promise<{ actorIds: string[]; notificationId: string | null; events: StoredEvent[] }> {
  const { period, actorIds } = await actorsNotReported(db, now);
  if (actorIds.length === 0) return { actorIds, notificationId: null, events: [] };
  const context = await periodContextAt(db, now);
  const deadline = context.round
    ? ` senast ${new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' }).format(context.round.deadline)}`
    : '';
  const { notificationId, events } = await createCallout(
    db,
    user,
    {
      title: `Påminnelse: lägesrapport ${period}`,
      message: `Er lägesrapport för ${period} saknas. Rapportera i Samverkan${deadline}.`,
      actorIds,
    },
    { now, ackTimeoutMs },
  );
  return { actorIds, notificationId, events };
}
