import type { Publication, PublicationSummary, Round, User } from '@samverkan/contracts';
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api.ts';
import { TIME_ZONE } from '../format.ts';
import { describeError } from '../forms.ts';
import { useLive, useLiveStore, useSituationUpdates } from '../live.ts';
import { fromLocalInput, toLocalInput } from '../reports.ts';
import { Link } from '../router.ts';
import { Time, useClockText } from './bits.tsx';
import { Dialog } from './Dialog.tsx';

/** "23 nov 2026" and "14:00" in Stockholm, for the past-picture banner. */
function pastParts(iso: string, language: string): { date: string; time: string } {
  const locale = language.startsWith('en') ? 'en-GB' : 'sv-SE';
  const at = new Date(iso);
  const date = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, day: 'numeric', month: 'short', year: 'numeric' })
    .format(at)
    .replace('.', '');
  const time = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' }).format(at);
  return { date, time };
}

/** "Visa läget vid": a date and a time in Stockholm; the picture as it was then. */
export function TimeTravel({ at, onShow }: { at: string | null; onShow: (iso: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const start = toLocalInput(at ?? new Date().toISOString());
  const [date, setDate] = useState(start.slice(0, 10));
  const [time, setTime] = useState(start.slice(11, 16));
  const [error, setError] = useState<string | null>(null);

  function submit() {
    const iso = date && time ? fromLocalInput(`${date}T${time}`) : undefined;
    if (!iso) {
      setError(t('timeTravel.invalid'));
      return;
    }
    if (new Date(iso).getTime() > Date.now()) {
      setError(t('timeTravel.future'));
      return;
    }
    setError(null);
    onShow(iso);
  }

  return (
    <form
      className="time-travel no-print"
      data-testid="time-travel"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <fieldset className="time-travel__fields">
        <legend className="time-travel__legend">{t('timeTravel.legend')}</legend>
        <label className="time-travel__field">
          <span className="field__label">{t('timeTravel.date')}</span>
          <input
            type="date"
            value={date}
            onChange={(e) => setDate(e.target.value)}
            aria-describedby={error ? `${id}-error` : undefined}
            data-testid="time-travel-date"
          />
        </label>
        <label className="time-travel__field">
          <span className="field__label">{t('timeTravel.time')}</span>
          <input
            type="time"
            value={time}
            onChange={(e) => setTime(e.target.value)}
            aria-describedby={error ? `${id}-error` : undefined}
            data-testid="time-travel-time"
          />
        </label>
        <button type="submit" className="btn btn--quiet btn--small" data-testid="time-travel-show">
          {t('timeTravel.show')}
        </button>
      </fieldset>
      {error && (
        <p id={`${id}-error`} className="field__error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** Says loudly that the picture shown is not the current one. */
export function PastBanner({ at, onBack }: { at: string; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="past-banner" role="status" data-testid="past-banner">
      <p className="past-banner__text">
        <strong data-testid="past-banner-text">{t('timeTravel.banner', pastParts(at, i18n.language))}</strong>
        <span className="past-banner__hint"> {t('timeTravel.paused')}</span>
      </p>
      <button type="button" className="btn btn--primary btn--small" onClick={onBack} data-testid="time-travel-back">
        {t('timeTravel.back')}
      </button>
    </div>
  );
}

/** "Publicera lägesbild": coordinators save the picture as it is now as the next numbered version. */
export function PublishButton({ onPublished }: { onPublished: (p: Publication) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Publication | null>(null);

  async function publish() {
    setBusy(true);
    setError(null);
    try {
      const publication = await api.publish();
      setDone(publication);
      setOpen(false);
      onPublished(publication);
    } catch (err) {
      setError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="publish no-print">
      <button
        type="button"
        className="btn btn--primary"
        onClick={() => {
          setError(null);
          setOpen(true);
        }}
        data-testid="publish-open"
      >
        {t('publication.publish')}
      </button>
      {done && (
        <p className="publish__done" role="status" data-testid="publish-done">
          {t('publication.published', { title: done.title })}{' '}
          <Link to={{ page: 'publication', id: done.id }} testId="publish-print-link">
            {t('publication.openPrint')}
          </Link>
        </p>
      )}
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={t('publication.confirmTitle')}
        dismissible={!busy}
        testId="publish-dialog"
      >
        <p className="dialog__text">{t('publication.confirmText')}</p>
        {error && (
          <p className="field__error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog__actions">
          <button
            type="button"
            className="btn btn--primary"
            disabled={busy}
            onClick={() => void publish()}
            data-autofocus
            data-testid="publish-confirm"
          >
            {busy ? t('publication.publishing') : t('publication.confirm')}
          </button>
          <button type="button" className="btn btn--quiet" disabled={busy} onClick={() => setOpen(false)}>
            {t('situation.cancel')}
          </button>
        </div>
      </Dialog>
    </div>
  );
}

/** The published pictures, newest first; each opens its print view. */
export function PublicationsList({ refresh }: { refresh: number }) {
  const { t } = useTranslation();
  const store = useLiveStore();
  const [list, setList] = useState<PublicationSummary[] | 'loading' | 'failed'>('loading');

  const load = useCallback(() => {
    api.publications().then(setList, (err: unknown) => {
      store.handleError(err);
      setList((prev) => (Array.isArray(prev) ? prev : 'failed'));
    });
  }, [store]);

  useEffect(load, [load, refresh]);
  useSituationUpdates(load);

  return (
    <section className="panel" aria-labelledby="publications-heading" data-testid="publications">
      <header className="panel__header">
        <h2 id="publications-heading" className="panel__title">
          {t('publication.listTitle')}
        </h2>
      </header>
      {list === 'loading' ? (
        <p className="panel__empty">{t('publication.loading')}</p>
      ) : list === 'failed' ? (
        <p className="panel__empty panel__empty--error">{t('publication.listFailed')}</p>
      ) : list.length === 0 ? (
        <p className="panel__empty">{t('publication.listEmpty')}</p>
      ) : (
        <ul className="publication-list">
          {list.map((p) => (
            <li key={p.id} className="publication-list__item" data-testid="publication-item" data-id={p.id}>
              <Link to={{ page: 'publication', id: p.id }} className="publication-list__title">
                {p.title}
              </Link>
              <span className="publication-list__meta">
                <Time value={p.publishedAt} /> · {p.publishedBy.name}, {p.publishedBy.actorName}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** "Omgång 2 – rapportera senast kl. 15:00": the running round, for everyone. */
export function RoundLine({ round }: { round: Round | null }) {
  const { t } = useTranslation();
  const clock = useClockText();
  if (!round) return null;
  return (
    <p className="round-line" data-testid="round-line">
      <strong>{t('rounds.current', { number: round.number, time: clock(round.deadline) })}</strong>
    </p>
  );
}

/** The round as the report page shows it: fetched, and kept current. */
export function RoundNotice() {
  const store = useLiveStore();
  const [round, setRound] = useState<Round | null>(null);
  const load = useCallback(() => {
    api.situation().then(
      (s) => setRound(s.round),
      (err: unknown) => store.handleError(err),
    );
  }, [store]);
  useEffect(load, [load]);
  useSituationUpdates(load);
  return <RoundLine round={round} />;
}

/** Activated mode, coordinators: open the next reporting round, and remind those who have not reported. */
export function RoundControls({ user, onChanged }: { user: User; onChanged: () => void }) {
  const { t } = useTranslation();
  const { mode } = useLive();
  const id = useId();
  const [deadline, setDeadline] = useState(() =>
    toLocalInput(new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 3_600_000).toISOString()),
  );
  const [busy, setBusy] = useState<'round' | 'remind' | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  if (user.role !== 'coordinator' || mode?.mode !== 'activated') return null;

  const fail = (err: unknown) =>
    setMessage({
      text:
        err instanceof ApiError && err.status === 409
          ? `${t('rounds.conflict')} (${err.message})`
          : describeError(err, t),
      error: true,
    });

  async function openRound() {
    const iso = deadline ? fromLocalInput(deadline) : undefined;
    if (!iso) {
      setMessage({ text: t('rounds.invalid'), error: true });
      return;
    }
    setBusy('round');
    setMessage(null);
    try {
      const { number } = await api.openRound(iso);
      setMessage({ text: t('rounds.opened', { number }), error: false });
      onChanged();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  }

  async function remind() {
    setBusy('remind');
    setMessage(null);
    try {
      const { actorIds } = await api.remind();
      setMessage({
        text: actorIds.length === 0 ? t('rounds.remindedNone') : t('rounds.reminded', { count: actorIds.length }),
        error: false,
      });
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="panel round-controls no-print" aria-labelledby={`${id}-title`} data-testid="round-controls">
      <header className="panel__header">
        <h2 id={`${id}-title`} className="panel__title">
          {t('rounds.title')}
        </h2>
      </header>
      <form
        className="round-controls__form"
        onSubmit={(e) => {
          e.preventDefault();
          void openRound();
        }}
      >
        <div className="field">
          <label className="field__label" htmlFor={`${id}-deadline`}>
            {t('rounds.deadline')}
          </label>
          <input
            id={`${id}-deadline`}
            type="datetime-local"
            value={deadline}
            onChange={(e) => setDeadline(e.target.value)}
            data-testid="round-deadline"
          />
        </div>
        <button type="submit" className="btn btn--primary btn--small" disabled={busy !== null} data-testid="round-open">
          {busy === 'round' ? t('rounds.opening') : t('rounds.open')}
        </button>
      </form>
      <button
        type="button"
        className="btn btn--quiet btn--small"
        disabled={busy !== null}
        onClick={() => void remind()}
        data-testid="round-remind"
      >
        {busy === 'remind' ? t('rounds.reminding') : t('rounds.remind')}
      </button>
      {message && (
        <p
          className={message.error ? 'field__error' : 'round-controls__done'}
          role={message.error ? 'alert' : 'status'}
          data-testid="round-message"
        >
          {message.text}
        </p>
      )}
    </section>
  );
}
