import type { Actor, Callout, CalloutBody } from '@samverkan/contracts';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api.ts';
import { type CalloutDraft, calloutApiErrors, emptyCalloutDraft, prepareCallout } from '../callouts.ts';
import { describeError, type FieldErrors } from '../forms.ts';
import { useLiveStore } from '../live.ts';
import { useFocusAfterRender } from '../useFocusAfterRender.ts';
import { ActorCheckboxes } from './ActorCheckboxes.tsx';
import { ExerciseTag } from './bits.tsx';
import { CheckboxField } from './CheckboxField.tsx';
import { Dialog } from './Dialog.tsx';
import { DialogActions } from './DialogActions.tsx';
import { FormPanel } from './FormPanel.tsx';
import { TextField } from './TextField.tsx';

/** A message under the form; `n` makes a repeated message count as new. */
type Notice = { text: string; n: number };

const INVALID = '[aria-invalid="true"], [data-invalid-focus]';

/**
 * The kallelse: a title, a message, all actors or chosen ones, and whether it
 * is an exercise. Validated with the contract's CalloutBodySchema; nothing is
 * sent before a confirmation that names exactly who will be called.
 */
export function CalloutForm({
  actors,
  exerciseMode,
  onSent,
}: {
  actors: Actor[] | null;
  /** SSR is activated as an exercise: every kallelse is one too. */
  exerciseMode: boolean;
  onSent: (callout: Callout) => void;
}) {
  const { t } = useTranslation();
  const store = useLiveStore();
  const headingId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<CalloutDraft>(() => emptyCalloutDraft());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<CalloutBody | null>(null);
  const [sendError, setSendError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  /** After a refused send the dialog closes onto the first field to correct. */
  const focusInvalid = useRef(false);
  const exercise = draft.exercise || exerciseMode;

  useEffect(() => {
    if (!notice) return;
    const timer = window.setTimeout(() => setNotice(null), 10_000);
    return () => window.clearTimeout(timer);
  }, [notice]);

  function update(patch: Partial<CalloutDraft>, clear: string[]) {
    setDraft((d) => ({ ...d, ...patch }));
    if (clear.some((key) => errors[key])) {
      setErrors((e) => {
        const next = { ...e };
        for (const key of clear) delete next[key];
        return next;
      });
    }
  }

  const focusAfterRender = useFocusAfterRender();
  function focusFirstInvalid() {
    focusAfterRender(() => formRef.current?.querySelector<HTMLElement>(INVALID));
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const prepared = prepareCallout({ ...draft, exercise }, t);
    if (!prepared.ok) {
      setErrors(prepared.errors);
      setFormError(t('errors.invalid'));
      focusFirstInvalid();
      return;
    }
    setErrors({});
    setFormError(null);
    setSendError(null);
    setConfirming(prepared.data);
  }

  async function send(body: CalloutBody) {
    if (busy) return;
    setBusy(true);
    setSendError(null);
    try {
      const callout = await api.sendCallout(body);
      setBusy(false);
      setConfirming(null);
      setDraft(emptyCalloutDraft());
      setNotice((prev) => ({ text: t('callouts.form.sent', { count: callout.actors.length }), n: (prev?.n ?? 0) + 1 }));
      onSent(callout);
    } catch (err) {
      setBusy(false);
      store.handleError(err);
      const fieldErrors = calloutApiErrors(err, t);
      if (err instanceof ApiError && err.status === 400 && Object.keys(fieldErrors).length > 0) {
        setErrors(fieldErrors);
        setFormError(describeError(err, t));
        focusInvalid.current = true;
        setConfirming(null);
      } else {
        setSendError(describeError(err, t));
      }
    }
  }

  const chosenNames = (ids: readonly string[]) =>
    ids.map((id) => actors?.find((a) => a.id === id)?.name ?? id).sort((a, b) => a.localeCompare(b, 'sv'));
  const total = actors?.length ?? 0;
  const recipientsErrorId = `${headingId}-recipients-error`;
  const recipientsError = errors.actorIds;

  return (
    <FormPanel
      headingId={headingId}
      title={t('callouts.form.title')}
      intro={t('callouts.form.intro')}
      formRef={formRef}
      onSubmit={handleSubmit}
      formTestId="callout-form"
      panelTestId="callout-form-panel"
      after={
        <Dialog
          open={confirming !== null}
          onClose={() => setConfirming(null)}
          title={confirming?.exercise ? t('callouts.confirm.titleExercise') : t('callouts.confirm.title')}
          tone="danger"
          dismissible={!busy}
          testId="callout-confirm"
          restoreFocus={() => {
            if (!focusInvalid.current) return null;
            focusInvalid.current = false;
            return formRef.current?.querySelector<HTMLElement>(INVALID);
          }}
        >
          {confirming && (
            <>
              <div className="dialog__body">
                {confirming.exercise && (
                  <p className="exercise-strip">
                    <ExerciseTag /> {t('callouts.exerciseText')}
                  </p>
                )}
                {confirming.actorIds ? (
                  <>
                    <p data-testid="callout-confirm-text">
                      {t('callouts.confirm.toChosen', { title: confirming.title, count: confirming.actorIds.length })}
                    </p>
                    <ul className="confirm-actors" data-testid="callout-confirm-actors">
                      {chosenNames(confirming.actorIds).map((name) => (
                        <li key={name}>{name}</li>
                      ))}
                    </ul>
                  </>
                ) : (
                  <p data-testid="callout-confirm-text">
                    {t('callouts.confirm.toAll', { title: confirming.title, count: total })}
                  </p>
                )}
                <div className="dialog__context">
                  <p className="dialog__context-title">{confirming.title}</p>
                  <p className="request__reason">{confirming.message}</p>
                </div>
                <p className="dialog__intro">{t('callouts.confirm.how')}</p>
                {sendError && (
                  <p className="form-error" role="alert">
                    {sendError}
                  </p>
                )}
              </div>
              <DialogActions
                busy={busy}
                onCancel={() => setConfirming(null)}
                cancelFocused
                confirmLabel={confirming.exercise ? t('callouts.confirm.submitExercise') : t('callouts.confirm.submit')}
                confirmTestId="callout-confirm-send"
                tone="danger"
                onConfirm={() => void send(confirming)}
                ariaDisabled={busy}
                ariaBusy={busy}
              />
            </>
          )}
        </Dialog>
      }
    >
      <TextField
        name="title"
        label={t('callouts.form.subject')}
        hint={t('callouts.form.subjectHint')}
        value={draft.title}
        onChange={(title) => update({ title }, ['title'])}
        error={errors.title}
        required
        maxLength={200}
        autoComplete="off"
        testId="callout-title-input"
        readOnly={busy}
      />
      <TextField
        name="message"
        label={t('callouts.form.message')}
        hint={t('callouts.form.messageHint')}
        multiline
        value={draft.message}
        onChange={(message) => update({ message }, ['message'])}
        error={errors.message}
        required
        maxLength={4000}
        testId="callout-message-input"
        readOnly={busy}
      />

      <fieldset
        className={`recipients${recipientsError ? ' recipients--invalid' : ''}`}
        aria-describedby={recipientsError ? recipientsErrorId : undefined}
        data-testid="callout-recipients"
      >
        <legend className="field__label">{t('callouts.form.recipients')}</legend>
        <label className="radio">
          <input
            type="radio"
            name="recipients"
            value="all"
            checked={draft.recipients === 'all'}
            onChange={() => update({ recipients: 'all' }, ['actorIds'])}
            data-testid="callout-recipients-all"
          />
          {t('callouts.form.all', { n: actors ? actors.length : '…' })}
        </label>
        <label className="radio">
          <input
            type="radio"
            name="recipients"
            value="chosen"
            checked={draft.recipients === 'chosen'}
            onChange={() => update({ recipients: 'chosen' }, [])}
            data-testid="callout-recipients-chosen"
          />
          {t('callouts.form.chosen')}
          {draft.recipients === 'chosen' && (
            <span className="recipients__count" data-testid="callout-chosen-count">
              {' '}
              ({t('callouts.form.chosenCount', { count: draft.actorIds.length })})
            </span>
          )}
        </label>
        {recipientsError && (
          <p id={recipientsErrorId} className="field__error" data-testid="callout-recipients-error">
            {recipientsError}
          </p>
        )}
        {draft.recipients === 'chosen' && (
          <ActorChooser
            actors={actors}
            chosen={draft.actorIds}
            invalid={Boolean(recipientsError)}
            onChange={(actorIds) => update({ actorIds }, ['actorIds'])}
          />
        )}
      </fieldset>

      <CheckboxField
        label={t('callouts.form.exercise')}
        hint={exerciseMode ? t('callouts.form.exerciseForced') : t('callouts.form.exerciseHint')}
        checked={exercise}
        disabled={exerciseMode || busy}
        onChange={(checked) => update({ exercise: checked }, [])}
        testId="callout-exercise-input"
      />
      <p className="dialog__warning">{t('form.noClassified')}</p>

      {formError && (
        <p className="form-error" role="alert" data-testid="callout-form-error">
          {formError}
        </p>
      )}
      <p className={`notice${notice ? ' notice--ok' : ''}`} role="status" data-testid="callout-form-status">
        {notice && <span key={notice.n}>{notice.text}</span>}
      </p>
      <button type="submit" className="btn btn--primary btn--block" data-testid="callout-submit" disabled={!actors}>
        {t('callouts.form.submit')}
      </button>
    </FormPanel>
  );
}

/** The actors as checkboxes, grouped by category as elsewhere on the dashboard. */
function ActorChooser({
  actors,
  chosen,
  invalid,
  onChange,
}: {
  actors: Actor[] | null;
  chosen: string[];
  invalid: boolean;
  onChange: (actorIds: string[]) => void;
}) {
  const { t } = useTranslation();
  if (!actors) return <p className="field__hint">{t('actors.loading')}</p>;
  return (
    <div className="actor-chooser" data-testid="callout-actor-chooser">
      <ActorCheckboxes
        actors={actors}
        chosen={chosen}
        invalid={invalid}
        optionTestId="callout-actor-option"
        onChange={onChange}
      />
    </div>
  );
}
