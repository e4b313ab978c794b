import { useTranslation } from 'react-i18next';

/**
 * A dialog's buttons: Cancel, and the one that sends the decision (it reads
 * "Skickar…" while the request is on its way). Each dialog keeps its own way
 * of showing that: `confirmDisabled` greys the button out, `ariaDisabled`
 * keeps it focusable but announced as unavailable, `ariaBusy` announces the wait.
 */
export function DialogActions({
  busy,
  onCancel,
  cancelFocused = false,
  confirmLabel,
  confirmTestId,
  tone,
  onConfirm,
  confirmDisabled,
  ariaDisabled = false,
  ariaBusy = false,
}: {
  busy: boolean;
  onCancel: () => void;
  /** Focus starts on Cancel: for a confirmation the harmless choice comes first. */
  cancelFocused?: boolean;
  confirmLabel: string;
  confirmTestId: string;
  tone: 'go' | 'danger' | 'primary';
  /** Runs the decision; without it the button submits the dialog's form. */
  onConfirm?: () => void;
  confirmDisabled?: boolean;
  ariaDisabled?: boolean;
  ariaBusy?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="dialog__actions">
      <button
        type="button"
        className="btn btn--quiet"
        data-autofocus={cancelFocused ? '' : undefined}
        disabled={busy}
        onClick={onCancel}
      >
        {t('actions.cancel')}
      </button>
      <button
        type={onConfirm ? 'button' : 'submit'}
        className={`btn btn--${tone}`}
        data-testid={confirmTestId}
        disabled={confirmDisabled}
        aria-disabled={ariaDisabled || undefined}
        aria-busy={ariaBusy || undefined}
        onClick={onConfirm}
      >
        {busy ? t('actions.sending') : confirmLabel}
      </button>
    </div>
  );
}
