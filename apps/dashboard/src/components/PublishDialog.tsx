import type { Message, Requirement } from '@samverkan/contracts';
import { useTranslation } from 'react-i18next';
import { ExerciseTag } from './bits.tsx';
import { Dialog } from './Dialog.tsx';
import { DialogActions } from './DialogActions.tsx';
import { FormError } from './FormError.tsx';
import { requirementText } from './requirementText.ts';

/**
 * The confirmation before publishing: which revision goes out, and where (to
 * the actors, and for a public message as CAP to the public). A refusal for
 * missing agreements names them.
 */
export function PublishDialog({
  open,
  message: m,
  dirty,
  busy,
  error,
  missing,
  onClose,
  onConfirm,
}: {
  open: boolean;
  message: Message;
  /** The editor holds unsaved changes, which will not go out. */
  dirty: boolean;
  busy: boolean;
  error: string | null;
  missing: Requirement[] | null;
  onClose: () => void;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={m.exercise ? t('messages.publish.titleExercise') : t('messages.publish.title')}
      tone="danger"
      dismissible={!busy}
      testId="publish-message-dialog"
    >
      <div className="dialog__body">
        {m.exercise && (
          <p className="exercise-strip">
            <ExerciseTag /> {t('messages.exerciseText')}
          </p>
        )}
        <div className="dialog__context">
          <p className="dialog__context-title">{m.headline}</p>
          <p className="muted">{t('messages.publish.revision', { revision: m.revision })}</p>
        </div>
        {dirty && <p className="dialog__warning">{t('messages.publish.unsaved')}</p>}
        <h3 className="msg-targets__title">{t('messages.publish.where')}</h3>
        <ul className="msg-targets" data-testid="publish-targets">
          <li data-testid="publish-target-actors">
            <strong>{t('messages.publish.toActors')}</strong> {t('messages.publish.toActorsHow')}
          </li>
          {m.classification === 'public' ? (
            <li data-testid="publish-target-public">
              <strong>{t('messages.publish.toPublic')}</strong>{' '}
              {t('messages.publish.toPublicHow', { msgType: m.previousId ? 'Update' : 'Alert' })}
            </li>
          ) : (
            <li data-testid="publish-target-internal">
              <strong>{t('messages.publish.internalOnly')}</strong>
            </li>
          )}
        </ul>
        {missing && missing.length > 0 && (
          <div className="form-error" role="alert" data-testid="publish-missing">
            <p>{t('messages.publish.missing')}</p>
            <ul>
              {missing.map((r) => (
                <li key={`${r.requirement}-${r.actorId ?? ''}`}>{requirementText(r, m, t)}</li>
              ))}
            </ul>
          </div>
        )}
        {!missing && <FormError error={error} />}
      </div>
      <DialogActions
        busy={busy}
        onCancel={onClose}
        cancelFocused
        confirmLabel={t('messages.publish.confirm')}
        confirmTestId="publish-message-confirm"
        tone="danger"
        onConfirm={onConfirm}
        confirmDisabled={busy}
        ariaBusy={busy}
      />
    </Dialog>
  );
}
