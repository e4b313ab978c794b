import type { Message, Requirement } from '@samverkan/contracts';
import type { TFunction } from 'i18next';

/** Whose agreement a requirement asks for, by name. */
export function requirementText(r: Requirement, m: Message, t: TFunction): string {
  if (r.requirement === 'coordinator') return t('messages.req.coordinator');
  if (r.requirement === 'responsible') return t('messages.req.responsible', { actor: m.responsibleActor.name });
  const name = m.consulted?.find((c) => c.actorId === r.actorId)?.actorName ?? r.actorId ?? '';
  return t('messages.req.consulted', { actor: name });
}
