import type { Publication, Sector } from '@samverkan/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, publicationPath } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { useLiveStore } from '../live.ts';
import { Link } from '../router.ts';
import { Time } from './bits.tsx';
import { ImpactText } from './ReportView.tsx';

type LoadState = { status: 'loading' } | { status: 'failed' } | { status: 'ready'; publication: Publication };

/** A report's situation text, cut short for the table. */
function shortText(text: string, max = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/**
 * A published regional picture as the document that goes to decision makers:
 * readable on screen, and printed without the dashboard around it.
 */
export function PublicationPrint({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const store = useLiveStore();
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const [sectors, setSectors] = useState<Sector[]>([]);

  useEffect(() => {
    let cancelled = false;
    api.publication(id).then(
      (publication) => !cancelled && setState({ status: 'ready', publication }),
      (err: unknown) => {
        store.handleError(err);
        if (!cancelled) setState({ status: 'failed' });
      },
    );
    api.sectors().then(
      (s) => !cancelled && setSectors(s),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [id, store]);

  const en = i18n.language.startsWith('en');
  const when = (iso: string) => formatDateTime(iso, i18n.language);
  const sectorName = (sectorId: string, fallback: string) => {
    const s = sectors.find((x) => x.id === sectorId);
    return s && en ? s.nameEn : fallback;
  };

  const toolbar = (
    <div className="print-toolbar no-print" data-testid="print-toolbar">
      <Link to={{ page: 'situation' }} className="btn btn--quiet btn--small" testId="print-back">
        ← {t('publication.back')}
      </Link>
      {state.status === 'ready' && (
        <>
          <button
            type="button"
            className="btn btn--primary btn--small"
            onClick={() => window.print()}
            data-testid="print-button"
          >
            {t('publication.print')}
          </button>
          <a className="btn btn--quiet btn--small" href={publicationPath(id)} download data-testid="export-json">
            {t('publication.exportJson')}
          </a>
          <a className="btn btn--quiet btn--small" href={`${publicationPath(id)}/csv`} data-testid="export-csv">
            {t('publication.exportCsv')}
          </a>
        </>
      )}
    </div>
  );

  if (state.status !== 'ready') {
    return (
      <main id="main" className="layout layout--page print-page" tabIndex={-1} data-testid="publication-print">
        <h1 className="visually-hidden" tabIndex={-1}>
          {t('publication.pageTitle')}
        </h1>
        {toolbar}
        <p className={`panel panel__empty${state.status === 'failed' ? ' panel__empty--error' : ''}`}>
          {state.status === 'failed' ? t('publication.failed') : t('publication.loading')}
        </p>
      </main>
    );
  }

  const { publication } = state;
  const situation = publication.situation;
  const names = new Map(situation.actors.map((a) => [a.actorId, a.actorName]));
  const reported = situation.actors.filter((a) => a.report !== null || a.restricted);
  const missing = situation.actors.filter((a) => a.report === null && !a.restricted);

  return (
    <main id="main" className="layout layout--page print-page" tabIndex={-1} data-testid="publication-print">
      {toolbar}
      <article className="print-doc" data-testid="print-doc">
        <header className="print-doc__head">
          <p className="print-doc__region">{t('publication.region')}</p>
          <h1 className="print-doc__title" tabIndex={-1} data-testid="print-title">
            {publication.title}
          </h1>
          <p className="print-doc__meta" data-testid="print-meta">
            {t('publication.by', {
              time: when(publication.publishedAt),
              name: publication.publishedBy.name,
              actor: publication.publishedBy.actorName,
            })}
          </p>
          <p className="print-doc__meta">
            {t('publication.pictureAt', { time: when(situation.at), period: situation.period })}
          </p>
          {situation.round && (
            <p className="print-doc__meta">
              {t('publication.round', { number: situation.round.number, deadline: when(situation.round.deadline) })}
            </p>
          )}
          <p className="print-doc__counts" data-testid="print-counts">
            <strong>{t('publication.counts', situation.counts)}</strong>
          </p>
        </header>

        <section className="print-doc__section" data-testid="print-summary">
          <h2>{t('publication.summary')}</h2>
          {situation.summary ? (
            <p className="print-doc__summary">{situation.summary}</p>
          ) : (
            <p className="muted">{t('publication.summaryEmpty')}</p>
          )}
        </section>

        <section className="print-doc__section" data-testid="print-actors">
          <h2>{t('publication.actorsTitle')}</h2>
          {reported.length === 0 ? (
            <p className="muted">{t('publication.noActors')}</p>
          ) : (
            <table className="print-table">
              <thead>
                <tr>
                  <th scope="col">{t('publication.actor')}</th>
                  <th scope="col">{t('publication.worst')}</th>
                  <th scope="col">{t('publication.situationText')}</th>
                  <th scope="col">{t('publication.reportedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {reported.map((a) => (
                  <tr key={a.actorId} data-testid="print-actor" data-actor-id={a.actorId}>
                    <th scope="row">{a.actorName}</th>
                    <td>{a.worstImpact ? <ImpactText impact={a.worstImpact} /> : '–'}</td>
                    <td>{a.report ? shortText(a.report.situation) : t('publication.restricted')}</td>
                    <td className="print-table__time">
                      {a.report?.submittedAt ? <Time value={a.report.submittedAt} /> : '–'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        <section className="print-doc__section" data-testid="print-sectors">
          <h2>{t('publication.sectorsTitle')}</h2>
          <table className="print-table">
            <thead>
              <tr>
                <th scope="col">{t('publication.sector')}</th>
                <th scope="col">{t('publication.worst')}</th>
                <th scope="col">{t('publication.who')}</th>
              </tr>
            </thead>
            <tbody>
              {situation.sectors.map((s) => (
                <tr key={s.sector} data-testid="print-sector" data-sector={s.sector}>
                  <th scope="row">{sectorName(s.sector, s.name)}</th>
                  <td>{s.worst ? <ImpactText impact={s.worst} /> : '–'}</td>
                  <td>{s.actorIds.map((actorId) => names.get(actorId) ?? actorId).join(', ') || '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section className="print-doc__section" data-testid="print-needs">
          <h2>
            {t('publication.needsTitle')} ({situation.openNeeds.length})
          </h2>
          {situation.openNeeds.length === 0 ? (
            <p className="muted">{t('publication.needsEmpty')}</p>
          ) : (
            <table className="print-table">
              <thead>
                <tr>
                  <th scope="col">{t('publication.needsTitle')}</th>
                  <th scope="col">{t('publication.needFrom')}</th>
                  <th scope="col">{t('publication.needTo')}</th>
                </tr>
              </thead>
              <tbody>
                {situation.openNeeds.map((n) => (
                  <tr key={n.id} data-testid="print-need">
                    <td>{n.text}</td>
                    <td>{n.actorName}</td>
                    <td>
                      {n.to.length > 0
                        ? n.to.map((x) => names.get(x) ?? x).join(', ')
                        : t('situation.needToRegion').replace(/^[^:]+:\s*/, '')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        <section className="print-doc__section" data-testid="print-missing">
          <h2>
            {t('publication.missingTitle')} ({missing.length})
          </h2>
          {missing.length === 0 ? (
            <p className="muted">{t('publication.missingNone')}</p>
          ) : (
            <p className="print-doc__missing">{missing.map((a) => a.actorName).join(', ')}</p>
          )}
        </section>
      </article>
    </main>
  );
}
