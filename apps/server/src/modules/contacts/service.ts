import type { Contact, ContactBody } from '@samverkan/contracts';
import type { Database, DbOrTx, Tx } from '@samverkan/db';
import { badRequest, forbidden, HttpError, notFound } from '../../lib/errors.ts';
import { appendEvent, type StoredEvent } from '../audit/event-log.ts';
import type { SessionUser } from '../auth/sessions.ts';
import * as repo from './repository.ts';
import {
  type Caller,
  canManageContacts,
  canReadContacts,
  checkOrder,
  contactRooms,
  type FieldIssue,
  privateWebhookIssues,
} from './rules.ts';

/** The result of a change, and the events to push once its transaction has committed. */
export interface Changed<T> {
  result: T;
  events: StoredEvent[];
}

export interface ContactPolicy {
  /** Refuse webhooks to loopback and private hosts (production). */
  rejectPrivateWebhooks: boolean;
}

/** A 400 in the same shape as a schema validation error, naming each field. */
export function invalidFields(issues: readonly FieldIssue[]): HttpError {
  return new HttpError(400, 'validation', `Invalid body: ${issues.map((i) => i.path).join(', ')}`, {
    details: issues,
  });
}

function assertCanRead(user: Caller, actorId: string): void {
  if (!canReadContacts(user, actorId)) throw forbidden('You may not see this actor’s contacts');
}

function assertCanManage(user: Caller, actorId: string): void {
  if (!canManageContacts(user, actorId)) throw forbidden('You may not change this actor’s contacts');
}

function assertChannelsAllowed(body: ContactBody, policy: ContactPolicy): void {
  if (!policy.rejectPrivateWebhooks) return;
  const issues = privateWebhookIssues(body.channels);
  if (issues.length > 0) throw invalidFields(issues);
}

export async function listContacts(db: DbOrTx, user: SessionUser, actorId: string): Promise<Contact[]> {
  assertCanRead(user, actorId);
  if (!(await repo.actorExists(db, actorId))) throw notFound('No such actor');
  return (await repo.listContactRows(db, actorId)).map(repo.toContact);
}

/**
 * Runs one change to an actor's list in a transaction: the actor's row is
 * locked first (one change per actor at a time), and the change is recorded
 * in the event log before commit.
 */
async function changeList<T>(
  db: Database,
  user: SessionUser,
  actorId: string,
  change: (tx: Tx) => Promise<T>,
): Promise<Changed<T>> {
  assertCanManage(user, actorId);
  return db.transaction(async (tx) => {
    if (!(await repo.actorExists(tx, actorId, { lock: true }))) throw notFound('No such actor');
    const result = await change(tx);
    const event = await appendEvent(tx, {
      type: 'contacts:changed',
      data: { actorId },
      rooms: contactRooms(actorId),
      userId: user.id,
    });
    return { result, events: [event] };
  });
}

async function existingContact(tx: Tx, actorId: string, contactId: string) {
  const row = await repo.readContactRow(tx, actorId, contactId);
  if (!row) throw notFound('No such contact for this actor');
  return row;
}

/** Adds a contact last in the call-out order. */
export async function addContact(
  db: Database,
  user: SessionUser,
  actorId: string,
  body: ContactBody,
  policy: ContactPolicy,
): Promise<Changed<Contact>> {
  assertCanManage(user, actorId);
  assertChannelsAllowed(body, policy);
  return changeList(db, user, actorId, async (tx) => {
    const rows = await repo.listContactRows(tx, actorId);
    const row = await repo.insertContact(tx, actorId, (rows.at(-1)?.position ?? 0) + 1, body);
    return repo.toContact(row);
  });
}

/** Replaces a contact's name, role, language and channels; its place in the order stays. */
export async function replaceContact(
  db: Database,
  user: SessionUser,
  actorId: string,
  contactId: string,
  body: ContactBody,
  policy: ContactPolicy,
): Promise<Changed<Contact>> {
  assertCanManage(user, actorId);
  assertChannelsAllowed(body, policy);
  return changeList(db, user, actorId, async (tx) => {
    await existingContact(tx, actorId, contactId);
    return repo.toContact(await repo.replaceContact(tx, contactId, body));
  });
}

/** Removes a contact; the ones after it move up, so positions stay 1..n. */
export async function removeContact(
  db: Database,
  user: SessionUser,
  actorId: string,
  contactId: string,
): Promise<Changed<null>> {
  return changeList(db, user, actorId, async (tx) => {
    await existingContact(tx, actorId, contactId);
    await repo.deleteContact(tx, contactId);
    const rest = await repo.listContactRows(tx, actorId);
    await repo.renumber(
      tx,
      actorId,
      rest.map((r) => r.id),
    );
    return null;
  });
}

/** Sets the call-out order; `contactIds` must be exactly the actor's contacts. */
export async function reorderContacts(
  db: Database,
  user: SessionUser,
  actorId: string,
  contactIds: readonly string[],
): Promise<Changed<Contact[]>> {
  return changeList(db, user, actorId, async (tx) => {
    const current = await repo.listContactRows(tx, actorId);
    const verdict = checkOrder(
      current.map((r) => r.id),
      contactIds,
    );
    if (!verdict.ok) throw badRequest(verdict.message, [{ path: 'contactIds', message: verdict.message }]);
    await repo.renumber(tx, actorId, contactIds);
    return (await repo.listContactRows(tx, actorId)).map(repo.toContact);
  });
}
