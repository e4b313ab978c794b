import type { Message } from '@samverkan/contracts';
import { useTranslation } from 'react-i18next';

/** The actors the message went to on consultation, those who answered first, with their answer. */
export function ConsultedActors({ consulted }: { consulted: Message['consulted'] }) {
  const { t } = useTranslation();
  const answered = consulted?.filter((c) => c.answer !== null) ?? [];
  return (
    <>
      <h3 className="msg-sub">
        {t('messages.consult.consulted')}{' '}
        {consulted && (
          <span className="panel__count">
            ({t('messages.consult.answeredCount', { count: answered.length, total: consulted.length })})
          </span>
        )}
      </h3>
      {consulted === null ? (
        <p className="panel__empty" data-testid="not-consulted">
          {t('messages.consult.none')}
        </p>
      ) : (
        <ul className="msg-consulted" aria-live="polite" data-testid="consulted">
          {[...consulted]
            .sort((a, b) => Number(b.answer !== null) - Number(a.answer !== null))
            .map((c) => (
              <li
                key={c.actorId}
                className={`msg-consulted__item msg-consulted__item--${c.answer ?? 'none'}`}
                data-testid="consulted-actor"
                data-actor-id={c.actorId}
                data-answer={c.answer ?? 'none'}
              >
                <span className="msg-consulted__name">{c.actorName}</span>{' '}
                <strong>
                  {c.answer === 'agree'
                    ? t('messages.consult.agrees')
                    : c.answer === 'object'
                      ? t('messages.consult.objects')
                      : t('messages.consult.noAnswer')}
                </strong>
                {c.byName && <span className="muted"> · {c.byName}</span>}
                {c.comment && <span className="msg-consulted__comment"> ”{c.comment}”</span>}
              </li>
            ))}
        </ul>
      )}
    </>
  );
}
