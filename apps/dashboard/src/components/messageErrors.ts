import type { TFunction } from 'i18next';
import { ApiError } from '../api.ts';
import { describeError } from '../forms.ts';

/** The body of a 409 from the communication API, if that is what failed. */
export const messageConflictOf = (err: unknown) => (err instanceof ApiError ? err.messageConflict : undefined);

/** A refusal because someone changed the message first reads as such; anything else as usual. */
export function staleOrDescribe(err: unknown, t: TFunction): string {
  return messageConflictOf(err)?.error === 'stale_revision' ? t('messages.actions.stale') : describeError(err, t);
}

const conflictKeys = ['agreements_missing', 'stale_revision', 'wrong_status', 'version_in_progress'] as const;

/** The text key of a 409's error; one the dashboard does not know reads as "other". */
export function conflictKey(error: string): (typeof conflictKeys)[number] | 'other' {
  return (conflictKeys as readonly string[]).includes(error) ? (error as (typeof conflictKeys)[number]) : 'other';
}
