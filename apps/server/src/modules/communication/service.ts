import { randomUUID } from 'node:crypto';
import {
  type AgreeBody,
  type AgreementRequirement,
  type AnswerKind,
  type CommentBody,
  type ConsultBody,
  type CreateMessageBody,
  can,
  canAnswerMessage,
  canEditMessage,
  type EditMessageBody,
  type Message,
  type MessageStatus,
  type MessageSummary,
  type NewVersionBody,
  type ObjectBody,
  type WithdrawBody,
} from '@samverkan/contracts';
import { type Database, type DbOrTx, schema } from '@samverkan/db';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { forbidden, HttpError, notFound } from '../../lib/errors.ts';
import { checkActorIds } from '../actors/service.ts';
import { appendEvent, type StoredEvent } from '../audit/event-log.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { recordNotification } from '../notifications/intents.ts';
import type { CapContent } from './cap.ts';
import {
  englishOf,
  hasLaterVersion,
  type MessageRow,
  parties,
  readMessageRow,
  requirementsOf,
  toMessage,
  toSummaries,
  type ViewContext,
} from './repository.ts';
import {
  answerableStatuses,
  canReadMessage,
  editableStatuses,
  messageRooms,
  releasedStatuses,
  statusAfterChange,
} from './rules.ts';

const { jointMessages, messageAnswers, messageTransitions, capAlerts, actors, modeState } = schema;

export interface MessageContext extends ViewContext {
  now: Date;
  /** The CAP `sender` of public alerts. */
  capSender: string;
  ackTimeoutMs: number;
}

export interface Outcome {
  message: Message;
  events: StoredEvent[];
}

/** A message the caller may see, locked for the change when asked; 404 for one that is not there for them. */
async function visibleRow(tx: DbOrTx, user: SessionUser, id: string, forUpdate = true): Promise<MessageRow> {
  const row = await readMessageRow(tx, id, { forUpdate });
  if (!row || !canReadMessage(user.role, row.status)) throw notFound('No such message');
  return row;
}

function requireEditor(user: SessionUser, row: MessageRow): void {
  if (!canEditMessage(user, parties(row))) {
    throw forbidden(
      'Only communicators of the author’s or the responsible actor, or a regional coordinator, may do this',
    );
  }
}

/** An answer or a publication names the revision it is about; another one means the text changed under it. */
async function refuseStale(
  tx: DbOrTx,
  row: MessageRow,
  revision: number | undefined,
  user: SessionUser,
  ctx: MessageContext,
): Promise<void> {
  if (revision === undefined || revision === row.revision) return;
  throw new HttpError(409, 'stale_revision', 'The message has changed since you read it: read it again first', {
    current: await toMessage(tx, row, user, ctx),
  });
}

function wrongStatus(row: MessageRow, action: string): HttpError {
  return new HttpError(409, 'wrong_status', `A message that is ${row.status} cannot be ${action}`, {
    status: row.status,
  });
}

/** Changes a message's status (with any other values), recording who moved it, when and why. */
async function moveTo(
  tx: DbOrTx,
  row: MessageRow,
  to: MessageStatus,
  user: SessionUser,
  now: Date,
  comment: string | null = null,
  values: Partial<MessageRow> = {},
): Promise<MessageRow> {
  await tx.insert(messageTransitions).values({
    messageId: row.id,
    fromStatus: row.status,
    toStatus: to,
    userId: user.id,
    comment,
    at: now,
  });
  return save(tx, row, { ...values, status: to, updatedAt: now });
}

async function changed(tx: DbOrTx, row: MessageRow, user: SessionUser): Promise<StoredEvent> {
  return appendEvent(tx, {
    type: 'message:changed',
    data: { messageId: row.id, status: row.status, classification: row.classification, revision: row.revision },
    rooms: messageRooms(row.status),
    userId: user.id,
  });
}

/** Saves new values of a message row and returns the row as it now is. */
async function save(tx: DbOrTx, row: MessageRow, values: Partial<MessageRow>): Promise<MessageRow> {
  const [updated] = await tx.update(jointMessages).set(values).where(eq(jointMessages.id, row.id)).returning();
  if (!updated) throw new Error(`message ${row.id} vanished`);
  return updated;
}

/** Moves a message in consultation to agreed (or back) after an edit or an answer, recording the change. */
async function settleStatus(
  tx: DbOrTx,
  row: MessageRow,
  user: SessionUser,
  ctx: MessageContext,
  comment: string,
): Promise<MessageRow> {
  const { requirements } = await requirementsOf(tx, row, ctx.required);
  const next = statusAfterChange(row.status, requirements);
  if (next === row.status) return row;
  return moveTo(tx, row, next, user, ctx.now, comment);
}

async function finish(
  tx: DbOrTx,
  row: MessageRow,
  user: SessionUser,
  ctx: MessageContext,
  events: StoredEvent[] = [],
): Promise<Outcome> {
  const all = [...events, await changed(tx, row, user)];
  return { message: await toMessage(tx, row, user, ctx), events: all };
}

function textFields(body: Partial<CreateMessageBody> | EditMessageBody | NewVersionBody): Partial<MessageRow> {
  const values: Partial<MessageRow> = {};
  if (body.headline !== undefined) values.headline = body.headline;
  if (body.body !== undefined) values.body = body.body;
  if (body.instruction !== undefined) values.instruction = body.instruction === '' ? null : body.instruction;
  if (body.languages !== undefined) values.english = body.languages.en ?? null;
  if (body.areas !== undefined) values.areas = body.areas;
  if (body.audiences !== undefined) values.audiences = body.audiences;
  if (body.plannedAt !== undefined) values.plannedAt = body.plannedAt === null ? null : new Date(body.plannedAt);
  if (body.responsibleActorId !== undefined) values.responsibleActorId = body.responsibleActorId;
  return values;
}

/** A new draft. Written while SSR is activated, it belongs to the activation (and is an exercise in one). */
export async function createMessage(
  db: Database,
  user: SessionUser,
  body: CreateMessageBody,
  ctx: MessageContext,
): Promise<Outcome> {
  if (!can(user.role, 'draftMessages')) throw forbidden('Only communicators and regional coordinators draft messages');
  return db.transaction(async (tx) => {
    const responsibleActorId = body.responsibleActorId ?? user.actorId;
    await checkActorIds(tx, [responsibleActorId], 'responsibleActorId');
    const [mode] = await tx.select().from(modeState);
    const activated = mode?.mode === 'activated';
    const id = randomUUID();
    const [row] = await tx
      .insert(jointMessages)
      .values({
        id,
        seriesId: id,
        classification: body.classification,
        exercise: body.exercise ?? (activated && mode.exercise),
        headline: body.headline,
        body: body.body,
        instruction: body.instruction || null,
        english: body.languages?.en ?? null,
        areas: body.areas,
        audiences: body.audiences ?? [],
        responsibleActorId,
        authorId: user.id,
        authorActorId: user.actorId,
        activationId: activated ? (mode.activationId ?? null) : null,
        plannedAt: body.plannedAt ? new Date(body.plannedAt) : null,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    if (!row) throw new Error('message insert returned nothing');
    await tx.insert(messageTransitions).values({ messageId: id, toStatus: 'draft', userId: user.id, at: ctx.now });
    return finish(tx, row, user, ctx);
  });
}

/**
 * Saves an edit made on top of `revision`. If someone saved in between, the
 * edit is refused with 409 `edit_conflict` and the message as it now is, so
 * the editor can merge instead of overwriting. An edit after agreement sends
 * the message back to consultation: agreements were to the earlier text.
 */
export async function editMessage(
  db: Database,
  user: SessionUser,
  id: string,
  body: EditMessageBody,
  ctx: MessageContext,
): Promise<Outcome> {
  return db.transaction(async (tx) => {
    const row = await visibleRow(tx, user, id);
    requireEditor(user, row);
    if (!editableStatuses.includes(row.status)) throw wrongStatus(row, 'edited');
    if (body.revision !== row.revision) {
      throw new HttpError(409, 'edit_conflict', 'Someone else saved this message after you opened it', {
        current: await toMessage(tx, row, user, ctx),
      });
    }
    if (body.responsibleActorId) await checkActorIds(tx, [body.responsibleActorId], 'responsibleActorId');
    const values: Partial<MessageRow> = {
      ...textFields(body),
      ...(body.classification !== undefined ? { classification: body.classification } : {}),
      ...(body.exercise !== undefined ? { exercise: body.exercise } : {}),
      revision: row.revision + 1,
      updatedAt: ctx.now,
    };
    let saved = await save(tx, row, values);
    saved = await settleStatus(tx, saved, user, ctx, 'edited: agreements were to the earlier text');
    return finish(tx, saved, user, ctx);
  });
}

/** Asks actors (every actor when none are named) to agree; asking again adds to those asked. */
export async function consult(
  db: Database,
  user: SessionUser,
  id: string,
  body: ConsultBody,
  ctx: MessageContext,
): Promise<Outcome> {
  return db.transaction(async (tx) => {
    const row = await visibleRow(tx, user, id);
    requireEditor(user, row);
    if (!editableStatuses.includes(row.status)) throw wrongStatus(row, 'sent for consultation');
    const named = body.actorIds && body.actorIds.length > 0 ? [...new Set(body.actorIds)] : undefined;
    if (named) await checkActorIds(tx, named, 'actorIds');
    const asked =
      named ?? (await tx.select({ id: actors.id }).from(actors).orderBy(asc(actors.sortOrder))).map((a) => a.id);
    const before = (row.consultedActorIds as string[] | null) ?? [];
    const added = asked.filter((a) => !before.includes(a));
    const consulted = [...before, ...added];
    let saved = await save(tx, row, { consultedActorIds: consulted, updatedAt: ctx.now });
    // The communicators of the actors newly asked hear of it, by e-mail and in the dashboard.
    const events = added.length > 0 ? await notifyCommunicators(tx, saved, user, ctx, 'consultation', added) : [];
    if (row.status === 'draft') {
      saved = await moveTo(tx, saved, 'consultation', user, ctx.now, `consulted ${consulted.length} actor(s)`);
    }
    saved = await settleStatus(tx, saved, user, ctx, 'every required agreement is in');
    return finish(tx, saved, user, ctx, events);
  });
}

/** An agreement, objection or comment from one of the consulted actors (or an editor). */
export async function answer(
  db: Database,
  user: SessionUser,
  id: string,
  kind: AnswerKind,
  body: AgreeBody | ObjectBody | CommentBody,
  ctx: MessageContext,
): Promise<Outcome> {
  return db.transaction(async (tx) => {
    const row = await visibleRow(tx, user, id);
    if (!canAnswerMessage(user, parties(row))) {
      throw forbidden('Only communicators of the consulted actors and regional coordinators answer a consultation');
    }
    if (!answerableStatuses.includes(row.status)) throw wrongStatus(row, 'answered');
    await refuseStale(tx, row, body.revision, user, ctx);
    await tx.insert(messageAnswers).values({
      messageId: row.id,
      userId: user.id,
      actorId: user.actorId,
      role: user.role,
      kind,
      comment: body.comment || null,
      proposal: 'proposal' in body ? body.proposal || null : null,
      revision: row.revision,
      createdAt: ctx.now,
    });
    let saved = await save(tx, row, { updatedAt: ctx.now });
    saved = await settleStatus(
      tx,
      saved,
      user,
      ctx,
      kind === 'agree' ? 'every required agreement is in' : 'a required agreement was withdrawn',
    );
    return finish(tx, saved, user, ctx);
  });
}

/** The CAP content of a message version as it stands, frozen into the alert. */
async function capContent(tx: DbOrTx, row: MessageRow, ctx: MessageContext): Promise<CapContent> {
  const [actor] = await tx.select({ name: actors.name }).from(actors).where(eq(actors.id, row.responsibleActorId));
  return {
    exercise: row.exercise,
    sv: { headline: row.headline, body: row.body, ...(row.instruction ? { instruction: row.instruction } : {}) },
    en: englishOf(row) ?? null,
    areas: row.areas as string[],
    audiences: row.audiences as string[],
    responsibleActorName: actor?.name ?? row.responsibleActorId,
    web: new URL(`/public#m-${row.seriesId}`, ctx.publicUrl).toString(),
    withdrawReason: row.withdrawReason,
  };
}

async function latestAlertOfSeries(tx: DbOrTx, seriesId: string) {
  const [alert] = await tx
    .select()
    .from(capAlerts)
    .where(eq(capAlerts.seriesId, seriesId))
    .orderBy(desc(capAlerts.seq))
    .limit(1);
  return alert;
}

/** CAP's sent time has whole seconds; the stored time is the document's time exactly. */
const wholeSeconds = (at: Date) => new Date(Math.floor(at.getTime() / 1000) * 1000);

async function issueAlert(
  tx: DbOrTx,
  row: MessageRow,
  msgType: 'Alert' | 'Update' | 'Cancel',
  referencesId: string | null,
  ctx: MessageContext,
): Promise<void> {
  await tx.insert(capAlerts).values({
    messageId: row.id,
    seriesId: row.seriesId,
    msgType,
    referencesId,
    sender: ctx.capSender,
    sent: wholeSeconds(ctx.now),
    content: await capContent(tx, row, ctx),
  });
}

const classLine = {
  public: 'Publicerat för allmänheten / Published to the public',
  internal: 'Interna talepunkter för aktörerna / Internal talking points for the actors',
} as const;

/**
 * Tells communicators through the call-out queue (e-mail and in the
 * dashboard): of a publication or withdrawal every actor's, of a
 * consultation those of the actors asked.
 */
async function notifyCommunicators(
  tx: DbOrTx,
  row: MessageRow,
  user: SessionUser,
  ctx: MessageContext,
  what: 'published' | 'withdrawn' | 'consultation',
  actorIds?: readonly string[],
) {
  const text = [row.body, row.instruction].filter(Boolean).join('\n\n');
  const withdrawn = what === 'withdrawn';
  const { events } = await recordNotification(tx, {
    kind: what === 'consultation' ? 'consultation' : 'message',
    exercise: row.exercise,
    title: withdrawn ? `Återkallat: ${row.headline}` : row.headline,
    reason: withdrawn ? (row.withdrawReason ?? 'Meddelandet är återkallat') : classLine[row.classification],
    message: withdrawn ? `Återkallat meddelande:\n\n${text}` : text,
    decidedBy: user.id,
    activationId: row.activationId,
    actorIds,
    now: ctx.now,
    ackTimeoutMs: ctx.ackTimeoutMs,
  });
  return events;
}

/**
 * Publishes an agreed message: to every actor's communicators through the
 * call-out queue, live to every dashboard, and, for a public message, as a
 * CAP alert (an Update referencing the previous version's alert when this is
 * a new version, which the publication supersedes).
 */
export async function publish(
  db: Database,
  user: SessionUser,
  id: string,
  body: { revision?: number | undefined },
  ctx: MessageContext,
): Promise<Outcome> {
  return db.transaction(async (tx) => {
    const row = await visibleRow(tx, user, id);
    requireEditor(user, row);
    await refuseStale(tx, row, body.revision, user, ctx);
    const { requirements } = await requirementsOf(tx, row, ctx.required);
    const missing = requirements.filter((r) => !r.met);
    if (row.status !== 'agreed' || missing.length > 0) {
      throw new HttpError(409, 'agreements_missing', 'The message lacks agreements required before publication', {
        status: row.status,
        missing,
      });
    }
    const events: StoredEvent[] = [];
    let references: string | null = null;
    if (row.previousId) {
      const previous = await readMessageRow(tx, row.previousId, { forUpdate: true });
      if (previous?.status !== 'published') {
        throw new HttpError(409, 'previous_not_published', 'The version this one updates is no longer published', {
          status: previous?.status ?? null,
        });
      }
      const superseded = await moveTo(tx, previous, 'superseded', user, ctx.now, `replaced by version ${row.version}`);
      events.push(await changed(tx, superseded, user));
      references = (await latestAlertOfSeries(tx, row.seriesId))?.id ?? null;
    }
    const published = await moveTo(tx, row, 'published', user, ctx.now, null, { publishedAt: ctx.now });
    if (published.classification === 'public') {
      await issueAlert(tx, published, references ? 'Update' : 'Alert', references, ctx);
    }
    events.push(...(await notifyCommunicators(tx, published, user, ctx, 'published')));
    return finish(tx, published, user, ctx, events);
  });
}

/**
 * Starts a new version of a published message: a draft with the same text
 * except what the body changes, consulted and agreed again before it
 * replaces the published one.
 */
export async function newVersion(
  db: Database,
  user: SessionUser,
  id: string,
  body: NewVersionBody,
  ctx: MessageContext,
): Promise<Outcome> {
  return db.transaction(async (tx) => {
    const row = await visibleRow(tx, user, id);
    requireEditor(user, row);
    if (row.status !== 'published') throw wrongStatus(row, 'updated');
    const later = await hasLaterVersion(tx, row);
    if (later) {
      throw new HttpError(409, 'version_in_progress', `Version ${later.version} of this message is already started`, {
        messageId: later.id,
      });
    }
    if (body.responsibleActorId) await checkActorIds(tx, [body.responsibleActorId], 'responsibleActorId');
    const newId = randomUUID();
    const { id: _id, ...copied } = row;
    const [draft] = await tx
      .insert(jointMessages)
      .values({
        ...copied,
        ...textFields(body),
        id: newId,
        version: row.version + 1,
        previousId: row.id,
        status: 'draft',
        authorId: user.id,
        authorActorId: user.actorId,
        consultedActorIds: null,
        revision: 1,
        createdAt: ctx.now,
        updatedAt: ctx.now,
        publishedAt: null,
        withdrawnAt: null,
        withdrawReason: null,
      })
      .returning();
    if (!draft) throw new Error('message insert returned nothing');
    await tx.insert(messageTransitions).values({
      messageId: newId,
      toStatus: 'draft',
      userId: user.id,
      comment: `new version of version ${row.version}`,
      at: ctx.now,
    });
    return finish(tx, draft, user, ctx);
  });
}

/** Withdraws a published message: a CAP Cancel for a public one, and word to every actor. */
export async function withdraw(
  db: Database,
  user: SessionUser,
  id: string,
  body: WithdrawBody,
  ctx: MessageContext,
): Promise<Outcome> {
  return db.transaction(async (tx) => {
    const row = await visibleRow(tx, user, id);
    requireEditor(user, row);
    if (row.status !== 'published') throw wrongStatus(row, 'withdrawn');
    const withdrawn = await moveTo(tx, row, 'withdrawn', user, ctx.now, body.reason ?? null, {
      withdrawnAt: ctx.now,
      withdrawReason: body.reason ?? null,
    });
    if (withdrawn.classification === 'public') {
      const last = await latestAlertOfSeries(tx, row.seriesId);
      await issueAlert(tx, withdrawn, 'Cancel', last?.id ?? null, ctx);
    }
    const events = await notifyCommunicators(tx, withdrawn, user, ctx, 'withdrawn');
    // A new version still being prepared would update a message that no longer stands: it ends too.
    const pending = await hasLaterVersion(tx, row);
    if (pending && editableStatuses.includes(pending.status)) {
      const ended = await moveTo(tx, pending, 'withdrawn', user, ctx.now, `version ${row.version} was withdrawn`, {
        withdrawnAt: ctx.now,
      });
      events.push(await changed(tx, ended, user));
    }
    return finish(tx, withdrawn, user, ctx, events);
  });
}

export async function readMessage(db: Database, user: SessionUser, id: string, ctx: ViewContext): Promise<Message> {
  const row = await readMessageRow(db, id);
  if (!row || !canReadMessage(user.role, row.status)) throw notFound('No such message');
  return toMessage(db, row, user, ctx);
}

/** The desk's list (every message for the desk; what is published for everyone else), newest first. */
export async function listMessages(
  db: Database,
  user: SessionUser,
  filter: { status?: MessageStatus | undefined },
  required: readonly AgreementRequirement[],
): Promise<MessageSummary[]> {
  const desk = can(user.role, 'viewMessageDesk');
  const rows = await db
    .select()
    .from(jointMessages)
    .where(
      and(
        filter.status ? eq(jointMessages.status, filter.status) : undefined,
        desk ? undefined : inArray(jointMessages.status, [...releasedStatuses]),
      ),
    )
    .orderBy(desc(jointMessages.updatedAt))
    .limit(500);
  return toSummaries(db, rows, required);
}
