import type { Message } from '@samverkan/contracts';
import { useTranslation } from 'react-i18next';
import { ExerciseTag, Time } from './bits.tsx';
import { ClassTag, StatusTag } from './MessageTags.tsx';

/** The message's headline, status and classification, who wrote it and who answers for it, and a withdrawal. */
export function MessageHeader({ message: m }: { message: Message }) {
  const { t } = useTranslation();
  return (
    <header className="msg-view__head">
      <p className="msg-view__tags">
        <StatusTag status={m.status} /> <ClassTag classification={m.classification} />{' '}
        {m.version > 1 && <span className="muted">{t('messages.version', { version: m.version })}</span>}
      </p>
      <h2 id="message-heading" className="msg-view__title" tabIndex={-1} data-testid="message-headline">
        {m.headline}
      </h2>
      <p className="msg-view__meta muted">
        {t('messages.view.meta', {
          author: m.author.name,
          actor: m.author.actorName,
          responsible: m.responsibleActor.name,
          revision: m.revision,
        })}{' '}
        · {t('messages.updated')} <Time value={m.updatedAt} />
      </p>
      {m.status === 'withdrawn' && (
        <p className="form-error" data-testid="message-withdrawn">
          {t('messages.view.withdrawn')}
          {m.withdrawReason ? `: ${m.withdrawReason}` : ''}
        </p>
      )}
    </header>
  );
}

/** Says a message is an exercise, before anything else about it. */
export function MessageExerciseStrip() {
  const { t } = useTranslation();
  return (
    <p className="exercise-strip" data-testid="message-exercise">
      <ExerciseTag /> {t('messages.exerciseText')}
    </p>
  );
}
