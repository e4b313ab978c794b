import type { User } from '@samverkan/contracts';
import { useTranslation } from 'react-i18next';
import { useMessagePresence } from '../live.ts';
import { mayViewMessageDesk } from '../messages.ts';
import { AnswersList } from './AnswersList.tsx';
import { ConsultationPanel } from './ConsultationPanel.tsx';
import { MessageBackLink } from './MessageBackLink.tsx';
import { MessageEditor } from './MessageEditor.tsx';
import { MessageExerciseStrip, MessageHeader } from './MessageHeader.tsx';
import { MessageHistory } from './MessageHistory.tsx';
import { NoticeLine, useNotice } from './MessageNotice.tsx';
import { MessagePresence } from './MessagePresence.tsx';
import { MessagePreview } from './MessagePreview.tsx';
import { isDirty } from './messageEditorState.ts';
import { PublishPanel } from './PublishPanel.tsx';
import { type LoadState, useMessage } from './useMessage.ts';

/**
 * One joint message: the editor (with who else has it open, and a merge
 * instead of an overwrite when someone saved first), the consultation, the
 * preview of what goes out, and publishing, a new version or withdrawal.
 */
export function MessageView({ id, user }: { id: string; user: User }) {
  const { state, editor, setEditor, apply, load } = useMessage(id);
  const { notice, say } = useNotice();
  const desk = mayViewMessageDesk(user.role);
  const others = useMessagePresence(desk ? id : null, user.id);

  if (state.status !== 'ready' || editor === null) return <MessageLoading state={state} onRetry={load} />;

  const m = state.message;
  return (
    <>
      <div className="layout__main" data-testid="message-view" data-message-id={m.id} data-status={m.status}>
        <MessageBackLink />
        <section
          className={`panel msg-view${m.exercise ? ' msg-view--exercise' : ''}`}
          aria-labelledby="message-heading"
        >
          {m.exercise && <MessageExerciseStrip />}
          <MessageHeader message={m} />
          <MessagePresence others={others} />
        </section>

        {m.can.edit ? (
          <MessageEditor message={m} editor={editor} setEditor={setEditor} apply={apply} say={say} notice={notice} />
        ) : (
          notice && <NoticeLine notice={notice} />
        )}
        <MessagePreview message={m} />
      </div>
      <aside className="layout__side">
        <PublishPanel message={m} apply={apply} say={say} dirty={isDirty(editor)} />
        {desk && <ConsultationPanel message={m} apply={apply} say={say} />}
        {desk && <AnswersList answers={m.answers} revision={m.revision} />}
        <MessageHistory message={m} />
      </aside>
    </>
  );
}

/** While the message loads, or why it could not be shown (with a retry where trying again may help). */
function MessageLoading({ state, onRetry }: { state: LoadState; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="layout__main layout__main--wide">
      <MessageBackLink />
      <section className="panel" aria-busy={state.status === 'loading'}>
        {state.status === 'failed' ? (
          <div className="panel__empty panel__empty--error" data-testid="message-failed">
            <p>{state.reason === 'notFound' ? t('messages.view.notFound') : t('messages.view.failed')}</p>
            {state.reason === 'other' && (
              <button type="button" className="btn btn--quiet btn--small" onClick={onRetry}>
                {t('callouts.retry')}
              </button>
            )}
          </div>
        ) : (
          <p className="panel__empty">{t('messages.view.loading')}</p>
        )}
      </section>
    </div>
  );
}
