import type { Actor, Impact, Report, Sector } from '@samverkan/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { sitrepPath } from '../api.ts';
import { impactSign } from '../reports.ts';
import { Time } from './bits.tsx';

/** An impact in words, with a sign and a colour that only repeat them. */
export function ImpactText({ impact }: { impact: Impact }) {
  const { t } = useTranslation();
  return (
    <span className={`impact impact--${impact}`} data-impact={impact}>
      <span className="impact__sign" aria-hidden="true">
        {impactSign[impact]}
      </span>
      {t(`impact.${impact}`)}
    </span>
  );
}

/** One published report, readable from top to bottom in the shared structure. */
export function ReportView({ report, sectors, actors }: { report: Report; sectors: Sector[]; actors: Actor[] }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const actorName = (id: string) => actors.find((a) => a.id === id)?.name ?? id;
  const sectorName = (id: string) => {
    const s = sectors.find((x) => x.id === id);
    return s ? (en ? s.nameEn : s.name) : id;
  };
  const row = (key: string, label: string, value: ReactNode) =>
    value === undefined || value === null || value === '' ? null : (
      <div className="report-view__row" key={key}>
        <dt>{label}</dt>
        <dd>{value}</dd>
      </div>
    );
  const event = report.event;

  return (
    <article className="report-view" data-testid="report-content">
      <p className="report-view__meta" data-testid="report-meta">
        <span className={`class-tag class-tag--${report.classification}`}>
          {t(`reportForm.classes.${report.classification}`)}
        </span>{' '}
        {t('reportView.meta', {
          number: report.number ?? '–',
          version: t(`reportForm.versions.${report.version}`),
          name: `${report.reportedBy.name}, ${report.reportedBy.actorName}`,
        })}
        {report.submittedAt && (
          <>
            {' · '}
            <Time value={report.submittedAt} />
          </>
        )}
        {' · '}
        {report.period}
        {report.classification !== 'secret' && report.status === 'submitted' && (
          <>
            {' · '}
            <a href={sitrepPath(report.id)} target="_blank" rel="noopener" data-testid="report-sitrep">
              {t('reportView.sitrep')}
            </a>
          </>
        )}
      </p>
      <dl className="report-view__list">
        {row('situation', t('reportView.situation'), <p className="report-view__text">{report.situation}</p>)}
        {event &&
          row(
            'event',
            t('reportView.event'),
            <dl className="report-view__event">
              {row('what', t('reportView.eventWhat'), event.what)}
              {row('where', t('reportView.eventWhere'), event.where)}
              {row('when', t('reportView.eventWhen'), event.when)}
              {row('source', t('reportView.eventSource'), event.source)}
              {row(
                'confirmed',
                t('reportView.eventConfirmed'),
                event.confirmed ? t('reportView.confirmed') : t('reportView.unconfirmed'),
              )}
            </dl>,
          )}
        {report.ownOperations &&
          row(
            'own',
            t('reportView.ownOperations'),
            <>
              {report.ownOperations.impact && <ImpactText impact={report.ownOperations.impact} />}{' '}
              {report.ownOperations.comment}
            </>,
          )}
        {report.sectors.length > 0 &&
          row(
            'sectors',
            t('reportView.sectors'),
            <ul className="report-view__sectors">
              {report.sectors.map((s) => (
                <li key={s.sector}>
                  <span className="report-view__sector">{sectorName(s.sector)}</span> <ImpactText impact={s.impact} />
                  {s.comment && <span className="report-view__comment"> {s.comment}</span>}
                </li>
              ))}
            </ul>,
          )}
        {row('measuresTaken', t('reportView.measuresTaken'), report.measuresTaken)}
        {row('measuresPlanned', t('reportView.measuresPlanned'), report.measuresPlanned)}
        {report.needs.length > 0 &&
          row(
            'needs',
            t('reportView.needs'),
            <ul className="report-view__needs">
              {report.needs.map((n, i) => (
                <li key={n.id ?? i}>
                  {n.text}
                  <span className="muted">
                    {' '}
                    (
                    {n.to.length > 0
                      ? t('situation.needTo', { actors: n.to.map(actorName).join(', ') })
                      : t('situation.needToRegion')}
                    )
                  </span>
                </li>
              ))}
            </ul>,
          )}
        {row('assessment', t('reportView.assessment'), report.assessment)}
        {row('forecast', t('reportView.forecast'), report.forecast)}
        {row(
          'confidence',
          t('reportView.confidence'),
          report.confidence ? t(`reportForm.confidences.${report.confidence}`) : undefined,
        )}
        {row('communication', t('reportView.communication'), report.communication)}
        {row('comingActivities', t('reportView.comingActivities'), report.comingActivities)}
        {row('contact', t('reportView.contact'), report.contact)}
        {report.nextReportAt && row('next', t('reportView.nextReportAt'), <Time value={report.nextReportAt} />)}
      </dl>
    </article>
  );
}
