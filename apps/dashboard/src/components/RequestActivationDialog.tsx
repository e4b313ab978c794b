import { ActivationRequestBodySchema } from '@samverkan/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, conflictState } from '../api.ts';
import { validate } from '../forms.ts';
import { useLive, useLiveStore } from '../live.ts';
import { Dialog } from './Dialog.tsx';
import { DialogForm } from './DialogForm.tsx';

/** The green button's dialog: any duty officer may ask the regional duty function to activate SSR. */
export function RequestActivationDialog({
  open,
  onClose,
  onSent,
}: {
  open: boolean;
  onClose: () => void;
  onSent: () => void;
}) {
  const { t } = useTranslation();
  const store = useLiveStore();
  const { mode } = useLive();
  const [busy, setBusy] = useState(false);

  return (
    <Dialog open={open} onClose={onClose} title={t('request.dialogTitle')} tone="go" dismissible={!busy}>
      <DialogForm
        fields={[
          { name: 'title', label: t('form.title'), hint: t('form.titleHint'), maxLength: 200, testId: 'request-title' },
          {
            name: 'reason',
            label: t('form.reason'),
            hint: t('form.requestReasonHint'),
            multiline: true,
            maxLength: 4000,
            testId: 'request-reason',
          },
        ]}
        prepare={(values) => validate(ActivationRequestBodySchema, values, t)}
        submit={async (body) => {
          store.applyRequest(await api.requestActivation(body));
          onSent();
          onClose();
        }}
        onError={(err) => {
          const current = conflictState(err);
          if (current) store.applyMode(current);
        }}
        onCancel={onClose}
        onBusyChange={setBusy}
        submitLabel={t('request.submit')}
        submitTestId="request-submit"
        tone="go"
        blocked={mode?.mode === 'activated' ? t('request.alreadyActivated') : undefined}
      >
        <p className="dialog__intro">{t('request.dialogIntro')}</p>
        <p className="dialog__warning">{t('form.noClassified')}</p>
      </DialogForm>
    </Dialog>
  );
}
