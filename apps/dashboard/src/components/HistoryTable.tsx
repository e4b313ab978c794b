import type { Activation } from '@samverkan/contracts';
import { useTranslation } from 'react-i18next';
import { formatDuration, secondsBetween } from '../format.ts';
import { useLive } from '../live.ts';
import { useNow } from '../useNow.ts';
import { Person, Time } from './bits.tsx';

/** Every activation: what, why, who asked, who decided, when it ended and how long it lasted. */
export function HistoryTable() {
  const { t } = useTranslation();
  const { history, historyFailed } = useLive();
  const now = useNow(30_000);

  return (
    <section className="panel" aria-labelledby="history-heading">
      <header className="panel__header">
        <h2 id="history-heading" className="panel__title">
          {t('history.title')}
        </h2>
      </header>
      {history === null && !historyFailed && <p className="panel__empty">{t('history.loading')}</p>}
      {history === null && historyFailed && <p className="panel__empty panel__empty--error">{t('history.failed')}</p>}
      {history?.length === 0 && <p className="panel__empty">{t('history.empty')}</p>}
      {history && history.length > 0 && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
        <section className="table-scroll" tabIndex={0} aria-labelledby="history-heading">
          <table className="history">
            <caption className="visually-hidden">{t('history.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('history.col.title')}</th>
                <th scope="col">{t('history.col.reason')}</th>
                <th scope="col">{t('history.col.requestedBy')}</th>
                <th scope="col">{t('history.col.activated')}</th>
                <th scope="col">{t('history.col.deactivated')}</th>
                <th scope="col" className="history__duration">
                  {t('history.col.duration')}
                </th>
              </tr>
            </thead>
            <tbody>
              {history.map((activation) => (
                <HistoryRow key={activation.id} activation={activation} now={now} />
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}

function HistoryRow({ activation: a, now }: { activation: Activation; now: number }) {
  const { t } = useTranslation();
  const ongoing = a.deactivatedAt === null;
  // While it runs, the duration keeps counting here; once ended, the record's own number.
  const seconds = ongoing ? secondsBetween(a.activatedAt, null, now) : a.durationSeconds;
  return (
    <tr data-testid="history-row" className={ongoing ? 'history__row--ongoing' : undefined}>
      <th scope="row" className="history__title">
        {a.exercise && (
          <>
            <span className="exercise-tag exercise-tag--small">{t('history.exercise')}</span>{' '}
          </>
        )}
        {a.title}
      </th>
      <td className="history__reason">{a.reason}</td>
      <td>
        {a.requestedBy ? <Person person={a.requestedBy} /> : <span className="muted">{t('history.direct')}</span>}
      </td>
      <td>
        <Person person={a.activatedBy} />
        <br />
        <Time value={a.activatedAt} />
      </td>
      <td>
        {ongoing ? (
          <span className="status status--ongoing">{t('history.ongoing')}</span>
        ) : (
          <>
            {a.deactivatedBy && <Person person={a.deactivatedBy} />}
            <br />
            {a.deactivatedAt && <Time value={a.deactivatedAt} />}
            {a.deactivationReason && (
              <span className="history__end-reason">
                {t('history.deactivationReason', { reason: a.deactivationReason })}
              </span>
            )}
          </>
        )}
      </td>
      <td className="history__duration">{formatDuration(seconds)}</td>
    </tr>
  );
}
