import type { MessageAnswer } from '@samverkan/contracts';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Person, Time } from './bits.tsx';
import { PanelHeader } from './PanelHeader.tsx';

/** Every agreement, objection and comment, oldest first, with proposed wordings. */
export function AnswersList({ answers, revision }: { answers: MessageAnswer[]; revision: number }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId} data-testid="answers">
      <PanelHeader
        headingId={headingId}
        title={
          <>
            {t('messages.answers.title')} <span className="panel__count">({answers.length})</span>
          </>
        }
      />
      {answers.length === 0 ? (
        <p className="panel__empty">{t('messages.answers.none')}</p>
      ) : (
        <ol className="msg-answers" aria-live="polite">
          {answers.map((a) => (
            <li
              key={a.id}
              className={`msg-answers__item msg-answers__item--${a.kind}`}
              data-testid="answer"
              data-kind={a.kind}
            >
              <p>
                <strong>{t(`messages.answers.kind.${a.kind}`)}</strong> · <Person person={a.by} /> ·{' '}
                <Time value={a.at} />
                {a.revision !== revision && (
                  <span className="muted"> · {t('messages.answers.earlierRevision', { revision: a.revision })}</span>
                )}
              </p>
              {a.comment && <p className="msg-answers__comment">{a.comment}</p>}
              {a.proposal && (
                <div className="msg-answers__proposal">
                  <p className="muted">{t('messages.answers.proposal')}</p>
                  <p>{a.proposal}</p>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
