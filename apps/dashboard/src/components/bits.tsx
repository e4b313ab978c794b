import type { ModeState, PersonRef } from '@samverkan/contracts';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { clockParts, formatDateTime, isoOf } from '../format.ts';

/** A moment, shown in Stockholm time, machine-readable underneath. */
export function Time({ value }: { value: string }) {
  const { i18n } = useTranslation();
  return <time dateTime={isoOf(value)}>{formatDateTime(value, i18n.language)}</time>;
}

/** Who did something: the name, and the actor in smaller type. */
export function Person({ person }: { person: PersonRef }) {
  return (
    <span className="person">
      <span className="person__name">{person.name}</span> <span className="person__actor">{person.actorName}</span>
    </span>
  );
}

/** A short account of a mode state, e.g. the fresh one a 409 brought. */
export function ModeSummary({ state }: { state: ModeState }) {
  const { t, i18n } = useTranslation();
  return (
    <p className={`mode-summary mode-summary--${state.mode}`}>
      <strong>
        {t('errors.currentState')}: {state.mode === 'activated' ? t('mode.activated') : t('mode.ordinary')}
      </strong>
      {state.title && <> – {state.title}</>}
      <br />
      {t('mode.since', { time: formatDateTime(state.since, i18n.language) })}
      {state.decidedBy && (
        <> · {t('mode.decidedBy', { name: state.decidedBy.name, actor: state.decidedBy.actorName })}</>
      )}
    </p>
  );
}

/** Formats a moment as a clock reading in Stockholm: "kl. 14:05" today, "23 nov. kl. 14:05" another day. */
export function useClockText(): (iso: string, now?: number) => string {
  const { t, i18n } = useTranslation();
  return useCallback(
    (iso: string, now?: number) => {
      const { time, date } = clockParts(iso, i18n.language, now);
      return date ? t('callouts.time.otherDay', { date, time }) : t('callouts.time.today', { time });
    },
    [t, i18n.language],
  );
}

/** A moment as a clock reading (see useClockText), with the full date and time on hover. */
export function Clock({ value, now }: { value: string; now?: number }) {
  const { i18n } = useTranslation();
  const text = useClockText()(value, now);
  return (
    <time dateTime={isoOf(value)} title={formatDateTime(value, i18n.language)}>
      {text}
    </time>
  );
}

/** ÖVNING / EXERCISE, unmistakably: never colour alone, always the word. */
export function ExerciseTag({ testId }: { testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className="exercise-tag" data-testid={testId}>
      {t('callouts.exercise')}
    </span>
  );
}
