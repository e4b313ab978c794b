import type {
  ActivateBody,
  ActivationRequest,
  ActivationRequestBody,
  DeactivateBody,
  DeclineBody,
  ModeState,
} from '@samverkan/contracts';
import type { Database, DbOrTx } from '@samverkan/db';
import { conflict, notFound } from '../../lib/errors.ts';
import { appendEvent, type StoredEvent } from '../audit/event-log.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { recordNotification } from '../notifications/intents.ts';
import * as repo from './repository.ts';
import { checkTransition, requestRooms, seesAllRequests, transitionMessage } from './rules.ts';

/** The result of a change, and the events to push once its transaction has committed. */
export interface Changed<T> {
  result: T;
  events: StoredEvent[];
}

/** How a change is made: its clock, and how long actors have to acknowledge the call-out it starts. */
export interface ChangeOptions {
  clock?: () => Date;
  ackTimeoutMs?: number;
}
const DEFAULT_ACK_TIMEOUT_MS = 5 * 60 * 1000;
const nowOf = (opts: ChangeOptions) => (opts.clock ?? (() => new Date()))();

export async function visibleRequests(db: DbOrTx, user: SessionUser): Promise<ActivationRequest[]> {
  const rows = await repo.pendingRequestRows(db, seesAllRequests(user.role) ? undefined : user.actorId);
  return repo.toRequests(db, rows);
}

export async function requestActivation(
  db: Database,
  user: SessionUser,
  body: ActivationRequestBody,
): Promise<Changed<ActivationRequest>> {
  return db.transaction(async (tx) => {
    const mode = await repo.readModeRow(tx);
    if (mode.mode === 'activated')
      throw conflict('SSR is already activated', { current: await repo.toModeState(tx, mode) });
    const row = await repo.insertRequest(tx, {
      title: body.title,
      reason: body.reason,
      requestedBy: user.id,
      requestedByActor: user.actorId,
    });
    const [request] = await repo.toRequests(tx, [row]);
    if (!request) throw new Error('request vanished');
    const event = await appendEvent(tx, {
      type: 'request:created',
      data: { request },
      rooms: requestRooms(user.actorId),
      userId: user.id,
    });
    return { result: request, events: [event] };
  });
}

export async function declineRequest(
  db: Database,
  user: SessionUser,
  id: string,
  body: DeclineBody,
  opts: ChangeOptions = {},
): Promise<Changed<ActivationRequest>> {
  return db.transaction(async (tx) => {
    const row = await repo.readRequestRow(tx, id, { forUpdate: true });
    if (!row) throw notFound('No such activation request');
    if (row.status !== 'pending') throw conflict(`The request is already ${row.status}`);
    const [updated] = await repo.updateRequests(tx, [id], {
      status: 'declined',
      decidedBy: user.id,
      decidedAt: nowOf(opts),
      declineReason: body.reason,
    });
    const [request] = await repo.toRequests(tx, updated ? [updated] : []);
    if (!request) throw new Error('request vanished');
    const event = await appendEvent(tx, {
      type: 'request:updated',
      data: { request },
      rooms: requestRooms(row.requestedByActor),
      userId: user.id,
    });
    // The one who asked hears the answer, in every channel they have.
    const notice = await recordNotification(tx, {
      kind: 'request_declined',
      exercise: false,
      title: row.title,
      reason: body.reason,
      decidedBy: user.id,
      recipientUserId: row.requestedBy,
      now: nowOf(opts),
      ackTimeoutMs: opts.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS,
    });
    return { result: request, events: [event, ...notice.events] };
  });
}

/** Raises the 409 of a refused transition, carrying the current state. */
async function refuse(
  tx: DbOrTx,
  mode: repo.ModeRowLike,
  reason: 'stale_version' | 'already_in_mode',
  target: 'activated' | 'ordinary',
): Promise<never> {
  throw conflict(transitionMessage(reason, target), { current: await repo.toModeState(tx, mode) });
}

export async function activate(
  db: Database,
  user: SessionUser,
  body: ActivateBody,
  opts: ChangeOptions = {},
): Promise<Changed<ModeState>> {
  return db.transaction(async (tx) => {
    const mode = await repo.readModeRow(tx, { forUpdate: true });
    const verdict = checkTransition(mode, 'activated', body.expectedVersion);
    if (!verdict.ok) return refuse(tx, mode, verdict.reason, 'activated');

    if (body.requestId !== undefined) {
      const request = await repo.readRequestRow(tx, body.requestId, { forUpdate: true });
      if (!request) throw notFound('No such activation request');
      if (request.status !== 'pending') throw conflict(`The request is already ${request.status}`);
    }
    const now = nowOf(opts);
    const activation = await repo.insertActivation(tx, {
      title: body.title,
      reason: body.reason,
      requestId: body.requestId ?? null,
      activatedBy: user.id,
      activatedAt: now,
      exercise: body.exercise ?? false,
    });
    const row = await repo.writeModeRow(tx, {
      mode: 'activated',
      version: mode.version + 1,
      since: now,
      title: body.title,
      reason: body.reason,
      decidedBy: user.id,
      activationId: activation.id,
      exercise: body.exercise ?? false,
    });
    const state = await repo.toModeState(tx, row);
    const events = [await appendEvent(tx, { type: 'mode:changed', data: { state }, rooms: ['all'], userId: user.id })];

    // Every pending request is answered by this activation, not only the one it was made from.
    const pending = await repo.pendingRequestRows(tx);
    const answered = await repo.updateRequests(
      tx,
      pending.map((r) => r.id),
      { status: 'accepted', decidedBy: user.id, decidedAt: now, activationId: activation.id },
    );
    for (const request of await repo.toRequests(tx, answered)) {
      const rooms = requestRooms(request.requestedBy.actorId);
      events.push(await appendEvent(tx, { type: 'request:updated', data: { request }, rooms, userId: user.id }));
    }
    // The call-out to every actor commits with the activation, or not at all.
    const notice = await recordNotification(tx, {
      kind: 'activation',
      exercise: body.exercise ?? false,
      title: body.title,
      reason: body.reason,
      decidedBy: user.id,
      activationId: activation.id,
      now,
      ackTimeoutMs: opts.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS,
    });
    events.push(...notice.events);
    return { result: state, events };
  });
}

export async function deactivate(
  db: Database,
  user: SessionUser,
  body: DeactivateBody,
  opts: ChangeOptions = {},
): Promise<Changed<ModeState>> {
  return db.transaction(async (tx) => {
    const mode = await repo.readModeRow(tx, { forUpdate: true });
    const verdict = checkTransition(mode, 'ordinary', body.expectedVersion);
    if (!verdict.ok) return refuse(tx, mode, verdict.reason, 'ordinary');
    const now = nowOf(opts);
    if (mode.activationId) {
      await repo.closeActivation(tx, mode.activationId, {
        deactivatedBy: user.id,
        deactivatedAt: now,
        deactivationReason: body.reason,
      });
    }
    const row = await repo.writeModeRow(tx, {
      mode: 'ordinary',
      version: mode.version + 1,
      since: now,
      title: null,
      reason: body.reason,
      decidedBy: user.id,
      activationId: null,
      exercise: false,
    });
    const state = await repo.toModeState(tx, row);
    const event = await appendEvent(tx, { type: 'mode:changed', data: { state }, rooms: ['all'], userId: user.id });
    const notice = await recordNotification(tx, {
      kind: 'deactivation',
      exercise: mode.exercise,
      title: mode.title ?? 'SSR',
      reason: body.reason,
      decidedBy: user.id,
      activationId: mode.activationId,
      now,
      ackTimeoutMs: opts.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS,
    });
    return { result: state, events: [event, ...notice.events] };
  });
}
