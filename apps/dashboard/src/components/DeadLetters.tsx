import type { FailedDelivery } from '@samverkan/contracts';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api.ts';
import { describeError } from '../forms.ts';
import { useCalloutUpdates, useLiveStore } from '../live.ts';
import { useNow } from '../useNow.ts';
import { Clock } from './bits.tsx';

type ListState = { status: 'loading' } | { status: 'ready'; list: FailedDelivery[] } | { status: 'failed' };
type Notice = { tone: 'ok' | 'error'; text: string; n: number };

/**
 * The dead letters: deliveries that failed for good, newest first, each with
 * a button that puts it back on the queue. Kept current with the call-out.
 */
export function DeadLetters() {
  const { t } = useTranslation();
  const store = useLiveStore();
  const headingId = useId();
  const now = useNow(30_000);
  const [state, setState] = useState<ListState>({ status: 'loading' });
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const latest = useRef(0);

  const load = useCallback(() => {
    const ticket = ++latest.current;
    api.failedDeliveries().then(
      (list) => {
        if (ticket === latest.current) setState({ status: 'ready', list });
      },
      (err: unknown) => {
        store.handleError(err);
        if (ticket === latest.current) setState((prev) => (prev.status === 'ready' ? prev : { status: 'failed' }));
      },
    );
  }, [store]);

  useEffect(() => {
    load();
    return () => {
      latest.current++;
    };
  }, [load]);
  useCalloutUpdates(load, { delayMs: 500 });

  useEffect(() => {
    if (!notice || notice.tone === 'error') return;
    const timer = window.setTimeout(() => setNotice(null), 10_000);
    return () => window.clearTimeout(timer);
  }, [notice]);

  const say = (tone: Notice['tone'], text: string) => setNotice((prev) => ({ tone, text, n: (prev?.n ?? 0) + 1 }));

  async function retry(delivery: FailedDelivery) {
    if (busy) return;
    setBusy(delivery.id);
    try {
      await api.retryDelivery(delivery.id);
      say('ok', t('callouts.dead.retried', { contact: delivery.contactName, actor: delivery.actorName }));
      // It is queued now: no longer a dead letter. Focus goes to the heading, the button being gone.
      latest.current++;
      setState((prev) =>
        prev.status === 'ready' ? { status: 'ready', list: prev.list.filter((d) => d.id !== delivery.id) } : prev,
      );
      document.getElementById(headingId)?.focus();
    } catch (err) {
      store.handleError(err);
      say(
        'error',
        err instanceof ApiError && err.status === 409 ? t('callouts.dead.notFailed') : describeError(err, t),
      );
    } finally {
      setBusy(null);
      load();
    }
  }

  return (
    <section className="panel" aria-labelledby={headingId} data-testid="dead-letters">
      <header className="panel__header">
        <h2 id={headingId} className="panel__title" tabIndex={-1}>
          {t('callouts.dead.title')}
        </h2>
        {state.status === 'ready' && state.list.length > 0 && (
          <span className="count-badge count-badge--error" data-testid="dead-letters-count">
            {t('callouts.dead.count', { count: state.list.length })}
          </span>
        )}
      </header>
      <p className="field__hint dead__intro">{t('callouts.dead.intro')}</p>
      <div className="notice-area">
        <p
          className={`notice${notice?.tone === 'ok' ? ' notice--ok' : ''}`}
          role="status"
          data-testid="dead-letters-status"
        >
          {notice?.tone === 'ok' && <span key={notice.n}>{notice.text}</span>}
        </p>
        {notice?.tone === 'error' && (
          <p className="form-error" role="alert">
            {notice.text}
          </p>
        )}
      </div>
      {state.status === 'loading' && <p className="panel__empty">{t('callouts.dead.loading')}</p>}
      {state.status === 'failed' && (
        <div className="panel__empty panel__empty--error">
          <p>{t('callouts.dead.failed')}</p>
          <button type="button" className="btn btn--quiet btn--small" onClick={load}>
            {t('callouts.retry')}
          </button>
        </div>
      )}
      {state.status === 'ready' && state.list.length === 0 && (
        <p className="panel__empty" data-testid="dead-letters-none">
          {t('callouts.dead.none')}
        </p>
      )}
      {state.status === 'ready' && state.list.length > 0 && (
        <ul className="dead-list">
          {state.list.map((d) => (
            <li key={d.id} className="dead" data-testid="dead-letter" data-delivery-id={d.id}>
              <p className="dead__who">
                <strong>{d.actorName}</strong> · {d.contactName}
              </p>
              <p className="dead__address">
                <span className="channel__type">{t(`contacts.channelType.${d.channel}`)}</span>{' '}
                <span className="channel__address">{d.address}</span>
              </p>
              <p className="dead__meta">{t('callouts.dead.regarding', { title: d.notificationTitle })}</p>
              {d.lastError && (
                <p className="dead__error">
                  {t('callouts.dead.error')}: {d.lastError}
                </p>
              )}
              <p className="dead__meta">
                {t('callouts.dead.attempts', { count: d.attempts })} · <Clock value={d.updatedAt} now={now} />
              </p>
              <button
                type="button"
                className="btn btn--quiet btn--small"
                data-testid="dead-letter-retry"
                aria-disabled={busy !== null || undefined}
                aria-busy={busy === d.id || undefined}
                onClick={() => void retry(d)}
              >
                {busy === d.id ? t('actions.sending') : t('callouts.dead.retry')}
                <span className="visually-hidden">
                  : {t('callouts.dead.retryFor', { contact: d.contactName, actor: d.actorName })}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
