import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { useLiveStore } from '../live.ts';
import { FormError } from './FormError.tsx';
import { messageConflictOf, staleOrDescribe } from './messageErrors.ts';
import type { MessagePanelProps } from './messagePanel.ts';

export type AnswerKind = 'object' | 'comment';

/**
 * The consulted actor's answer to this revision: agree at once, or open the
 * dialog to object or comment (which need words).
 */
export function YourAnswer({
  message: m,
  apply,
  say,
  onAnswer,
}: MessagePanelProps & { onAnswer: (kind: AnswerKind) => void }) {
  const { t } = useTranslation();
  const store = useLiveStore();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function agree() {
    setBusy(true);
    setError(null);
    try {
      apply(await api.agreeMessage(m.id, { revision: m.revision }));
      say(t('messages.consult.agreed'));
    } catch (err) {
      store.handleError(err);
      const current = messageConflictOf(err)?.current;
      if (current) apply(current);
      setError(staleOrDescribe(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="msg-answer">
      <h3 className="msg-sub">{t('messages.consult.yourAnswer', { revision: m.revision })}</h3>
      <div className="msg-editor__actions">
        <button
          type="button"
          className="btn btn--go btn--small"
          data-testid="answer-agree"
          disabled={busy}
          onClick={() => void agree()}
        >
          {t('messages.consult.agree')}
        </button>
        <button
          type="button"
          className="btn btn--danger-quiet btn--small"
          data-testid="answer-object"
          onClick={() => onAnswer('object')}
        >
          {t('messages.consult.object')}
        </button>
        <button
          type="button"
          className="btn btn--quiet btn--small"
          data-testid="answer-comment"
          onClick={() => onAnswer('comment')}
        >
          {t('messages.consult.comment')}
        </button>
      </div>
      <FormError error={error} />
    </div>
  );
}
