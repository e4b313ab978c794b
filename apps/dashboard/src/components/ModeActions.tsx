import { can, type User } from '@samverkan/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLive } from '../live.ts';
import { ActivateDialog } from './ActivateDialog.tsx';
import { DeactivateDialog } from './DeactivateDialog.tsx';
import { RequestActivationDialog } from './RequestActivationDialog.tsx';

type Open = 'request' | 'activate' | 'deactivate' | null;

/** What this user may do about the mode: ask for activation (the green button), or decide. */
export function ModeActions({ user }: { user: User }) {
  const { t } = useTranslation();
  const { mode } = useLive();
  const [open, setOpen] = useState<Open>(null);
  const [sent, setSent] = useState(false);
  const mayRequest = can(user.role, 'requestActivation');
  const mayDecide = can(user.role, 'decideActivation');
  const ordinary = mode?.mode === 'ordinary';
  const activated = mode?.mode === 'activated';

  // The confirmation is about the ordinary mode it was sent in; an activation answers it.
  useEffect(() => {
    if (activated) setSent(false);
  }, [activated]);

  useEffect(() => {
    if (!sent) return;
    const timer = window.setTimeout(() => setSent(false), 8_000);
    return () => window.clearTimeout(timer);
  }, [sent]);

  if (!mayRequest && !mayDecide) return null;
  const close = () => setOpen(null);

  return (
    <div className="mode-actions">
      <div className="mode-actions__buttons">
        {mayRequest && ordinary && (
          <button
            type="button"
            className="btn btn--go btn--large"
            data-testid="request-activation"
            onClick={() => setOpen('request')}
          >
            {t('actions.requestActivation')}
          </button>
        )}
        {mayDecide && ordinary && (
          <button type="button" className="btn btn--danger" data-testid="activate" onClick={() => setOpen('activate')}>
            {t('actions.activate')}
          </button>
        )}
        {mayDecide && activated && (
          <button
            type="button"
            className="btn btn--on-red"
            data-testid="deactivate"
            onClick={() => setOpen('deactivate')}
          >
            {t('actions.deactivate')}
          </button>
        )}
      </div>
      <p className="mode-actions__note" role="status">
        {sent ? t('request.sent') : ''}
      </p>

      <RequestActivationDialog open={open === 'request'} onClose={close} onSent={() => setSent(true)} />
      <ActivateDialog open={open === 'activate'} onClose={close} />
      <DeactivateDialog open={open === 'deactivate'} onClose={close} />
    </div>
  );
}
