import { DeactivateBodySchema, type ModeState } from '@samverkan/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, conflictState } from '../api.ts';
import { validate } from '../forms.ts';
import { useLive, useLiveStore } from '../live.ts';
import { ModeSummary } from './bits.tsx';
import { Dialog } from './Dialog.tsx';
import { DialogForm } from './DialogForm.tsx';

/** The decision to end an activation, with its reason. */
export function DeactivateDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  return (
    <Dialog open={open} onClose={onClose} title={t('deactivate.dialogTitle')} tone="neutral" dismissible={!busy}>
      <DeactivateForm onDone={onClose} onBusyChange={setBusy} />
    </Dialog>
  );
}

function DeactivateForm({ onDone, onBusyChange }: { onDone: () => void; onBusyChange: (busy: boolean) => void }) {
  const { t } = useTranslation();
  const store = useLiveStore();
  const { mode } = useLive();
  const [seenVersion, setSeenVersion] = useState(() => mode?.version ?? 0);
  const [conflict, setConflict] = useState<ModeState | null>(null);

  return (
    <DialogForm
      fields={[
        { name: 'reason', label: t('form.reason'), multiline: true, maxLength: 4000, testId: 'deactivate-reason' },
      ]}
      prepare={(values) => validate(DeactivateBodySchema, { reason: values.reason, expectedVersion: seenVersion }, t)}
      submit={async (body) => {
        store.applyMode(await api.deactivate(body));
        onDone();
      }}
      onError={(err) => {
        const current = conflictState(err);
        if (!current) return;
        store.applyMode(current);
        setSeenVersion(current.version);
        setConflict(current);
      }}
      onCancel={onDone}
      onBusyChange={onBusyChange}
      submitLabel={t('deactivate.submit')}
      submitTestId="deactivate-submit"
      tone="primary"
      blocked={mode?.mode === 'ordinary' ? t('errors.alreadyOrdinary') : undefined}
      notice={conflict && <ModeSummary state={conflict} />}
    >
      <p className="dialog__intro">{t('deactivate.intro')}</p>
      {mode?.mode === 'activated' && mode.title && (
        <p className="dialog__context">{t('deactivate.current', { title: mode.title })}</p>
      )}
    </DialogForm>
  );
}
