import type { ModeState } from '@samverkan/contracts';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../format.ts';

/**
 * The mode, across the page: calm for ordinary, unmistakably red when SSR is
 * activated. A polite live region, so a change is announced without a reload.
 */
export function ModeBanner({ mode }: { mode: ModeState | null }) {
  const { t, i18n } = useTranslation();
  const kind = mode?.mode ?? 'loading';
  const since = mode ? formatDateTime(mode.since, i18n.language) : '';

  return (
    <div
      id="mode-banner"
      className={`mode-banner mode-banner--${kind}`}
      data-testid="mode-banner"
      data-mode={kind}
      data-exercise={mode?.mode === 'activated' ? mode.exercise : undefined}
      role="status"
      aria-live="polite"
      tabIndex={-1}
    >
      {!mode && <p className="mode-banner__label">{t('mode.loading')}</p>}

      {mode?.mode === 'ordinary' && (
        <>
          <p className="mode-banner__label">
            <span className="mode-banner__dot" aria-hidden="true" />
            {t('mode.ordinary')}
          </p>
          <p className="mode-banner__text">{t('mode.ordinaryText')}</p>
          <p className="mode-banner__meta">
            {t('mode.since', { time: since })}
            {mode.decidedBy && (
              <> · {t('mode.endedBy', { name: mode.decidedBy.name, actor: mode.decidedBy.actorName })}</>
            )}
          </p>
          {mode.decidedBy && mode.reason && (
            <p className="mode-banner__meta">
              {t('mode.reason')}: {mode.reason}
            </p>
          )}
        </>
      )}

      {mode?.mode === 'activated' && (
        <>
          <p className="mode-banner__label">
            {mode.exercise && (
              <>
                <span className="mode-banner__exercise" data-testid="mode-exercise">
                  {t('mode.exercise')}
                </span>{' '}
              </>
            )}
            {t('mode.activated')}
          </p>
          {mode.exercise && <p className="mode-banner__exercise-text">{t('mode.exerciseText')}</p>}
          {mode.title && <p className="mode-banner__title">{mode.title}</p>}
          {mode.reason && (
            <p className="mode-banner__reason">
              <span className="mode-banner__reason-label">{t('mode.reason')}:</span> {mode.reason}
            </p>
          )}
          <p className="mode-banner__meta">
            {t('mode.since', { time: since })}
            {mode.decidedBy && (
              <> · {t('mode.decidedBy', { name: mode.decidedBy.name, actor: mode.decidedBy.actorName })}</>
            )}
          </p>
        </>
      )}
    </div>
  );
}
