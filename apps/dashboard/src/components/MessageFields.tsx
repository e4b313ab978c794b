import { type Actor, WHOLE_COUNTY } from '@samverkan/contracts';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldErrors } from '../forms.ts';
import { type DraftField, type MessageDraft, municipalityOptions, toggleArea } from '../messages.ts';
import { ActorOptions } from './ActorOptions.tsx';
import { CheckboxField } from './CheckboxField.tsx';
import { TextField } from './TextField.tsx';

interface MessageFieldsProps {
  draft: MessageDraft;
  onChange: (patch: Partial<MessageDraft>, clear: DraftField[]) => void;
  errors: FieldErrors;
  actors: Actor[] | null;
  readOnly?: boolean;
  /** The exercise flag is the activation's when SSR is activated as an exercise. */
  exerciseForced?: boolean;
}

/**
 * The fields of a joint message: the Swedish text, an optional English one,
 * areas, class, responsible actor, audiences, planned time and exercise.
 * Each error shows right under its field.
 */
export function MessageFields({
  draft,
  onChange,
  errors,
  actors,
  readOnly = false,
  exerciseForced = false,
}: MessageFieldsProps) {
  const { t } = useTranslation();
  const id = useId();
  const text = (field: 'headline' | 'body' | 'instruction' | 'enHeadline' | 'enBody' | 'enInstruction') => ({
    name: field,
    value: draft[field],
    onChange: (value: string) => onChange({ [field]: value }, [field]),
    error: errors[field],
    readOnly,
  });
  const county = draft.areas.includes(WHOLE_COUNTY);
  const areasErrorId = `${id}-areas-error`;
  const responsibleErrorId = `${id}-responsible-error`;
  const plannedErrorId = `${id}-planned-error`;
  const classificationErrorId = `${id}-classification-error`;

  return (
    <div className="msg-fields">
      <TextField
        {...text('headline')}
        label={t('messages.form.headline')}
        hint={t('messages.form.headlineHint')}
        required
        maxLength={160}
        autoComplete="off"
        testId="msg-headline"
      />
      <TextField
        {...text('body')}
        label={t('messages.form.body')}
        multiline
        required
        maxLength={5000}
        testId="msg-body"
      />
      <TextField
        {...text('instruction')}
        label={t('messages.form.instruction')}
        hint={t('messages.form.instructionHint')}
        multiline
        optional
        maxLength={2000}
        testId="msg-instruction"
      />

      <details className="msg-fields__english" open={Boolean(draft.enHeadline || draft.enBody || errors.enHeadline)}>
        <summary data-testid="msg-english-toggle">{t('messages.form.english')}</summary>
        <p className="field__hint">{t('messages.form.englishHint')}</p>
        <div lang="en">
          <TextField
            {...text('enHeadline')}
            label={t('messages.form.enHeadline')}
            optional
            maxLength={160}
            testId="msg-en-headline"
          />
          <TextField {...text('enBody')} label={t('messages.form.enBody')} multiline optional testId="msg-en-body" />
          <TextField
            {...text('enInstruction')}
            label={t('messages.form.enInstruction')}
            multiline
            optional
            testId="msg-en-instruction"
          />
        </div>
      </details>

      <fieldset
        className={`recipients msg-areas${errors.areas ? ' recipients--invalid' : ''}`}
        aria-describedby={errors.areas ? areasErrorId : undefined}
        data-testid="msg-areas"
      >
        <legend className="field__label">
          {t('messages.form.areas')} <span className="field__required">({t('form.required')})</span>
        </legend>
        <p className="field__hint">{t('messages.form.areasHint')}</p>
        {errors.areas && (
          <p id={areasErrorId} className="field__error" data-testid="msg-areas-error">
            {errors.areas}
          </p>
        )}
        <label className="check-inline msg-areas__county">
          <input
            type="checkbox"
            checked={county}
            disabled={readOnly}
            data-testid="msg-area"
            data-area={WHOLE_COUNTY}
            aria-invalid={errors.areas ? true : undefined}
            onChange={(e) => onChange({ areas: toggleArea(draft.areas, WHOLE_COUNTY, e.target.checked) }, ['areas'])}
          />
          {t('messages.form.county')}
        </label>
        <div className="actor-chooser msg-areas__list">
          {municipalityOptions.map((m) => (
            <label key={m.code} className="check-inline">
              <input
                type="checkbox"
                checked={draft.areas.includes(m.code)}
                disabled={readOnly}
                data-testid="msg-area"
                data-area={m.code}
                onChange={(e) => onChange({ areas: toggleArea(draft.areas, m.code, e.target.checked) }, ['areas'])}
              />
              {m.name} <span className="muted">{m.code}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset
        className="recipients"
        aria-describedby={errors.classification ? classificationErrorId : undefined}
        data-testid="msg-classification"
      >
        <legend className="field__label">{t('messages.form.classification')}</legend>
        {(['internal', 'public'] as const).map((c) => (
          <label key={c} className="radio">
            <input
              type="radio"
              name={`${id}-classification`}
              value={c}
              checked={draft.classification === c}
              disabled={readOnly}
              data-testid={`msg-classification-${c}`}
              onChange={() => onChange({ classification: c }, ['classification'])}
            />
            <span>
              <strong>{t(`messages.classification.${c}`)}</strong> – {t(`messages.classificationHint.${c}`)}
            </span>
          </label>
        ))}
        {errors.classification && (
          <p id={classificationErrorId} className="field__error">
            {errors.classification}
          </p>
        )}
      </fieldset>

      <div className={`field${errors.responsibleActorId ? ' field--invalid' : ''}`}>
        <label className="field__label" htmlFor={`${id}-responsible`}>
          {t('messages.form.responsible')}
        </label>
        <p className="field__hint">{t('messages.form.responsibleHint')}</p>
        <select
          id={`${id}-responsible`}
          value={draft.responsibleActorId}
          disabled={readOnly || !actors}
          aria-invalid={errors.responsibleActorId ? true : undefined}
          aria-describedby={errors.responsibleActorId ? responsibleErrorId : undefined}
          data-testid="msg-responsible"
          onChange={(e) => onChange({ responsibleActorId: e.target.value }, ['responsibleActorId'])}
        >
          <ActorOptions actors={actors} value={draft.responsibleActorId} />
        </select>
        {errors.responsibleActorId && (
          <p id={responsibleErrorId} className="field__error">
            {errors.responsibleActorId}
          </p>
        )}
      </div>

      <TextField
        name="audiences"
        label={t('messages.form.audiences')}
        hint={t('messages.form.audiencesHint')}
        multiline
        optional
        value={draft.audiences}
        onChange={(audiences) => onChange({ audiences }, ['audiences'])}
        error={errors.audiences}
        readOnly={readOnly}
        testId="msg-audiences"
      />

      <div className={`field${errors.plannedAt ? ' field--invalid' : ''}`}>
        <label className="field__label" htmlFor={`${id}-planned`}>
          {t('messages.form.plannedAt')} <span className="field__required">({t('form.optional')})</span>
        </label>
        <p className="field__hint">{t('messages.form.plannedAtHint')}</p>
        <input
          id={`${id}-planned`}
          type="datetime-local"
          value={draft.plannedAt}
          readOnly={readOnly}
          aria-invalid={errors.plannedAt ? true : undefined}
          aria-describedby={errors.plannedAt ? plannedErrorId : undefined}
          data-testid="msg-planned"
          onChange={(e) => onChange({ plannedAt: e.target.value }, ['plannedAt'])}
        />
        {errors.plannedAt && (
          <p id={plannedErrorId} className="field__error">
            {errors.plannedAt}
          </p>
        )}
      </div>

      <CheckboxField
        label={t('messages.form.exercise')}
        hint={exerciseForced ? t('messages.form.exerciseForced') : t('messages.form.exerciseHint')}
        checked={draft.exercise || exerciseForced}
        disabled={readOnly || exerciseForced}
        onChange={(exercise) => onChange({ exercise }, ['exercise'])}
        testId="msg-exercise"
      />
      <p className="dialog__warning">{t('form.noClassified')}</p>
    </div>
  );
}
