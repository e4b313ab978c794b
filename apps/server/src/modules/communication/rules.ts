import type { MessageStatus, Requirement, Role } from '@samverkan/contracts';
import { can } from '@samverkan/contracts';

/** Statuses in which the text may still change. */
export const editableStatuses: readonly MessageStatus[] = ['draft', 'consultation', 'agreed'];
/** Statuses in which the consulted actors answer. */
export const answerableStatuses: readonly MessageStatus[] = ['consultation', 'agreed'];
/** What anyone logged in may read; drafts and consultations belong to the desk. */
export const releasedStatuses: readonly MessageStatus[] = ['published', 'superseded', 'withdrawn'];

/** The desk sees every message; everyone else what has been published. */
export function canReadMessage(role: Role, status: MessageStatus): boolean {
  return can(role, 'viewMessageDesk') || releasedStatuses.includes(status);
}

/**
 * Where a message in consultation stands after an edit or an answer: agreed
 * once every required agreement is in for the current revision, back to
 * consultation as soon as one is not. Other statuses are not moved by answers.
 */
export function statusAfterChange(current: MessageStatus, requirements: readonly Requirement[]): MessageStatus {
  if (!answerableStatuses.includes(current)) return current;
  return requirements.length > 0 && requirements.every((r) => r.met) ? 'agreed' : 'consultation';
}

/** The live audiences of a message event: the desk, and everyone once it is out. */
export function messageRooms(status: MessageStatus): string[] {
  const desk = ['role:communicator', 'role:coordinator', 'role:admin'];
  return releasedStatuses.includes(status) ? ['all'] : desk;
}
