import type { Callout, CalloutActor, CalloutStatus, CalloutSummary, Delivery, User } from '@samverkan/contracts';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api.ts';
import { type CalloutGroup, groupActors, mayManageCallouts, mayViewCallouts } from '../callouts.ts';
import { formatSeconds } from '../format.ts';
import { useCalloutUpdates, useLive, useLiveStore } from '../live.ts';
import { useActors } from '../useActors.ts';
import { useNow } from '../useNow.ts';
import { Clock, ExerciseTag, useClockText } from './bits.tsx';
import { CalloutForm } from './CalloutForm.tsx';
import { DeadLetters } from './DeadLetters.tsx';

type CalloutState =
  | { status: 'loading' }
  | { status: 'none' }
  | { status: 'ready'; callout: Callout }
  | { status: 'failed'; reason: 'forbidden' | 'other' };

/**
 * Utlarmning: how the latest call-out (an activation or a kallelse) is going,
 * per actor, kept current without a reload. Coordinators and admins also send
 * a kallelse here and put failed deliveries back on the queue.
 */
export function CalloutPage({ user }: { user: User }) {
  const { t } = useTranslation();
  const views = mayViewCallouts(user.role);
  const manages = mayManageCallouts(user.role);

  return (
    <main id="main" className="layout layout--page" tabIndex={-1} data-testid="callouts-page">
      <header className="page-head">
        <div className="page-head__text">
          <h1 className="page-head__title" tabIndex={-1}>
            {t('callouts.title')}
          </h1>
          <p className="page-head__intro">{t('callouts.intro')}</p>
        </div>
      </header>
      {views ? (
        <CalloutWork manages={manages} />
      ) : (
        <div className="layout__main layout__main--wide">
          <p className="panel panel__empty" data-testid="callouts-no-access">
            {t('callouts.noAccess')}
          </p>
        </div>
      )}
    </main>
  );
}

function CalloutWork({ manages }: { manages: boolean }) {
  const { mode } = useLive();
  const { state, load, apply } = useCurrentCallout();
  const actors = useActors(manages);

  return (
    <>
      <div className={`layout__main${manages ? '' : ' layout__main--wide'}`}>
        <CurrentCallout state={state} onRetry={load} />
      </div>
      {manages && (
        <aside className="layout__side">
          <CalloutForm actors={actors} exerciseMode={mode?.mode === 'activated' && mode.exercise} onSent={apply} />
          <DeadLetters />
        </aside>
      )}
    </>
  );
}

/** The latest call-out: fetched, then fetched again (folded, at most every 200 ms) whenever the server says it changed. */
function useCurrentCallout() {
  const store = useLiveStore();
  const [state, setState] = useState<CalloutState>({ status: 'loading' });
  /** Only the newest fetch may show its answer; a call-out sent from here is newer than any fetch under way. */
  const latest = useRef(0);

  const load = useCallback(() => {
    const ticket = ++latest.current;
    api.currentCallout().then(
      (callout) => {
        if (ticket === latest.current) setState({ status: 'ready', callout });
      },
      (err: unknown) => {
        store.handleError(err);
        if (ticket !== latest.current) return;
        if (err instanceof ApiError && err.status === 404) {
          setState({ status: 'none' });
          return;
        }
        const reason = err instanceof ApiError && err.status === 403 ? 'forbidden' : 'other';
        // A refetch that fails for the network keeps the call-out shown; the next change or reconnect fetches again.
        setState((prev) => (prev.status === 'ready' && reason === 'other' ? prev : { status: 'failed', reason }));
      },
    );
  }, [store]);

  const apply = useCallback((callout: Callout) => {
    latest.current++;
    setState({ status: 'ready', callout });
  }, []);

  useEffect(() => {
    load();
    return () => {
      latest.current++;
    };
  }, [load]);

  useCalloutUpdates(load);

  return { state, load, apply };
}

function CurrentCallout({ state, onRetry }: { state: CalloutState; onRetry: () => void }) {
  const { t } = useTranslation();
  if (state.status === 'ready') return <CalloutView key={state.callout.id} callout={state.callout} />;
  return (
    <section className="panel" aria-busy={state.status === 'loading'} aria-labelledby="callout-heading">
      <header className="panel__header">
        <h2 id="callout-heading" className="panel__title">
          {t('callouts.title')}
        </h2>
      </header>
      {state.status === 'loading' && <p className="panel__empty">{t('callouts.loading')}</p>}
      {state.status === 'none' && (
        <p className="panel__empty" data-testid="callout-none">
          {t('callouts.none')}
        </p>
      )}
      {state.status === 'failed' && (
        <div className="panel__empty panel__empty--error" data-testid="callout-failed">
          <p>{state.reason === 'forbidden' ? t('callouts.noAccess') : t('callouts.failed')}</p>
          {state.reason === 'other' && (
            <button type="button" className="btn btn--quiet btn--small" onClick={onRetry}>
              {t('callouts.retry')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

function CalloutView({ callout }: { callout: Callout }) {
  const { t } = useTranslation();
  const clock = useClockText();
  const now = useNow(15_000);
  // Which actors' delivery details are open; kept here, so a row that changes group stays open.
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  const groups = groupActors(callout.actors);

  function toggle(actorId: string) {
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(actorId)) next.delete(actorId);
      else next.add(actorId);
      return next;
    });
  }

  return (
    <>
      <section
        className={`panel callout${callout.exercise ? ' callout--exercise' : ''}`}
        aria-labelledby="callout-heading"
        data-testid="callout"
        data-callout-id={callout.id}
        data-kind={callout.kind}
        data-exercise={callout.exercise}
      >
        {callout.exercise && (
          <p className="exercise-strip" data-testid="callout-exercise">
            <ExerciseTag /> {t('callouts.exerciseText')}
          </p>
        )}
        <header className="callout__head">
          <p className="callout__kind">{t(`callouts.kind.${callout.kind}`)}</p>
          <h2 id="callout-heading" className="callout__title" tabIndex={-1} data-testid="callout-title">
            {callout.title}
          </h2>
          <p className="callout__reason">{callout.reason}</p>
          {callout.message && <p className="callout__reason">{callout.message}</p>}
          <p className="callout__meta">
            {t('callouts.sentBy', {
              time: clock(callout.createdAt, now),
              name: callout.decidedBy.name,
              actor: callout.decidedBy.actorName,
            })}
          </p>
        </header>
        <Summary summary={callout.summary} />
      </section>

      {groups.map(({ group, actors }) => (
        <ActorGroup key={group} group={group} actors={actors} open={open} onToggle={toggle} now={now} />
      ))}
    </>
  );
}

/** "31 av 37 har kvitterat, median 2 min 10 s", and what is left, in words and as a bar. */
function Summary({ summary }: { summary: CalloutSummary }) {
  const { t } = useTranslation();
  const waiting = summary.total - summary.acknowledged - summary.unreached - summary.failed;
  const share = (n: number) => (summary.total === 0 ? 0 : (n / summary.total) * 100);
  const counts = [
    { key: 'unreached', n: summary.unreached },
    { key: 'failed', n: summary.failed },
    { key: 'waiting', n: waiting },
  ] as const;
  return (
    <div className="callout-summary" data-testid="callout-summary">
      <p className="callout-summary__main" aria-live="polite" aria-atomic="true" data-testid="callout-summary-main">
        <strong>{t('callouts.summary', { count: summary.acknowledged, total: summary.total })}</strong>
        {summary.medianSecondsToAcknowledge !== null &&
          `, ${t('callouts.median', { duration: formatSeconds(summary.medianSecondsToAcknowledge) })}`}
      </p>
      <div className="meter" aria-hidden="true">
        <span className="meter__part meter__part--acknowledged" style={{ width: `${share(summary.acknowledged)}%` }} />
        <span className="meter__part meter__part--waiting" style={{ width: `${share(waiting)}%` }} />
        <span className="meter__part meter__part--failed" style={{ width: `${share(summary.failed)}%` }} />
        <span className="meter__part meter__part--unreached" style={{ width: `${share(summary.unreached)}%` }} />
      </div>
      {counts.some((c) => c.n > 0) && (
        <ul className="callout-summary__counts">
          {counts
            .filter((c) => c.n > 0)
            .map((c) => (
              <li key={c.key} className={`count count--${c.key}`} data-testid={`callout-count-${c.key}`}>
                <span className="count__dot" aria-hidden="true" />
                {t(`callouts.counts.${c.key}`, { count: c.n })}
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}

function ActorGroup({
  group,
  actors,
  open,
  onToggle,
  now,
}: {
  group: CalloutGroup;
  actors: CalloutActor[];
  open: ReadonlySet<string>;
  onToggle: (actorId: string) => void;
  now: number;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const hint = t(`callouts.groupHint.${group}`);
  return (
    <section
      className={`panel callout-group callout-group--${group}`}
      aria-labelledby={headingId}
      data-testid="callout-group"
      data-group={group}
    >
      <header className="panel__header callout-group__header">
        <h2 id={headingId} className="panel__title">
          {t(`callouts.group.${group}`)} <span className="callout-group__count">({actors.length})</span>
        </h2>
        <p className="callout-group__hint">{hint}</p>
      </header>
      {/* Column heads for the eye; each row names its parts for screen readers itself. */}
      <div className="callout-actors__head" aria-hidden="true">
        <span>{t('callouts.actorLabel')}</span>
        <span>{t('callouts.ackLabel')}</span>
        <span>{t('callouts.escalationLabel')}</span>
      </div>
      <ul className="callout-actors">
        {actors.map((actor) => (
          <ActorRow
            key={actor.actorId}
            actor={actor}
            expanded={open.has(actor.actorId)}
            onToggle={() => onToggle(actor.actorId)}
            now={now}
          />
        ))}
      </ul>
    </section>
  );
}

const statusIcon: Record<CalloutStatus, string> = {
  queued: '…',
  sent: '↗',
  delivered: '●',
  failed: '!',
  acknowledged: '✓',
  unreached: '✕',
};

/** A status in words, with a colour and a sign that only repeat them. */
export function StatusBadge({ status, testId = 'callout-status' }: { status: CalloutStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`cstatus cstatus--${status}`} data-testid={testId}>
      <span className="cstatus__icon" aria-hidden="true">
        {statusIcon[status]}
      </span>
      {t(`callouts.status.${status}`)}
    </span>
  );
}

function ActorRow({
  actor,
  expanded,
  onToggle,
  now,
}: {
  actor: CalloutActor;
  expanded: boolean;
  onToggle: () => void;
  now: number;
}) {
  const { t } = useTranslation();
  const clock = useClockText();
  const nameId = useId();
  const detailsId = useId();
  const acknowledged = actor.acknowledgedAt !== null;

  let next: string | null = null;
  if (actor.escalateAt) {
    const seconds = Math.round((new Date(actor.escalateAt).getTime() - now) / 1000);
    const relative =
      seconds >= 60 ? t('callouts.relativeIn', { duration: formatSeconds(seconds) }) : t('callouts.relativeNow');
    const time = `${clock(actor.escalateAt, now)} (${relative})`;
    next = actor.step < actor.steps ? t('callouts.nextContact', { time }) : t('callouts.unreachedAt', { time });
  }

  return (
    <li
      className={`callout-actor callout-actor--${actor.status}`}
      data-testid="callout-actor"
      data-actor-id={actor.actorId}
      data-status={actor.status}
      aria-labelledby={nameId}
    >
      <div className="callout-actor__who">
        <h3 id={nameId} className="callout-actor__name" data-testid="callout-actor-name">
          {actor.actorName}
        </h3>
        <p className="callout-actor__label">{t('callouts.col.status')}</p>
        <StatusBadge status={actor.status} />
      </div>

      <div className="callout-actor__ack" data-testid="callout-actor-ack">
        <p className="callout-actor__label">{t('callouts.ackLabel')}</p>
        {acknowledged && actor.acknowledgedAt ? (
          <>
            <p>
              {actor.acknowledgedBy && (
                <>
                  <strong data-testid="callout-actor-by">{actor.acknowledgedBy.name}</strong>{' '}
                  {t(`callouts.via.${actor.acknowledgedBy.via}`)}{' '}
                </>
              )}
              <Clock value={actor.acknowledgedAt} now={now} />
              {actor.secondsToAcknowledge !== null && (
                <span className="callout-actor__after">
                  {' · '}
                  {t('callouts.after', { duration: formatSeconds(actor.secondsToAcknowledge) })}
                </span>
              )}
            </p>
            {actor.choice && (
              <p className="callout-actor__choice" data-testid="callout-actor-choice">
                <span className="visually-hidden">{t('callouts.choiceLabel')}: </span>
                {t(`callouts.choice.${actor.choice}`)}
              </p>
            )}
            {actor.comment && (
              <p className="callout-actor__comment" data-testid="callout-actor-comment">
                <span className="visually-hidden">{t('callouts.comment')}: </span>”{actor.comment}”
              </p>
            )}
          </>
        ) : (
          <p className="muted">{t('callouts.notAcknowledged')}</p>
        )}
      </div>

      <div className="callout-actor__step" data-testid="callout-actor-step">
        <p className="callout-actor__label">{t('callouts.escalationLabel')}</p>
        <p>
          {actor.steps === 0 ? t('callouts.noContacts') : t('callouts.step', { step: actor.step, steps: actor.steps })}
        </p>
        {next && (
          <p className="callout-actor__next" data-testid="callout-actor-next">
            {next}
          </p>
        )}
        {actor.status === 'unreached' && actor.steps > 0 && (
          <p className="callout-actor__next">{t('callouts.allCalled')}</p>
        )}
        {actor.deliveries.length > 0 && (
          <button
            type="button"
            className="btn btn--quiet btn--small callout-actor__toggle"
            aria-expanded={expanded}
            aria-controls={detailsId}
            data-testid="callout-actor-toggle"
            onClick={onToggle}
          >
            <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>{' '}
            {expanded ? t('callouts.hideDeliveries') : t('callouts.deliveries', { count: actor.deliveries.length })}
            <span className="visually-hidden"> {t('callouts.forActor', { actor: actor.actorName })}</span>
          </button>
        )}
      </div>

      <div id={detailsId} className="callout-actor__deliveries" hidden={!expanded}>
        {expanded && <DeliveryList actorName={actor.actorName} deliveries={actor.deliveries} now={now} />}
      </div>
    </li>
  );
}

/** Each message sent to the actor's contacts: to whom, how, how far it came, and the last error. */
function DeliveryList({ actorName, deliveries, now }: { actorName: string; deliveries: Delivery[]; now: number }) {
  const { t } = useTranslation();
  return (
    <ul className="delivery-list" aria-label={t('callouts.deliveriesCaption', { actor: actorName })}>
      {deliveries.map((d) => (
        <li key={d.id} className="delivery" data-testid="delivery" data-status={d.status}>
          <p className="delivery__head">
            <strong>{d.contactName}</strong>{' '}
            <span className="muted">· {t('callouts.contactStep', { step: d.step })}</span>
          </p>
          <dl className="delivery__facts">
            <div>
              <dt>{t('callouts.col.status')}</dt>
              <dd>
                <span className={`cstatus cstatus--${d.status}`}>
                  <span className="cstatus__icon" aria-hidden="true">
                    {statusIcon[d.status]}
                  </span>
                  {t(`callouts.deliveryStatus.${d.status}`)}
                </span>
              </dd>
            </div>
            <div>
              <dt>{t('callouts.col.channel')}</dt>
              <dd>{t(`contacts.channelType.${d.channel}`)}</dd>
            </div>
            <div className="delivery__address">
              <dt>{t('callouts.col.address')}</dt>
              <dd>{d.address}</dd>
            </div>
            <div>
              <dt>{t('callouts.col.attempts')}</dt>
              <dd>{d.attempts}</dd>
            </div>
            <div>
              <dt>{t('callouts.col.updated')}</dt>
              <dd>
                <Clock value={d.updatedAt} now={now} />
              </dd>
            </div>
            {d.lastError && (
              <div className="delivery__error">
                <dt>{t('callouts.col.lastError')}</dt>
                <dd>{d.lastError}</dd>
              </div>
            )}
          </dl>
        </li>
      ))}
    </ul>
  );
}
