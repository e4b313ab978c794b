import type { ModeState, PersonRef } from '@samverkan/contracts';
import { useTranslation } from 'react-i18next';
import { formatDateTime, isoOf } from '../format.ts';

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
