import { type Message, type WithdrawBody, WithdrawBodySchema } from '@samverkan/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { issueMessage } from '../forms.ts';
import { Dialog } from './Dialog.tsx';
import { DialogActions } from './DialogActions.tsx';
import { FormError } from './FormError.tsx';
import { TextField } from './TextField.tsx';

/** The confirmation before withdrawing, with an optional reason that goes out with the withdrawal. */
export function WithdrawDialog({
  open,
  message,
  busy,
  error,
  onClose,
  onConfirm,
}: {
  open: boolean;
  message: Message;
  busy: boolean;
  error: string | null;
  onClose: () => void;
  onConfirm: (body: WithdrawBody) => void;
}) {
  const { t } = useTranslation();
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t('messages.withdraw.title')}
      tone="danger"
      dismissible={!busy}
      testId="withdraw-dialog"
    >
      <WithdrawForm
        isPublic={message.classification === 'public'}
        busy={busy}
        error={error}
        onClose={onClose}
        onConfirm={onConfirm}
      />
    </Dialog>
  );
}

/** Mounted with each opening of the dialog, so the reason starts empty. */
function WithdrawForm({
  isPublic,
  busy,
  error,
  onClose,
  onConfirm,
}: {
  isPublic: boolean;
  busy: boolean;
  error: string | null;
  onClose: () => void;
  onConfirm: (body: WithdrawBody) => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>(undefined);

  function withdraw() {
    const parsed = WithdrawBodySchema.safeParse(reason.trim() ? { reason } : {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setReasonError(issue ? issueMessage(issue, t) : t('validation.invalid'));
      return;
    }
    onConfirm(parsed.data);
  }

  return (
    <form
      className="dialog__form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        withdraw();
      }}
    >
      <div className="dialog__body">
        <p className="dialog__intro">
          {isPublic ? t('messages.withdraw.textPublic') : t('messages.withdraw.textInternal')}
        </p>
        <TextField
          name="reason"
          label={t('messages.withdraw.reason')}
          multiline
          optional
          maxLength={1000}
          autoFocus
          value={reason}
          onChange={(v) => {
            setReason(v);
            setReasonError(undefined);
          }}
          error={reasonError}
          testId="withdraw-reason"
          readOnly={busy}
        />
        <FormError error={error} />
      </div>
      <DialogActions
        busy={busy}
        onCancel={onClose}
        confirmLabel={t('messages.withdraw.confirm')}
        confirmTestId="withdraw-confirm"
        tone="danger"
        confirmDisabled={busy}
      />
    </form>
  );
}
