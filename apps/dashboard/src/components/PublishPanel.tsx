import type { WithdrawBody } from '@samverkan/contracts';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { navigate } from '../router.ts';
import { FormError } from './FormError.tsx';
import type { MessagePanelProps } from './messagePanel.ts';
import { PanelHeader } from './PanelHeader.tsx';
import { PublishDialog } from './PublishDialog.tsx';
import { useMessageAction } from './useMessageAction.ts';
import { WithdrawDialog } from './WithdrawDialog.tsx';

/**
 * The decisions on a message, for those who may make them: publish (after a
 * confirmation), start a new version of a published one, or withdraw it.
 */
export function PublishPanel({ message: m, apply, say, dirty }: MessagePanelProps & { dirty: boolean }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [dialog, setDialog] = useState<'publish' | 'withdraw' | null>(null);
  const { busy, error, missing, run, reset } = useMessageAction(apply, () => setDialog(null));
  const editorOfMessage = m.can.edit || m.can.publish || m.can.update || m.can.withdraw;
  if (!editorOfMessage) return null;

  function open(which: 'publish' | 'withdraw') {
    reset();
    setDialog(which);
  }

  function publish() {
    void run(
      () => api.publishMessage(m.id, m.revision),
      (published) => {
        apply(published, { resetEditor: true });
        say(t('messages.actions.published'));
      },
    );
  }

  function withdraw(body: WithdrawBody) {
    void run(
      () => api.withdrawMessage(m.id, body),
      (withdrawn) => {
        apply(withdrawn, { resetEditor: true });
        say(t('messages.actions.withdrawn'));
      },
    );
  }

  function newVersion() {
    void run(
      () => api.newMessageVersion(m.id),
      (draft) => navigate({ page: 'messages', id: draft.id }),
    );
  }

  return (
    <section className="panel" aria-labelledby={headingId} data-testid="message-actions">
      <PanelHeader headingId={headingId} title={t('messages.actions.title')} />
      <div className="msg-actions">
        {m.can.publish && (
          <button
            type="button"
            className="btn btn--danger btn--block"
            data-testid="publish-message"
            onClick={() => open('publish')}
          >
            {m.exercise ? t('messages.actions.publishExercise') : t('messages.actions.publish')}
          </button>
        )}
        {!m.can.publish && (m.status === 'draft' || m.status === 'consultation') && (
          <p className="field__hint" data-testid="publish-blocked">
            {m.status === 'draft' ? t('messages.actions.notConsulted') : t('messages.actions.waiting')}
          </p>
        )}
        {m.can.update && (
          <button
            type="button"
            className="btn btn--primary btn--block"
            data-testid="new-version"
            disabled={busy}
            onClick={newVersion}
          >
            {t('messages.actions.newVersion')}
          </button>
        )}
        {m.can.withdraw && (
          <button
            type="button"
            className="btn btn--danger-quiet btn--block"
            data-testid="withdraw-message"
            onClick={() => open('withdraw')}
          >
            {t('messages.actions.withdraw')}
          </button>
        )}
        {dialog === null && <FormError error={error} />}
      </div>

      <PublishDialog
        open={dialog === 'publish'}
        message={m}
        dirty={dirty}
        busy={busy}
        error={error}
        missing={missing}
        onClose={() => setDialog(null)}
        onConfirm={publish}
      />
      <WithdrawDialog
        open={dialog === 'withdraw'}
        message={m}
        busy={busy}
        error={error}
        onClose={() => setDialog(null)}
        onConfirm={withdraw}
      />
    </section>
  );
}
