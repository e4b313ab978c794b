import type { Report, Situation } from '@samverkan/contracts';

const xml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

const element = (name: string, value: string | null | undefined) =>
  value === null || value === undefined || value === '' ? '' : `<${name}>${xml(value)}</${name}>`;

const versions = { initial: 'Initial', update: 'Update', final: 'Final' } as const;

/**
 * An actor's report as an OASIS EDXL-SitRep 1.0 situation report: who
 * prepared it, its number and version, the period, the situation, the
 * measures (action plan) and the next contact, with the sector impacts in
 * the narrative. Sekretess reports are never exported.
 */
export function reportToSitRep(report: Report, sectorNames: ReadonlyMap<string, string>): string {
  const impacts = report.sectors
    .map((s) => `${sectorNames.get(s.sector) ?? s.sector}: ${s.impact}${s.comment ? ` (${s.comment})` : ''}`)
    .join('; ');
  const narrative = [
    report.situation,
    impacts ? `Påverkan per sektor: ${impacts}` : '',
    report.needs.length > 0 ? `Behov: ${report.needs.map((n) => n.text).join('; ')}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  const actionPlan = [report.measuresTaken, report.measuresPlanned].filter(Boolean).join('\n');
  const submitted = report.submittedAt ?? report.createdAt;
  return `<?xml version="1.0" encoding="UTF-8"?>
<SitRep xmlns="urn:oasis:names:tc:emergency:EDXL:SitRep:1.0">
  <MessageID>${xml(report.id)}</MessageID>
  <PreparedBy><PersonDetails><PersonName>${xml(report.reportedBy.name)}</PersonName><OrganisationName>${xml(report.actorName)}</OrganisationName></PersonDetails></PreparedBy>
  <AuthorizedBy><PersonDetails><OrganisationName>${xml(report.actorName)}</OrganisationName></PersonDetails></AuthorizedBy>
  <ReportPurpose>Lägesrapport till Samverkan Stockholmsregionen (SSR)</ReportPurpose>
  <ReportNumber>${report.number ?? 0}</ReportNumber>
  <ReportVersion>${versions[report.version]}</ReportVersion>
  <ForTimePeriod><FromDateTime>${xml(submitted)}</FromDateTime>${report.nextReportAt ? `<ToDateTime>${xml(report.nextReportAt)}</ToDateTime>` : ''}</ForTimePeriod>
  <ReportTitle>${xml(`${report.actorName} – lägesrapport ${report.period} nr ${report.number ?? 0}`)}</ReportTitle>
  <IncidentID>${xml(report.period)}</IncidentID>
  <ReportConfidence>${report.confidence === 'high' ? 'HighlyConfident' : report.confidence === 'low' ? 'NotConfident' : 'Confident'}</ReportConfidence>
  <ActionPlan>${xml(actionPlan)}</ActionPlan>
  <NextContact>${xml(report.nextReportAt ?? '')}</NextContact>
  <Report>
    <SituationInformation>
      ${element('SituationSummary', narrative)}
      ${element('Assessment', [report.assessment, report.forecast].filter(Boolean).join('\n'))}
      ${element('PublicInformation', report.communication)}
      ${element('PlannedActivities', report.comingActivities)}
      ${element('Contact', report.contact)}
    </SituationInformation>
  </Report>
</SitRep>
`;
}

const csvCell = (v: string | number | null | undefined) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",;\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** The picture as a table: one row per actor, one column per sector. */
export function situationToCsv(situation: Situation): string {
  const header = [
    'actor_id',
    'actor',
    'status',
    'report_number',
    'version',
    'submitted_at',
    'worst_impact',
    ...situation.sectors.map((s) => s.sector),
  ];
  const rows = situation.actors.map((a) => {
    const status = a.report ? 'reported' : a.restricted ? 'restricted' : 'not_reported';
    const bySector = new Map(a.report?.sectors.map((s) => [s.sector, s.impact]) ?? []);
    return [
      a.actorId,
      a.actorName,
      status,
      a.report?.number ?? '',
      a.report?.version ?? '',
      a.report?.submittedAt ?? '',
      a.worstImpact ?? '',
      ...situation.sectors.map((s) => bySector.get(s.sector) ?? ''),
    ];
  });
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
