import { CommentBodySchema, type Message, ObjectBodySchema } from '@samverkan/contracts';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { type FieldErrors, issueMessage } from '../forms.ts';
import { useLiveStore } from '../live.ts';
import { Dialog } from './Dialog.tsx';
import { DialogActions } from './DialogActions.tsx';
import { FormError } from './FormError.tsx';
import { staleOrDescribe } from './messageErrors.ts';
import { TextField } from './TextField.tsx';
import type { AnswerKind } from './YourAnswer.tsx';

/** Invänd (a comment is required, a proposed wording optional) or Kommentera. */
export function AnswerDialog({
  kind,
  message: m,
  onClose,
  onDone,
}: {
  kind: AnswerKind | null;
  message: Message;
  onClose: () => void;
  onDone: (m: Message) => void;
}) {
  const { t } = useTranslation();
  const store = useLiveStore();
  const [comment, setComment] = useState('');
  const [proposal, setProposal] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (kind === null) return;
    setComment('');
    setProposal('');
    setErrors({});
    setError(null);
  }, [kind]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy || kind === null) return;
    const schema = kind === 'object' ? ObjectBodySchema : CommentBodySchema;
    const parsed = schema.safeParse({
      revision: m.revision,
      comment,
      ...(proposal.trim() ? { proposal } : {}),
    });
    if (!parsed.success) {
      const next: FieldErrors = {};
      for (const issue of parsed.error.issues) next[String(issue.path[0])] ??= issueMessage(issue, t);
      setErrors(next);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result =
        kind === 'object' ? await api.objectMessage(m.id, parsed.data) : await api.commentMessage(m.id, parsed.data);
      onDone(result);
    } catch (err) {
      store.handleError(err);
      setError(staleOrDescribe(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open={kind !== null}
      onClose={onClose}
      title={kind === 'object' ? t('messages.answer.objectTitle') : t('messages.answer.commentTitle')}
      tone={kind === 'object' ? 'danger' : 'neutral'}
      dismissible={!busy}
      testId="answer-dialog"
    >
      <form className="dialog__form" noValidate onSubmit={submit}>
        <div className="dialog__body">
          <p className="dialog__intro">{t('messages.answer.about', { headline: m.headline, revision: m.revision })}</p>
          <TextField
            name="comment"
            label={kind === 'object' ? t('messages.answer.why') : t('messages.answer.comment')}
            multiline
            required
            autoFocus
            maxLength={2000}
            value={comment}
            onChange={(v) => {
              setComment(v);
              setErrors((e) => ({ ...e, comment: undefined }));
            }}
            error={errors.comment}
            testId="answer-comment-text"
            readOnly={busy}
          />
          <TextField
            name="proposal"
            label={t('messages.answer.proposal')}
            hint={t('messages.answer.proposalHint')}
            multiline
            optional
            maxLength={5000}
            value={proposal}
            onChange={(v) => {
              setProposal(v);
              setErrors((e) => ({ ...e, proposal: undefined }));
            }}
            error={errors.proposal}
            testId="answer-proposal"
            readOnly={busy}
          />
          <FormError error={error} />
        </div>
        <DialogActions
          busy={busy}
          onCancel={onClose}
          confirmLabel={kind === 'object' ? t('messages.consult.object') : t('messages.consult.comment')}
          confirmTestId="answer-submit"
          tone={kind === 'object' ? 'danger' : 'primary'}
          confirmDisabled={busy}
        />
      </form>
    </Dialog>
  );
}
