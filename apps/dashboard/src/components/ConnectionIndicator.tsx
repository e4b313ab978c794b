import { useTranslation } from 'react-i18next';
import type { ConnectionState } from '../live.ts';

/** Whether live updates are flowing: Ansluten / Återansluter… / Frånkopplad. */
export function ConnectionIndicator({ state }: { state: ConnectionState }) {
  const { t } = useTranslation();
  return (
    <div className={`connection connection--${state}`} data-testid="connection" data-state={state} role="status">
      <span className="connection__dot" aria-hidden="true" />
      <span className="visually-hidden">{t('connection.label')}: </span>
      <span className="connection__label">{t(`connection.${state}`)}</span>
    </div>
  );
}
