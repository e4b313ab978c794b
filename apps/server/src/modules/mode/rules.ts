import type { Mode, Role } from '@samverkan/contracts';

export type TransitionVerdict = { ok: true } | { ok: false; reason: 'stale_version' | 'already_in_mode' };

/**
 * Whether SSR may move from `current` to `target` for a caller who saw
 * `expectedVersion`. A stale version loses even when the target would be
 * reachable: the caller decided on a picture that is no longer true.
 */
export function checkTransition(
  current: { mode: Mode; version: number },
  target: Mode,
  expectedVersion: number,
): TransitionVerdict {
  if (current.version !== expectedVersion) return { ok: false, reason: 'stale_version' };
  if (current.mode === target) return { ok: false, reason: 'already_in_mode' };
  return { ok: true };
}

export function transitionMessage(reason: 'stale_version' | 'already_in_mode', target: Mode): string {
  if (reason === 'already_in_mode') {
    return target === 'activated' ? 'SSR is already activated' : 'SSR is already in ordinary mode';
  }
  return 'The mode changed since you last saw it; look at the current state and decide again';
}

/** Live audiences of an activation request: the deciders, and the actor that asked. */
export function requestRooms(requesterActorId: string): string[] {
  const deciders: Role[] = ['coordinator', 'admin'];
  return [...deciders.map((r) => `role:${r}`), `actor:${requesterActorId}`];
}

/** Coordinators and admins see every request; everyone else sees their own actor's. */
export function seesAllRequests(role: Role): boolean {
  return role === 'coordinator' || role === 'admin';
}
