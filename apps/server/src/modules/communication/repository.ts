import {
  type AgreementRequirement,
  type Caller,
  canAnswerMessage,
  canEditMessage,
  evaluateRequirements,
  type Message,
  type MessageAnswer,
  type MessageSummary,
  type MessageText,
} from '@samverkan/contracts';
import { type DbOrTx, schema } from '@samverkan/db';
import { and, asc, desc, eq, gt, inArray, ne } from 'drizzle-orm';
import { loadPeople, person } from '../auth/people.ts';
import { answerableStatuses, editableStatuses } from './rules.ts';

const { jointMessages, messageAnswers, messageTransitions, capAlerts, actors } = schema;

export type MessageRow = typeof jointMessages.$inferSelect;
type AnswerRow = typeof messageAnswers.$inferSelect;

export async function readMessageRow(
  db: DbOrTx,
  id: string,
  { forUpdate = false } = {},
): Promise<MessageRow | undefined> {
  const query = db.select().from(jointMessages).where(eq(jointMessages.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** The parties of a message, as the permission rules in the contracts take them. */
export function parties(row: MessageRow) {
  return {
    authorActorId: row.authorActorId,
    responsibleActorId: row.responsibleActorId,
    consultedActorIds: (row.consultedActorIds as string[] | null) ?? null,
  };
}

export function englishOf(row: MessageRow): MessageText | undefined {
  return (row.english as MessageText | null) ?? undefined;
}

async function actorNames(db: DbOrTx): Promise<Map<string, string>> {
  return new Map((await db.select({ id: actors.id, name: actors.name }).from(actors)).map((a) => [a.id, a.name]));
}

async function answersOf(db: DbOrTx, messageIds: readonly string[]): Promise<AnswerRow[]> {
  if (messageIds.length === 0) return [];
  return db
    .select()
    .from(messageAnswers)
    .where(inArray(messageAnswers.messageId, [...messageIds]))
    .orderBy(asc(messageAnswers.createdAt), asc(messageAnswers.id));
}

async function toAnswers(db: DbOrTx, rows: AnswerRow[]): Promise<MessageAnswer[]> {
  const people = await loadPeople(
    db,
    rows.map((r) => r.userId),
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    by: person(people, r.userId),
    byRole: r.role,
    comment: r.comment,
    proposal: r.proposal,
    revision: r.revision,
    at: r.createdAt.toISOString(),
  }));
}

/** The requirements of one message given its answers. */
export async function requirementsOf(db: DbOrTx, row: MessageRow, required: readonly AgreementRequirement[]) {
  const answers = await toAnswers(db, await answersOf(db, [row.id]));
  return {
    answers,
    requirements: evaluateRequirements(required, { ...parties(row), revision: row.revision }, answers),
  };
}

/** Whether a later version of the message exists (then this one cannot be updated again). */
export async function hasLaterVersion(db: DbOrTx, row: MessageRow): Promise<MessageRow | undefined> {
  const [later] = await db
    .select()
    .from(jointMessages)
    .where(and(eq(jointMessages.seriesId, row.seriesId), gt(jointMessages.version, row.version)))
    .orderBy(desc(jointMessages.version))
    .limit(1);
  return later;
}

export function capDocumentUrl(publicUrl: string, alertId: string): string {
  return new URL(`/public/cap/${alertId}.xml`, publicUrl).toString();
}

/** The CAP alert issued when this version was published (not a later Cancel). */
async function publishedAlertId(db: DbOrTx, messageId: string): Promise<string | null> {
  const [alert] = await db
    .select({ id: capAlerts.id })
    .from(capAlerts)
    .where(and(eq(capAlerts.messageId, messageId), ne(capAlerts.msgType, 'Cancel')))
    .limit(1);
  return alert?.id ?? null;
}

function summaryOf(
  row: MessageRow,
  names: Map<string, string>,
  author: MessageSummary['author'],
  agreements: MessageSummary['agreements'],
): MessageSummary {
  return {
    id: row.id,
    seriesId: row.seriesId,
    version: row.version,
    previousId: row.previousId,
    status: row.status,
    classification: row.classification,
    exercise: row.exercise,
    headline: row.headline,
    responsibleActor: { id: row.responsibleActorId, name: names.get(row.responsibleActorId) ?? row.responsibleActorId },
    author,
    areas: row.areas as string[],
    plannedAt: row.plannedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    agreements,
  };
}

export interface ViewContext {
  required: readonly AgreementRequirement[];
  publicUrl: string;
}

/** The whole message as the desk shows it to one caller. */
export async function toMessage(db: DbOrTx, row: MessageRow, caller: Caller, ctx: ViewContext): Promise<Message> {
  const names = await actorNames(db);
  const { answers, requirements } = await requirementsOf(db, row, ctx.required);
  const transitions = await db
    .select()
    .from(messageTransitions)
    .where(eq(messageTransitions.messageId, row.id))
    .orderBy(asc(messageTransitions.id));
  const people = await loadPeople(db, [row.authorId, ...transitions.map((t) => t.userId)]);
  const p = parties(row);

  const current = answers.filter((a) => a.revision === row.revision && a.kind !== 'comment');
  const consulted =
    p.consultedActorIds?.map((actorId) => {
      const stand = current.filter((a) => a.by.actorId === actorId).at(-1);
      return {
        actorId,
        actorName: names.get(actorId) ?? actorId,
        answer: stand ? (stand.kind as 'agree' | 'object') : null,
        byName: stand?.by.name ?? null,
        at: stand?.at ?? null,
        comment: stand?.comment ?? null,
      };
    }) ?? null;

  const alertId = row.classification === 'public' ? await publishedAlertId(db, row.id) : null;
  const editor = canEditMessage(caller, p);
  const later = row.status === 'published' ? await hasLaterVersion(db, row) : undefined;
  const english = englishOf(row);
  return {
    ...summaryOf(row, names, person(people, row.authorId), {
      met: requirements.filter((r) => r.met).length,
      required: requirements.length,
    }),
    body: row.body,
    instruction: row.instruction,
    languages: english ? { en: english } : {},
    audiences: row.audiences as string[],
    activationId: row.activationId,
    revision: row.revision,
    createdAt: row.createdAt.toISOString(),
    withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
    withdrawReason: row.withdrawReason,
    consulted,
    requirements,
    answers,
    history: transitions.map((t) => ({
      from: t.fromStatus,
      to: t.toStatus,
      by: person(people, t.userId),
      at: t.at.toISOString(),
      comment: t.comment,
    })),
    capUrl: alertId ? capDocumentUrl(ctx.publicUrl, alertId) : null,
    can: {
      edit: editor && editableStatuses.includes(row.status),
      consult: editor && editableStatuses.includes(row.status),
      answer: canAnswerMessage(caller, p) && answerableStatuses.includes(row.status),
      publish: editor && row.status === 'agreed',
      update: editor && row.status === 'published' && later === undefined,
      withdraw: editor && row.status === 'published',
    },
  };
}

/** Summaries for the desk's list, with how many required agreements each has. */
export async function toSummaries(
  db: DbOrTx,
  rows: MessageRow[],
  required: readonly AgreementRequirement[],
): Promise<MessageSummary[]> {
  const names = await actorNames(db);
  const answerRows = await answersOf(
    db,
    rows.map((r) => r.id),
  );
  const answers = await toAnswers(db, answerRows);
  const messageOf = new Map(answerRows.map((a) => [a.id, a.messageId]));
  const people = await loadPeople(
    db,
    rows.map((r) => r.authorId),
  );
  return rows.map((row) => {
    const mine = answers.filter((a) => messageOf.get(a.id) === row.id);
    const requirements = evaluateRequirements(required, { ...parties(row), revision: row.revision }, mine);
    return summaryOf(row, names, person(people, row.authorId), {
      met: requirements.filter((r) => r.met).length,
      required: requirements.length,
    });
  });
}
