import { type ReactNode, useId, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  /** Colours the dialog's edge: a decision that activates SSR is red, a request green. */
  tone?: 'go' | 'danger' | 'neutral';
  /** While false, Escape and the close button do nothing (e.g. while a request is on its way). */
  dismissible?: boolean;
  testId?: string;
  /** A wider dialog, for reading a whole report. */
  wide?: boolean;
  /**
   * Where focus goes on closing, if not back to the opener: e.g. after a
   * removal, whose button is gone. Returning nothing falls back to the opener.
   */
  restoreFocus?: () => HTMLElement | null | undefined;
  /** Rendered only while open, so every opening starts afresh. */
  children: ReactNode;
}

/**
 * A modal on the native `<dialog>`: the browser traps focus and closes it on
 * Escape. Opening focuses the element marked `data-autofocus` (or the first
 * field); closing returns focus to where it was, or to the mode banner if that
 * element is gone.
 */
export function Dialog({
  open,
  onClose,
  title,
  tone = 'neutral',
  dismissible = true,
  testId,
  wide = false,
  restoreFocus,
  children,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const titleId = useId();
  const { t } = useTranslation();

  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
      const first =
        dialog.querySelector<HTMLElement>('[data-autofocus]') ??
        dialog.querySelector<HTMLElement>('input, textarea, select, button:not(.dialog__close)');
      first?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  function handleClose() {
    const previous = opener.current;
    opener.current = null;
    onClose();
    const target = restoreFocus?.();
    if (target?.isConnected) target.focus();
    else if (previous instanceof HTMLElement && previous.isConnected) previous.focus();
    else document.getElementById('mode-banner')?.focus();
  }

  return (
    <dialog
      ref={ref}
      className={`dialog dialog--${tone}${wide ? ' dialog--wide' : ''}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onClose={handleClose}
      onCancel={(event) => {
        if (!dismissible) event.preventDefault();
      }}
    >
      {open && (
        <>
          <header className="dialog__header">
            <h2 id={titleId} className="dialog__title">
              {title}
            </h2>
            <button
              type="button"
              className="dialog__close"
              aria-label={t('actions.close')}
              disabled={!dismissible}
              onClick={() => ref.current?.close()}
            >
              ×
            </button>
          </header>
          {children}
        </>
      )}
    </dialog>
  );
}
