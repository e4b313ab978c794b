import { useTranslation } from 'react-i18next';
import { FormError } from './FormError.tsx';

/**
 * The foot of a side-panel form: its error, then the submit button. While the
 * request is on its way the button stays focusable (aria-disabled, not
 * disabled) so focus is not lost, and says "Skickar…".
 */
export function FormSubmit({
  busy,
  label,
  testId,
  error,
  errorTestId,
}: {
  busy: boolean;
  label: string;
  testId: string;
  error: string | null;
  errorTestId: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <FormError error={error} testId={errorTestId} />
      <button
        type="submit"
        className="btn btn--primary btn--block"
        data-testid={testId}
        aria-disabled={busy || undefined}
        aria-busy={busy || undefined}
      >
        {busy ? t('actions.sending') : label}
      </button>
    </>
  );
}
