import type { Report, ReportBody } from '@samverkan/contracts';
import { type DbOrTx, schema } from '@samverkan/db';
import { and, asc, desc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { loadPeople, person } from '../auth/people.ts';
import { periodAt } from './rules.ts';

const { reports, reportNeeds, actors, activations, reportAccessLog, reportingRounds } = schema;
export type ReportRow = typeof reports.$inferSelect;

export interface PeriodContext {
  period: string;
  activationId: string | null;
  activationNumber: number | null;
  round: { number: number; deadline: Date; openedAt: Date } | null;
}

/** The period running at `at`: the activation open then (and its latest round), or the week. */
export async function periodContextAt(db: DbOrTx, at: Date): Promise<PeriodContext> {
  const activation = await activationAt(db, at);
  if (!activation) return { period: periodAt(at, null), activationId: null, activationNumber: null, round: null };
  const [round] = await db
    .select()
    .from(reportingRounds)
    .where(and(eq(reportingRounds.activationId, activation.id), lte(reportingRounds.openedAt, at)))
    .orderBy(desc(reportingRounds.number))
    .limit(1);
  return {
    period: periodAt(at, activation.number, round?.number ?? null),
    activationId: activation.id,
    activationNumber: activation.number,
    round: round ? { number: round.number, deadline: round.deadline, openedAt: round.openedAt } : null,
  };
}

/** The activation that was open at `at`, numbered 1, 2, … in order of activation; undefined in ordinary mode. */
async function activationAt(db: DbOrTx, at: Date): Promise<{ id: string; number: number } | undefined> {
  const [open] = await db
    .select({ id: activations.id, activatedAt: activations.activatedAt })
    .from(activations)
    .where(
      and(lte(activations.activatedAt, at), or(isNull(activations.deactivatedAt), gt(activations.deactivatedAt, at))),
    )
    .orderBy(desc(activations.activatedAt))
    .limit(1);
  if (!open) return undefined;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(activations)
    .where(lte(activations.activatedAt, open.activatedAt));
  return { id: open.id, number: row?.n ?? 1 };
}

/** The stored fields of a body: everything but what has columns of its own. */
export function bodyFields(body: ReportBody): Record<string, unknown> {
  const { actorId: _a, status: _s, version: _v, classification: _c, sharedWith: _w, ...rest } = body;
  return rest;
}

export async function toReports(db: DbOrTx, rows: ReportRow[]): Promise<Report[]> {
  if (rows.length === 0) return [];
  const people = await loadPeople(
    db,
    rows.map((r) => r.reportedBy),
  );
  const names = new Map(
    (await db.select({ id: actors.id, name: actors.name }).from(actors)).map((a) => [a.id, a.name] as const),
  );
  const submittedIds = rows.filter((r) => r.status === 'submitted').map((r) => r.id);
  const needs =
    submittedIds.length > 0
      ? await db
          .select()
          .from(reportNeeds)
          .where(inArray(reportNeeds.reportId, submittedIds))
          .orderBy(asc(reportNeeds.position))
      : [];
  return rows.map((r) => {
    const body = r.body as Omit<ReportBody, 'actorId' | 'status' | 'version' | 'classification' | 'sharedWith'>;
    const ownNeeds =
      r.status === 'submitted'
        ? needs.filter((n) => n.reportId === r.id).map((n) => ({ id: n.id, text: n.text, to: n.to, status: n.status }))
        : // A draft keeps its needs in the body; they get ids when it is published.
          body.needs.map((n) => ({ id: null, text: n.text, to: n.to ?? [], status: 'open' as const }));
    return {
      ...body,
      id: r.id,
      actorId: r.actorId,
      actorName: names.get(r.actorId) ?? r.actorId,
      status: r.status,
      period: r.period,
      number: r.number,
      version: r.version,
      classification: r.classification,
      sharedWith: r.sharedWith,
      needs: ownNeeds,
      reportedBy: person(people, r.reportedBy),
      createdAt: r.createdAt.toISOString(),
      submittedAt: r.submittedAt?.toISOString() ?? null,
    };
  });
}

/**
 * Each actor's latest published version of a period as it stood at `at`:
 * one index probe per actor (reports_period_actor_idx), so the cost stays
 * flat however many versions the period and the years before it hold.
 */
export async function latestPerActor(db: DbOrTx, period: string, at: Date): Promise<ReportRow[]> {
  const rows = await db.execute<{ id: string }>(sql`
    SELECT r.id FROM actors a CROSS JOIN LATERAL (
      SELECT id FROM reports
      WHERE status = 'submitted' AND period = ${period} AND actor_id = a.id AND submitted_at <= ${at.toISOString()}
      ORDER BY submitted_at DESC, number DESC LIMIT 1) r`);
  const ids = rows.rows.map((r) => r.id);
  if (ids.length === 0) return [];
  return db.select().from(reports).where(inArray(reports.id, ids));
}

/** Writes one access-log row per Sekretess report read. */
export async function logSecretReads(db: DbOrTx, rows: ReportRow[], userId: string, via: string): Promise<void> {
  const secret = rows.filter((r) => r.classification === 'secret' && r.status === 'submitted');
  if (secret.length === 0) return;
  await db.insert(reportAccessLog).values(secret.map((r) => ({ reportId: r.id, userId, via })));
}
