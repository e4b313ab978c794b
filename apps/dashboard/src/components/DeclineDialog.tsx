import { type ActivationRequest, DeclineBodySchema } from '@samverkan/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { validate } from '../forms.ts';
import { useLiveStore } from '../live.ts';
import { Dialog } from './Dialog.tsx';
import { DialogForm } from './DialogForm.tsx';

/** Declining a request: the requester sees the reason. */
export function DeclineDialog({ request, onClose }: { request: ActivationRequest | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const store = useLiveStore();
  const [busy, setBusy] = useState(false);

  return (
    <Dialog open={request !== null} onClose={onClose} title={t('decline.dialogTitle')} dismissible={!busy}>
      {request && (
        <DialogForm
          fields={[
            { name: 'reason', label: t('decline.reason'), multiline: true, maxLength: 4000, testId: 'decline-reason' },
          ]}
          prepare={(values) => validate(DeclineBodySchema, { reason: values.reason }, t)}
          submit={async (body) => {
            store.applyRequest(await api.decline(request.id, body));
            onClose();
          }}
          onCancel={onClose}
          onBusyChange={setBusy}
          submitLabel={t('decline.submit')}
          submitTestId="decline-submit"
          tone="primary"
        >
          <div className="dialog__context">
            <p className="dialog__context-title">{request.title}</p>
            <p>
              {t('activate.fromRequest', {
                name: request.requestedBy.name,
                actor: request.requestedBy.actorName,
                time: formatDateTime(request.requestedAt, i18n.language),
              })}
            </p>
          </div>
          <p className="dialog__intro">{t('decline.intro')}</p>
        </DialogForm>
      )}
    </Dialog>
  );
}
