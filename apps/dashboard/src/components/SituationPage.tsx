import type { Actor, ActorCategory, Impact, NeedStatus, Report, Sector, Situation, User } from '@samverkan/contracts';
import type { TFunction } from 'i18next';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { describeError } from '../forms.ts';
import { useLiveStore, useSituationUpdates } from '../live.ts';
import { diffReports, impactSign, mayWriteSummary, municipalityTiles } from '../reports.ts';
import { Dialog } from './Dialog.tsx';
import { ImpactText, ReportView } from './ReportView.tsx';
import { SectorsPanel } from './SectorsPanel.tsx';
import {
  PastBanner,
  PublicationsList,
  PublishButton,
  RoundControls,
  RoundLine,
  TimeTravel,
} from './SituationTools.tsx';

type SituationActor = Situation['actors'][number];
type LoadState = { status: 'loading' } | { status: 'failed' } | { status: 'ready'; situation: Situation };

/** What a tile shows: an impact, or why there is none. */
type TileState = Impact | 'none' | 'not-reported' | 'restricted';

function tileState(a: SituationActor): TileState {
  if (a.restricted) return 'restricted';
  if (!a.report) return 'not-reported';
  return a.worstImpact ?? 'none';
}

const tileSign: Record<TileState, string> = {
  ...impactSign,
  none: '–',
  'not-reported': '○',
  restricted: '⊘',
};

/**
 * Lägesbild: the joint regional picture of the period, kept current without
 * a reload; every actor's latest report a click away.
 */
export function SituationPage({ user }: { user: User }) {
  const { t } = useTranslation();
  const store = useLiveStore();
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const [actors, setActors] = useState<Actor[]>([]);
  const [sectors, setSectors] = useState<Sector[]>([]);
  const [openActor, setOpenActor] = useState<string | null>(null);
  const latest = useRef(0);

  // A past moment being viewed, or null for the live picture; live updates pause while it is set.
  const [at, setAt] = useState<string | null>(null);
  const atRef = useRef(at);
  atRef.current = at;
  const [published, setPublished] = useState(0);

  const load = useCallback(() => {
    const ticket = ++latest.current;
    api.situation(atRef.current ?? undefined).then(
      (situation) => {
        if (ticket === latest.current) setState({ status: 'ready', situation });
      },
      (err: unknown) => {
        store.handleError(err);
        if (ticket === latest.current) setState((prev) => (prev.status === 'ready' ? prev : { status: 'failed' }));
      },
    );
  }, [store]);

  useEffect(() => {
    let cancelled = false;
    Promise.all([api.actors(), api.sectors()]).then(
      ([a, s]) => {
        if (cancelled) return;
        setActors(a);
        setSectors(s);
      },
      (err: unknown) => store.handleError(err),
    );
    return () => {
      cancelled = true;
      latest.current++;
    };
  }, [store]);

  useEffect(() => {
    load();
  }, [load, at]);

  const loadSectors = useCallback(() => {
    api.sectors().then(setSectors, (err: unknown) => store.handleError(err));
  }, [store]);

  useSituationUpdates(
    useCallback(() => {
      if (atRef.current === null) load();
      if (user.role === 'admin') loadSectors();
    }, [load, loadSectors, user.role]),
  );

  const situation = state.status === 'ready' ? state.situation : null;
  const selected = situation?.actors.find((a) => a.actorId === openActor) ?? null;

  return (
    <main id="main" className="layout layout--page situation" tabIndex={-1} data-testid="situation-page">
      <header className="page-head">
        <div className="page-head__text">
          <h1 className="page-head__title" tabIndex={-1}>
            {t('situation.title')}
          </h1>
          <p className="page-head__intro">{t('situation.intro')}</p>
        </div>
        {situation && (
          <div className="situation__head-side">
            <p className="situation__counts" aria-live="polite" data-testid="situation-counts">
              <strong>
                {t('situation.counts', {
                  reported: situation.counts.reported,
                  expected: situation.counts.expected,
                  period: situation.period,
                })}
              </strong>
            </p>
            <RoundLine round={situation.round} />
          </div>
        )}
      </header>
      <div className="layout__main--wide situation-tools no-print">
        <TimeTravel key={at ?? 'now'} at={at} onShow={setAt} />
        {user.role === 'coordinator' && at === null && <PublishButton onPublished={() => setPublished((n) => n + 1)} />}
      </div>
      {at && (
        <div className="layout__main--wide">
          <PastBanner at={at} onBack={() => setAt(null)} />
        </div>
      )}
      {state.status === 'loading' && <p className="panel panel__empty layout__main--wide">{t('situation.loading')}</p>}
      {state.status === 'failed' && (
        <div className="panel panel__empty panel__empty--error layout__main--wide">
          <p>{t('situation.failed')}</p>
          <button type="button" className="btn btn--quiet btn--small" onClick={load}>
            {t('situation.retry')}
          </button>
        </div>
      )}
      {situation && (
        <>
          <div className="layout__main">
            <SummaryPanel
              summary={situation.summary}
              editable={at === null && mayWriteSummary(user.role)}
              onSaved={load}
            />
            <MapPanel situation={situation} actors={actors} onOpen={setOpenActor} />
          </div>
          <aside className="layout__side">
            {at === null && <RoundControls user={user} onChanged={load} />}
            <NeedsPanel situation={situation} user={user} readOnly={at !== null} onChanged={load} />
            <MissingPanel situation={situation} onOpen={setOpenActor} />
            <PublicationsList refresh={published} />
          </aside>
          <div className="layout__main--wide">
            <Matrix situation={situation} sectors={sectors} onOpen={setOpenActor} />
          </div>
        </>
      )}
      {user.role === 'admin' && (
        <div className="layout__main--wide">
          <SectorsPanel sectors={sectors} onChanged={loadSectors} />
        </div>
      )}
      <Dialog
        open={selected !== null}
        onClose={() => setOpenActor(null)}
        title={selected ? t('reportView.title', { actor: selected.actorName }) : ''}
        wide
        testId="report-dialog"
      >
        {selected && <ActorReport entry={selected} sectors={sectors} actors={actors} />}
      </Dialog>
    </main>
  );
}

function SummaryPanel({
  summary,
  editable,
  onSaved,
}: {
  summary: string | null;
  editable: boolean;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const fieldId = useId();
  const textRef = useRef<HTMLTextAreaElement>(null);
  const editRef = useRef<HTMLButtonElement>(null);

  function startEditing() {
    setText(summary ?? '');
    setError(null);
    setSaved(false);
    setEditing(true);
    window.setTimeout(() => textRef.current?.focus(), 0);
  }

  async function save() {
    if (text.trim() === '') {
      setError(t('validation.required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.writeSummary(text);
      setEditing(false);
      setSaved(true);
      onSaved();
      window.setTimeout(() => editRef.current?.focus(), 0);
    } catch (err) {
      setError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel situation-summary" aria-labelledby="summary-heading" data-testid="situation-summary">
      <header className="panel__header">
        <h2 id="summary-heading" className="panel__title">
          {t('situation.summaryTitle')}
        </h2>
        {editable && !editing && (
          <button
            ref={editRef}
            type="button"
            className="btn btn--quiet btn--small situation-summary__edit"
            onClick={startEditing}
            data-testid="summary-edit"
          >
            {summary ? t('situation.summaryEdit') : t('situation.summaryWrite')}
          </button>
        )}
      </header>
      {editing ? (
        <form
          className="situation-summary__form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <div className={`field${error ? ' field--invalid' : ''}`}>
            <label className="field__label" htmlFor={fieldId}>
              {t('situation.summaryLabel')}
            </label>
            <textarea
              ref={textRef}
              id={fieldId}
              rows={5}
              value={text}
              maxLength={10_000}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${fieldId}-error` : undefined}
              onChange={(e) => setText(e.target.value)}
              data-testid="summary-text"
            />
            {error && (
              <p id={`${fieldId}-error`} className="field__error">
                {error}
              </p>
            )}
          </div>
          <div className="situation-summary__actions">
            <button type="submit" className="btn btn--primary" disabled={busy} data-testid="summary-save">
              {busy ? t('situation.summarySaving') : t('situation.summarySave')}
            </button>
            <button type="button" className="btn btn--quiet" disabled={busy} onClick={() => setEditing(false)}>
              {t('situation.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <>
          {summary ? (
            <p className="situation-summary__text" data-testid="summary-shown">
              {summary}
            </p>
          ) : (
            <p className="panel__empty">{t('situation.summaryEmpty')}</p>
          )}
          {saved && (
            <p className="situation-summary__saved" role="status">
              {t('situation.summarySaved')}
            </p>
          )}
        </>
      )}
    </section>
  );
}

function stateLabel(state: TileState, t: TFunction): string {
  if (state === 'not-reported') return t('impact.notReported');
  if (state === 'restricted') return t('impact.restricted');
  return t(`impact.${state}`);
}

function Tile({
  entry,
  style,
  onOpen,
}: {
  entry: SituationActor;
  style?: React.CSSProperties;
  onOpen: (actorId: string) => void;
}) {
  const { t } = useTranslation();
  const state = tileState(entry);
  const label = stateLabel(state, t);
  const name = entry.actorName.replace(/ kommun$/, '');
  return (
    <li className="tile-cell" style={style}>
      <button
        type="button"
        className={`tile tile--${state}`}
        data-testid="situation-tile"
        data-actor-id={entry.actorId}
        data-state={state}
        aria-label={t('situation.tileLabel', { actor: entry.actorName, state: label })}
        onClick={() => onOpen(entry.actorId)}
      >
        <span className="tile__name">{name}</span>
        <span className="tile__state">
          <span className="tile__sign" aria-hidden="true">
            {tileSign[state]}
          </span>{' '}
          {label}
        </span>
      </button>
    </li>
  );
}

const regionalCategories: ActorCategory[] = ['blaljus', 'trafik', 'stat_region'];
const legendStates: TileState[] = ['normal', 'unknown', 'strained', 'severe', 'critical', 'not-reported', 'restricted'];

function MapPanel({
  situation,
  actors,
  onOpen,
}: {
  situation: Situation;
  actors: Actor[];
  onOpen: (actorId: string) => void;
}) {
  const { t } = useTranslation();
  const byId = new Map(actors.map((a) => [a.id, a]));
  const municipalities = situation.actors.filter((a) => byId.get(a.actorId)?.category === 'kommun');
  return (
    <section className="panel situation-map" aria-labelledby="map-heading" data-testid="situation-map">
      <header className="panel__header">
        <h2 id="map-heading" className="panel__title">
          {t('situation.mapTitle')}
        </h2>
        <p className="panel__count">{t('situation.mapHint')}</p>
      </header>
      <div className="situation-map__body">
        <ul className="tile-map" aria-label={t('situation.category.kommun')}>
          {municipalities.map((entry) => {
            const code = byId.get(entry.actorId)?.municipalityCode;
            const place = code ? municipalityTiles[code] : undefined;
            return (
              <Tile
                key={entry.actorId}
                entry={entry}
                onOpen={onOpen}
                style={
                  place
                    ? { gridColumn: `${place.col} / span ${place.span ?? 1}`, gridRow: String(place.row) }
                    : undefined
                }
              />
            );
          })}
        </ul>
        <div className="situation-map__regional">
          <h3 className="situation-map__subtitle">{t('situation.regionalTitle')}</h3>
          <div className="situation-map__groups">
            {regionalCategories.map((category) => {
              const members = situation.actors.filter((a) => byId.get(a.actorId)?.category === category);
              if (members.length === 0) return null;
              return (
                <div key={category} className="tile-group">
                  <h4 className="tile-group__title">{t(`situation.category.${category}`)}</h4>
                  <ul className="tile-list">
                    {members.map((entry) => (
                      <Tile key={entry.actorId} entry={entry} onOpen={onOpen} />
                    ))}
                  </ul>
                </div>
              );
            })}
          </div>
        </div>
      </div>
      <div className="legend">
        <h3 className="visually-hidden">{t('situation.legend')}</h3>
        <ul className="legend__list">
          {legendStates.map((state) => (
            <li key={state} className="legend__item">
              <span className={`legend__swatch tile--${state}`} aria-hidden="true">
                {tileSign[state]}
              </span>
              {stateLabel(state, t)}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

function Matrix({
  situation,
  sectors,
  onOpen,
}: {
  situation: Situation;
  sectors: Sector[];
  onOpen: (actorId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const reported = situation.actors.filter(
    (a): a is SituationActor & { report: Report } => a.report !== null && a.report.sectors.length > 0,
  );
  const nameOf = (id: string, fallback: string) => {
    const sector = sectors.find((s) => s.id === id);
    return sector && i18n.language.startsWith('en') ? sector.nameEn : (sector?.name ?? fallback);
  };
  return (
    <section className="panel situation-matrix" aria-labelledby="matrix-heading" data-testid="situation-matrix">
      <header className="panel__header">
        <h2 id="matrix-heading" className="panel__title">
          {t('situation.matrixTitle')}
        </h2>
      </header>
      {reported.length === 0 ? (
        <p className="panel__empty">{t('situation.matrixEmpty')}</p>
      ) : (
        <div className="matrix-scroll">
          <table className="matrix">
            <thead>
              <tr>
                <th scope="col">{t('situation.matrixSector')}</th>
                <th scope="col">{t('situation.matrixWorst')}</th>
                {reported.map((a) => (
                  <th key={a.actorId} scope="col" className="matrix__actor">
                    <button type="button" className="link-button" onClick={() => onOpen(a.actorId)}>
                      {a.actorName}
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {situation.sectors.map((s) => (
                <tr key={s.sector}>
                  <th scope="row">{nameOf(s.sector, s.name)}</th>
                  <td>{s.worst ? <ImpactText impact={s.worst} /> : <span className="muted">–</span>}</td>
                  {reported.map((a) => {
                    const cell = a.report.sectors.find((x) => x.sector === s.sector);
                    return (
                      <td
                        key={a.actorId}
                        data-testid="matrix-cell"
                        data-actor-id={a.actorId}
                        data-sector={s.sector}
                        title={cell?.comment}
                      >
                        {cell ? (
                          <ImpactText impact={cell.impact} />
                        ) : (
                          <span className="muted">
                            <span aria-hidden="true">–</span>
                            <span className="visually-hidden">{t('impact.none')}</span>
                          </span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function NeedsPanel({
  situation,
  user,
  readOnly,
  onChanged,
}: {
  situation: Situation;
  user: User;
  readOnly: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const names = new Map(situation.actors.map((a) => [a.actorId, a.actorName]));
  async function move(id: string, status: NeedStatus) {
    setError(null);
    try {
      await api.setNeedStatus(id, status);
      onChanged();
    } catch (err) {
      setError(describeError(err, t));
    }
  }
  return (
    <section className="panel" aria-labelledby="needs-heading" data-testid="situation-needs">
      <header className="panel__header">
        <h2 id="needs-heading" className="panel__title">
          {t('situation.needsTitle')} <span className="panel__count">({situation.openNeeds.length})</span>
        </h2>
      </header>
      {error && (
        <p className="panel__empty panel__empty--error" role="alert">
          {error}
        </p>
      )}
      {situation.openNeeds.length === 0 ? (
        <p className="panel__empty">{t('situation.needsEmpty')}</p>
      ) : (
        <ul className="need-list">
          {situation.openNeeds.map((n) => {
            const involved =
              !readOnly &&
              (user.role === 'coordinator' ||
                (user.role === 'duty_officer' && (user.actorId === n.actorId || n.to.includes(user.actorId))));
            return (
              <li key={n.id} className="need" data-testid="situation-need">
                <p className="need__text">{n.text}</p>
                <p className="need__meta">
                  {t('situation.needFrom', { actor: n.actorName })} ·{' '}
                  {n.to.length > 0
                    ? t('situation.needTo', { actors: n.to.map((id) => names.get(id) ?? id).join(', ') })
                    : t('situation.needToRegion')}
                </p>
                {involved && (
                  <div className="need__actions">
                    <button
                      type="button"
                      className="btn btn--quiet btn--small"
                      onClick={() => void move(n.id, 'taken_up')}
                    >
                      {t('situation.needTakeUp')}
                    </button>
                    <button
                      type="button"
                      className="btn btn--quiet btn--small"
                      onClick={() => void move(n.id, 'resolved')}
                    >
                      {t('situation.needResolve')}
                    </button>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function MissingPanel({ situation, onOpen }: { situation: Situation; onOpen: (actorId: string) => void }) {
  const { t } = useTranslation();
  const missing = situation.actors.filter((a) => a.report === null && !a.restricted);
  return (
    <section className="panel" aria-labelledby="missing-heading" data-testid="situation-missing">
      <header className="panel__header">
        <h2 id="missing-heading" className="panel__title">
          {t('situation.missingTitle')} <span className="panel__count">({missing.length})</span>
        </h2>
      </header>
      {missing.length === 0 ? (
        <p className="panel__empty">{t('situation.missingNone')}</p>
      ) : (
        <ul className="missing-list">
          {missing.map((a) => (
            <li key={a.actorId} data-testid="missing-actor" data-actor-id={a.actorId}>
              <button type="button" className="link-button" onClick={() => onOpen(a.actorId)}>
                {a.actorName}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The dialog's content: the actor's latest report, and what changed since the previous version. */
function ActorReport({ entry, sectors, actors }: { entry: SituationActor; sectors: Sector[]; actors: Actor[] }) {
  const { t } = useTranslation();
  const [history, setHistory] = useState<Report[] | 'loading' | 'failed' | null>(null);
  const report = entry.report;

  if (!report) {
    return (
      <div className="dialog__body" data-testid="report-none">
        <p>
          {entry.restricted
            ? t('reportView.restricted', { actor: entry.actorName })
            : t('reportView.notReported', { actor: entry.actorName })}
        </p>
      </div>
    );
  }

  async function toggleCompare() {
    if (history !== null) {
      setHistory(null);
      return;
    }
    setHistory('loading');
    try {
      setHistory(await api.actorReports(entry.actorId));
    } catch {
      setHistory('failed');
    }
  }

  return (
    <div className="dialog__body report-dialog" data-testid="report-view" data-report-id={report.id}>
      <ReportView report={report} sectors={sectors} actors={actors} />
      <div>
        <button
          type="button"
          className="btn btn--quiet"
          aria-expanded={history !== null}
          onClick={() => void toggleCompare()}
          data-testid="report-compare"
        >
          {history !== null ? t('reportView.hideCompare') : t('reportView.compare')}
        </button>
      </div>
      {history === 'loading' && <p className="muted">{t('reportView.loading')}</p>}
      {history === 'failed' && <p className="panel__empty--error">{t('reportView.failed')}</p>}
      {Array.isArray(history) && <Comparison history={history} report={report} sectors={sectors} />}
    </div>
  );
}

function Comparison({ history, report, sectors }: { history: Report[]; report: Report; sectors: Sector[] }) {
  const { t, i18n } = useTranslation();
  const index = history.findIndex((r) => r.id === report.id);
  const latest = index >= 0 ? history[index] : history[0];
  const previous = index >= 0 ? history[index + 1] : history[1];
  if (!latest || !previous) {
    return (
      <p className="muted" data-testid="compare-none">
        {t('reportView.noPrevious')}
      </p>
    );
  }
  const changes = diffReportsFor(previous, latest, sectors, t, i18n.language);
  return (
    <section className="compare" aria-label={t('reportView.compareTitle', { number: previous.number })}>
      <h3 className="compare__title">{t('reportView.compareTitle', { number: previous.number })}</h3>
      {changes.length === 0 ? (
        <p className="muted">{t('reportView.noChanges')}</p>
      ) : (
        <table className="compare__table" data-testid="compare-table">
          <thead>
            <tr>
              <td />
              <th scope="col">{t('reportView.before')}</th>
              <th scope="col">{t('reportView.after')}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={c.label} data-testid="compare-row">
                <th scope="row">{c.label}</th>
                <td className="compare__before">
                  {c.before || <span className="muted">{t('reportView.empty')}</span>}
                </td>
                <td className="compare__after">{c.after || <span className="muted">{t('reportView.empty')}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function diffReportsFor(previous: Report, latest: Report, sectors: Sector[], t: TFunction, language: string) {
  return diffReports(previous, latest, sectors, {
    impact: (i) => (i ? t(`impact.${i}`) : ''),
    sectorName: (s) => (language.startsWith('en') ? s.nameEn : s.name),
  }).map((c) => {
    const label = c.labelIsKey ? t(`reportView.${c.label}` as 'reportView.situation') : c.label;
    if (c.label === 'version') {
      const v = (x: string) => t(`reportForm.versions.${x}` as 'reportForm.versions.initial');
      return { ...c, label, before: v(c.before), after: v(c.after) };
    }
    if (c.label === 'classification') {
      const v = (x: string) => t(`reportForm.classes.${x}` as 'reportForm.classes.open');
      return { ...c, label, before: v(c.before), after: v(c.after) };
    }
    if (c.label === 'eventConfirmed') {
      const v = (x: string) => (x === 'true' ? t('reportView.confirmed') : t('reportView.unconfirmed'));
      return { ...c, label, before: v(c.before), after: v(c.after) };
    }
    return { ...c, label };
  });
}
