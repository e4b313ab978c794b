import type { NeedStatus, Report, ReportBody, Situation } from '@samverkan/contracts';
import { impactRank, worstImpact } from '@samverkan/contracts';
import { type Database, type DbOrTx, schema } from '@samverkan/db';
import { and, asc, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import { forbidden, invalidField, notFound } from '../../lib/errors.ts';
import { checkActorIds } from '../actors/service.ts';
import { appendEvent, type StoredEvent } from '../audit/event-log.ts';
import type { SessionUser } from '../auth/sessions.ts';
import {
  bodyFields,
  latestPerActor,
  logSecretReads,
  periodContextAt,
  type ReportRow,
  toReports,
} from './repository.ts';
import { canReadReport, canWriteReportFor, reportRooms } from './rules.ts';

const { reports, reportNeeds, reportNeedChanges, actors, sectors, situationSummaries } = schema;

async function checkSectors(tx: DbOrTx, body: ReportBody): Promise<void> {
  const ids = body.sectors.map((s) => s.sector);
  if (new Set(ids).size !== ids.length) throw invalidField('sectors', 'each sector at most once');
  const known = new Set((await tx.select({ id: sectors.id }).from(sectors)).map((s) => s.id));
  const index = ids.findIndex((id) => !known.has(id));
  if (index >= 0) throw invalidField(`sectors.${index}.sector`, `unknown sector ${ids[index]}`);
}

/**
 * Saves a draft (the actor's one draft, replaced as it is typed) or publishes
 * a version: numbered per actor and period, never changed afterwards, its
 * needs tracked on their own, and announced live to those who may read it.
 */
export async function saveReport(
  db: Database,
  user: SessionUser,
  body: ReportBody,
  now: Date,
): Promise<{ report: Report; events: StoredEvent[] }> {
  const actorId = body.actorId ?? user.actorId;
  if (!canWriteReportFor(user, actorId)) throw forbidden('You may write only your own actor’s reports');
  if (body.status === 'submitted' && body.situation.trim() === '') {
    throw invalidField('situation', 'describe the situation before publishing');
  }
  if (body.classification !== 'secret' && body.sharedWith && body.sharedWith.length > 0) {
    throw invalidField('sharedWith', 'only a Sekretess report is shared with named actors');
  }
  return db.transaction(async (tx) => {
    // One writer per actor at a time, so version numbers follow each other.
    const [actor] = await tx.select({ id: actors.id }).from(actors).where(eq(actors.id, actorId)).for('update');
    if (!actor) throw invalidField('actorId', `unknown actor ${actorId}`);
    await checkSectors(tx, body);
    await checkActorIds(tx, body.sharedWith ?? [], 'sharedWith');
    await checkActorIds(
      tx,
      body.needs.flatMap((n) => n.to ?? []),
      'needs',
    );
    const { period } = await periodContextAt(tx, now);
    const columns = {
      actorId,
      period,
      version: body.version,
      classification: body.classification,
      sharedWith: body.classification === 'secret' ? [...new Set(body.sharedWith ?? [])] : [],
      body: bodyFields(body),
      reportedBy: user.id,
    };
    if (body.status === 'draft') {
      const [existing] = await tx
        .select({ id: reports.id })
        .from(reports)
        .where(and(eq(reports.actorId, actorId), eq(reports.status, 'draft')));
      const [row] = existing
        ? await tx
            .update(reports)
            .set({ ...columns, createdAt: now })
            .where(eq(reports.id, existing.id))
            .returning()
        : await tx
            .insert(reports)
            .values({ ...columns, status: 'draft', createdAt: now })
            .returning();
      if (!row) throw new Error('draft not saved');
      const [report] = await toReports(tx, [row]);
      if (!report) throw new Error('draft vanished');
      return { report, events: [] };
    }

    await tx.delete(reports).where(and(eq(reports.actorId, actorId), eq(reports.status, 'draft')));
    const [last] = await tx
      .select({ n: sql<number | null>`max(${reports.number})` })
      .from(reports)
      .where(and(eq(reports.actorId, actorId), eq(reports.period, period)));
    const [row] = await tx
      .insert(reports)
      .values({ ...columns, status: 'submitted', number: (last?.n ?? 0) + 1, createdAt: now, submittedAt: now })
      .returning();
    if (!row) throw new Error('report not saved');
    if (body.needs.length > 0) {
      await tx
        .insert(reportNeeds)
        .values(
          body.needs.map((n, position) => ({ reportId: row.id, position, text: n.text, to: [...new Set(n.to ?? [])] })),
        );
    }
    const [report] = await toReports(tx, [row]);
    if (!report) throw new Error('report vanished');
    const events = [
      await appendEvent(tx, {
        type: 'report:submitted',
        data: { reportId: row.id, actorId, period },
        rooms: reportRooms(row),
        userId: user.id,
      }),
    ];
    if (row.classification === 'secret') {
      // Everyone's picture counts it as reported (restricted): tell everyone to refetch, without naming it.
      events.push(
        await appendEvent(tx, { type: 'situation:changed', data: { period }, rooms: ['all'], userId: user.id }),
      );
    }
    return { report, events };
  });
}

export async function readReport(db: DbOrTx, viewer: SessionUser, id: string): Promise<Report> {
  const [row] = await db.select().from(reports).where(eq(reports.id, id));
  // A report one may not read is answered as if it did not exist: its existence is information too.
  if (!row || (row.status === 'draft' && !canWriteReportFor(viewer, row.actorId)) || !canReadReport(viewer, row)) {
    throw notFound('No such report');
  }
  await logSecretReads(db, [row], viewer.id, 'report');
  const [report] = await toReports(db, [row]);
  if (!report) throw notFound('No such report');
  return report;
}

export async function readDraft(db: DbOrTx, viewer: SessionUser, actorId: string): Promise<Report | null> {
  if (!canWriteReportFor(viewer, actorId)) throw forbidden('You may write only your own actor’s reports');
  const [row] = await db
    .select()
    .from(reports)
    .where(and(eq(reports.actorId, actorId), eq(reports.status, 'draft')));
  if (!row) return null;
  const [report] = await toReports(db, [row]);
  return report ?? null;
}

/** An actor's published versions the viewer may read, newest first. */
export async function actorHistory(db: DbOrTx, viewer: SessionUser, actorId: string): Promise<Report[]> {
  const rows = (
    await db
      .select()
      .from(reports)
      .where(and(eq(reports.actorId, actorId), eq(reports.status, 'submitted')))
      .orderBy(desc(reports.submittedAt), desc(reports.number))
  ).filter((r) => canReadReport(viewer, r));
  await logSecretReads(db, rows, viewer.id, 'history');
  return toReports(db, rows);
}

/**
 * The joint regional picture of the period running at `at`, as it stood
 * then: every actor's latest version (or not yet reported, or reported in a
 * class the viewer may not read), the worst impact per sector, the open needs,
 * the coordinator's summary and the counts.
 */
export async function situation(db: DbOrTx, viewer: SessionUser, at: Date): Promise<Situation> {
  const context = await periodContextAt(db, at);
  const { period } = context;
  const latest = await latestPerActor(db, period, at);
  const visible = latest.filter((r) => canReadReport(viewer, r));
  await logSecretReads(db, visible, viewer.id, 'situation');
  const reportsById = new Map((await toReports(db, visible)).map((r) => [r.actorId, r]));
  const reportedActors = new Set(latest.map((r) => r.actorId));
  const allActors = await db.select({ id: actors.id, name: actors.name }).from(actors).orderBy(asc(actors.name));
  const sectorRows = await db.select().from(sectors).orderBy(asc(sectors.position));
  const [summary] = await db
    .select()
    .from(situationSummaries)
    .where(and(eq(situationSummaries.period, period), lte(situationSummaries.writtenAt, at)))
    .orderBy(desc(situationSummaries.writtenAt))
    .limit(1);

  const actorsOut = allActors.map((a) => {
    const report = reportsById.get(a.id) ?? null;
    return {
      actorId: a.id,
      actorName: a.name,
      report,
      restricted: report === null && reportedActors.has(a.id),
      worstImpact: report ? worstImpact(report.sectors.map((s) => s.impact)) : null,
    };
  });
  const sectorsOut = sectorRows.map((s) => {
    const impacts = [...reportsById.values()].flatMap((r) =>
      r.sectors.filter((x) => x.sector === s.id).map((x) => ({ actorId: r.actorId, impact: x.impact })),
    );
    const worst = worstImpact(impacts.map((i) => i.impact));
    return {
      sector: s.id,
      name: s.name,
      worst,
      actorIds:
        worst === null ? [] : impacts.filter((i) => impactRank[i.impact] === impactRank[worst]).map((i) => i.actorId),
    };
  });
  const statusAt = await needStatusesAt(
    db,
    [...reportsById.values()].flatMap((r) => r.needs.flatMap((n) => (n.id ? [n.id] : []))),
    at,
  );
  const openNeeds = [...reportsById.values()].flatMap((r) =>
    r.needs
      .map((n) => (n.id ? { ...n, status: statusAt.get(n.id) ?? 'open' } : n))
      .filter((n): n is typeof n & { id: string } => n.status === 'open' && n.id !== null)
      .map((n) => ({ ...n, actorId: r.actorId, actorName: r.actorName, reportId: r.id })),
  );
  return {
    period,
    round: context.round
      ? {
          number: context.round.number,
          deadline: context.round.deadline.toISOString(),
          openedAt: context.round.openedAt.toISOString(),
        }
      : null,
    at: at.toISOString(),
    actors: actorsOut,
    sectors: sectorsOut,
    openNeeds,
    summary: summary?.text ?? null,
    counts: { reported: reportedActors.size, expected: allActors.length },
  };
}

/** Each need's status as it stood at `at`: its last change until then, or open. */
async function needStatusesAt(db: DbOrTx, needIds: string[], at: Date): Promise<Map<string, NeedStatus>> {
  if (needIds.length === 0) return new Map();
  const rows = await db
    .select({ needId: reportNeedChanges.needId, status: reportNeedChanges.status })
    .from(reportNeedChanges)
    .where(and(inArray(reportNeedChanges.needId, needIds), lte(reportNeedChanges.changedAt, at)))
    .orderBy(asc(reportNeedChanges.changedAt), asc(reportNeedChanges.id));
  return new Map(rows.map((r) => [r.needId, r.status]));
}

export async function writeSummary(
  db: Database,
  user: SessionUser,
  text: string,
  now: Date,
): Promise<{ period: string; events: StoredEvent[] }> {
  return db.transaction(async (tx) => {
    const { period } = await periodContextAt(tx, now);
    await tx.insert(situationSummaries).values({ period, text, writtenBy: user.id, writtenAt: now });
    const event = await appendEvent(tx, {
      type: 'situation:changed',
      data: { period },
      rooms: ['all'],
      userId: user.id,
    });
    return { period, events: [event] };
  });
}

/** Moves a need on: the coordinators, the actor that raised it and the actors it asks may. */
export async function setNeedStatus(
  db: Database,
  user: SessionUser,
  needId: string,
  status: NeedStatus,
): Promise<{ events: StoredEvent[] }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ need: reportNeeds, report: reports })
      .from(reportNeeds)
      .innerJoin(reports, eq(reports.id, reportNeeds.reportId))
      .where(eq(reportNeeds.id, needId));
    if (!row || !canReadReport(user, row.report)) throw notFound('No such need');
    const involved =
      user.role === 'coordinator' ||
      (user.role === 'duty_officer' && (user.actorId === row.report.actorId || row.need.to.includes(user.actorId)));
    if (!involved) throw forbidden('Only the coordinators and the actors concerned move a need on');
    const now = new Date();
    await tx.update(reportNeeds).set({ status, updatedAt: now }).where(eq(reportNeeds.id, needId));
    await tx.insert(reportNeedChanges).values({ needId, status, changedBy: user.id, changedAt: now });
    const event = await appendEvent(tx, {
      type: 'situation:changed',
      data: { period: row.report.period },
      rooms: reportRooms(row.report),
      userId: user.id,
    });
    return { events: [event] };
  });
}

export type { ReportRow };
