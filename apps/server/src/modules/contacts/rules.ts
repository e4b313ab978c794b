import {
  type Caller,
  type ContactChannel,
  canManageContacts,
  canReadContacts,
  isPrivateHost,
} from '@samverkan/contracts';

export type { Caller };
export { canManageContacts, canReadContacts };

/** One invalid field, as a 400 lists it. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** Live audiences of a change to an actor's contacts: admins, coordinators and the actor itself. */
export function contactRooms(actorId: string): string[] {
  return ['role:admin', 'role:coordinator', `actor:${actorId}`];
}

/**
 * Webhook channels whose host is loopback, private or link-local, named by
 * field. Production refuses them: the server would be posting into its own network.
 */
export function privateWebhookIssues(channels: readonly ContactChannel[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  channels.forEach((channel, i) => {
    if (channel.type !== 'webhook') return;
    const host = hostOf(channel.address);
    if (host === undefined || isPrivateHost(host)) {
      issues.push({ path: `channels.${i}.address`, message: 'a webhook must point to a public host' });
    }
  });
  return issues;
}

/** Webhook addresses that are not URLs at all, named by field (checked before the body schema runs). */
export function unparsableWebhookIssues(body: unknown): FieldIssue[] {
  if (!body || typeof body !== 'object' || !('channels' in body) || !Array.isArray(body.channels)) return [];
  const issues: FieldIssue[] = [];
  body.channels.forEach((channel: unknown, i: number) => {
    if (!channel || typeof channel !== 'object') return;
    const { type, address } = channel as { type?: unknown; address?: unknown };
    if (type === 'webhook' && typeof address === 'string' && hostOf(address) === undefined) {
      issues.push({ path: `channels.${i}.address`, message: 'an https URL' });
    }
  });
  return issues;
}

function hostOf(address: string): string | undefined {
  try {
    return new URL(address).hostname;
  } catch {
    return undefined;
  }
}

export type OrderVerdict = { ok: true } | { ok: false; message: string };

/** A new call-out order must name every contact of the actor exactly once, and nothing else. */
export function checkOrder(currentIds: readonly string[], requestedIds: readonly string[]): OrderVerdict {
  const current = new Set(currentIds);
  const seen = new Set<string>();
  for (const id of requestedIds) {
    if (seen.has(id)) return { ok: false, message: `Contact ${id} appears more than once` };
    if (!current.has(id)) return { ok: false, message: `Contact ${id} is not one of this actor's contacts` };
    seen.add(id);
  }
  const missing = currentIds.filter((id) => !seen.has(id));
  if (missing.length > 0) return { ok: false, message: `The order leaves out ${missing.join(', ')}` };
  return { ok: true };
}
