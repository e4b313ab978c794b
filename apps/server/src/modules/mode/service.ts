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
import * as repo from './repository.ts';
import { checkTransition, requestRooms, seesAllRequests, transitionMessage } from './rules.ts';

/** The result of a change, and the events to push once its transaction has committed. */
export interface Changed<T> {
  result: T;
  events: StoredEvent[];
}

type Clock = () => Date;
const systemClock: Clock = () => new Date();

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
  clock: Clock = systemClock,
): Promise<Changed<ActivationRequest>> {
  return db.transaction(async (tx) => {
    const row = await repo.readRequestRow(tx, id, { forUpdate: true });
    if (!row) throw notFound('No such activation request');
    if (row.status !== 'pending') throw conflict(`The request is already ${row.status}`);
    const [updated] = await repo.updateRequests(tx, [id], {
      status: 'declined',
      decidedBy: user.id,
      decidedAt: clock(),
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
    return { result: request, events: [event] };
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
  clock: Clock = systemClock,
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
    const now = clock();
    const activation = await repo.insertActivation(tx, {
      title: body.title,
      reason: body.reason,
      requestId: body.requestId ?? null,
      activatedBy: user.id,
      activatedAt: now,
    });
    const row = await repo.writeModeRow(tx, {
      mode: 'activated',
      version: mode.version + 1,
      since: now,
      title: body.title,
      reason: body.reason,
      decidedBy: user.id,
      activationId: activation.id,
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
    return { result: state, events };
  });
}

export async function deactivate(
  db: Database,
  user: SessionUser,
  body: DeactivateBody,
  clock: Clock = systemClock,
): Promise<Changed<ModeState>> {
  return db.transaction(async (tx) => {
    const mode = await repo.readModeRow(tx, { forUpdate: true });
    const verdict = checkTransition(mode, 'ordinary', body.expectedVersion);
    if (!verdict.ok) return refuse(tx, mode, verdict.reason, 'ordinary');
    const now = clock();
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
    });
    const state = await repo.toModeState(tx, row);
    const event = await appendEvent(tx, { type: 'mode:changed', data: { state }, rooms: ['all'], userId: user.id });
    return { result: state, events: [event] };
  });
}
