import { ActivateBodySchema, type ActivationRequest, type ModeState } from '@samverkan/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, conflictState } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { validate } from '../forms.ts';
import { useLive, useLiveStore } from '../live.ts';
import { ModeSummary } from './bits.tsx';
import { CheckboxField } from './CheckboxField.tsx';
import { Dialog } from './Dialog.tsx';
import { DialogForm } from './DialogForm.tsx';

interface ActivateDialogProps {
  open: boolean;
  onClose: () => void;
  /** The request this activation answers, if any; its title and reason fill the form. */
  request?: ActivationRequest | null;
}

/** The decision to activate SSR, directly or from a request. */
export function ActivateDialog({ open, onClose, request }: ActivateDialogProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={request ? t('activate.fromRequestTitle') : t('activate.dialogTitle')}
      tone="danger"
      dismissible={!busy}
    >
      <ActivateForm request={request ?? null} onDone={onClose} onBusyChange={setBusy} />
    </Dialog>
  );
}

function ActivateForm({
  request,
  onDone,
  onBusyChange,
}: {
  request: ActivationRequest | null;
  onDone: () => void;
  onBusyChange: (busy: boolean) => void;
}) {
  const { t, i18n } = useTranslation();
  const store = useLiveStore();
  const { mode } = useLive();
  // The decision is made on the state shown when the dialog opened; a 409 shows the fresh one.
  const [seenVersion, setSeenVersion] = useState(() => mode?.version ?? 0);
  const [conflict, setConflict] = useState<ModeState | null>(null);
  const [exercise, setExercise] = useState(false);
  const [busy, setBusy] = useState(false);

  return (
    <DialogForm
      fields={[
        { name: 'title', label: t('form.title'), hint: t('form.titleHint'), maxLength: 200, testId: 'activate-title' },
        { name: 'reason', label: t('form.reason'), multiline: true, maxLength: 4000, testId: 'activate-reason' },
      ]}
      initial={request ? { title: request.title, reason: request.reason } : {}}
      prepare={(values) =>
        validate(
          ActivateBodySchema,
          {
            ...values,
            expectedVersion: seenVersion,
            ...(request ? { requestId: request.id } : {}),
            ...(exercise ? { exercise: true } : {}),
          },
          t,
        )
      }
      submit={async (body) => {
        store.applyMode(await api.activate(body));
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
      onBusyChange={(next) => {
        setBusy(next);
        onBusyChange(next);
      }}
      submitLabel={exercise ? t('activate.submitExercise') : t('activate.submit')}
      submitTestId="activate-submit"
      tone="danger"
      blocked={mode?.mode === 'activated' ? t('errors.alreadyActivated') : undefined}
      notice={conflict && <ModeSummary state={conflict} />}
      after={
        <CheckboxField
          label={t('activate.exercise')}
          hint={t('activate.exerciseHint')}
          checked={exercise}
          disabled={busy}
          onChange={setExercise}
          testId="activate-exercise"
        />
      }
    >
      <p className="dialog__intro">{t('activate.intro')}</p>
      {request && (
        <p className="dialog__context">
          {t('activate.fromRequest', {
            name: request.requestedBy.name,
            actor: request.requestedBy.actorName,
            time: formatDateTime(request.requestedAt, i18n.language),
          })}
        </p>
      )}
      <p className="dialog__warning">{t('form.noClassified')}</p>
    </DialogForm>
  );
}
