import {
  type Classification,
  type Impact,
  type Report,
  type ReportBody,
  ReportBodySchema,
  type ReportVersion,
  type Role,
  type Sector,
} from '@samverkan/contracts';
import type { TFunction } from 'i18next';
import { ApiError } from './api.ts';
import { TIME_ZONE } from './format.ts';
import { type FieldErrors, issueMessage } from './forms.ts';

/** Duty officers report for their own actor; coordinators for any actor. */
export const mayReport = (role: Role) => role === 'duty_officer' || role === 'coordinator';
/** The situation-picture officer (a coordinator) writes the summary. */
export const mayWriteSummary = (role: Role) => role === 'coordinator';

/** A sign for each impact, so that it never rests on colour alone. */
export const impactSign: Record<Impact, string> = {
  normal: '✓',
  unknown: '?',
  strained: '!',
  severe: '!!',
  critical: '!!!',
};

/** What the report form holds: strings for every text field, as typed. */
export interface ReportDraft {
  version: ReportVersion;
  situation: string;
  what: string;
  where: string;
  when: string;
  source: string;
  confirmed: boolean;
  /** Per sector id: the impact ('' = not assessed, left out) and a comment. */
  sectors: Record<string, { impact: Impact | ''; comment: string }>;
  ownImpact: Impact | '';
  ownComment: string;
  measuresTaken: string;
  measuresPlanned: string;
  needs: Array<{ key: number; text: string; to: string[] }>;
  assessment: string;
  forecast: string;
  confidence: 'low' | 'medium' | 'high' | '';
  communication: string;
  comingActivities: string;
  contact: string;
  /** A datetime-local value in Stockholm time ("2026-11-23T18:00"), or ''. */
  nextReportAt: string;
  classification: Classification;
  sharedWith: string[];
}

let needKey = 0;
export const newNeed = (text = '', to: string[] = []) => ({ key: ++needKey, text, to });

export const emptyReportDraft = (): ReportDraft => ({
  version: 'initial',
  situation: '',
  what: '',
  where: '',
  when: '',
  source: '',
  confirmed: false,
  sectors: {},
  ownImpact: '',
  ownComment: '',
  measuresTaken: '',
  measuresPlanned: '',
  needs: [],
  assessment: '',
  forecast: '',
  confidence: '',
  communication: '',
  comingActivities: '',
  contact: '',
  nextReportAt: '',
  classification: 'internal',
  sharedWith: [],
});

/** A saved report (a draft, or the latest published version to start an update from) back into the form. */
export function draftFromReport(report: Report, asUpdate = false): ReportDraft {
  const sectors: ReportDraft['sectors'] = {};
  for (const s of report.sectors) sectors[s.sector] = { impact: s.impact, comment: s.comment ?? '' };
  return {
    version: asUpdate && report.version === 'initial' ? 'update' : report.version,
    situation: report.situation,
    what: report.event?.what ?? '',
    where: report.event?.where ?? '',
    when: report.event?.when ?? '',
    source: report.event?.source ?? '',
    confirmed: report.event?.confirmed ?? false,
    sectors,
    ownImpact: report.ownOperations?.impact ?? '',
    ownComment: report.ownOperations?.comment ?? '',
    measuresTaken: report.measuresTaken ?? '',
    measuresPlanned: report.measuresPlanned ?? '',
    needs: report.needs.map((n) => newNeed(n.text, n.to)),
    assessment: report.assessment ?? '',
    forecast: report.forecast ?? '',
    confidence: report.confidence ?? '',
    communication: report.communication ?? '',
    comingActivities: report.comingActivities ?? '',
    contact: report.contact ?? '',
    nextReportAt: report.nextReportAt ? toLocalInput(report.nextReportAt) : '',
    classification: report.classification,
    sharedWith: report.sharedWith,
  };
}

const opt = (value: string) => (value.trim() === '' ? undefined : value);

/**
 * The body for POST /api/reports. A draft leaves out needs not yet written,
 * so that half-typed rows do not stop the autosave.
 */
export function bodyFromDraft(
  draft: ReportDraft,
  status: 'draft' | 'submitted',
  sectorOrder: readonly Sector[],
  actorId?: string,
): Record<string, unknown> {
  const event = {
    what: opt(draft.what),
    where: opt(draft.where),
    when: opt(draft.when),
    source: opt(draft.source),
    confirmed: draft.confirmed || undefined,
  };
  const needs = draft.needs
    .filter((n) => status === 'submitted' || n.text.trim() !== '')
    .map((n) => ({ text: n.text, ...(n.to.length > 0 ? { to: n.to } : {}) }));
  return {
    ...(actorId ? { actorId } : {}),
    status,
    version: draft.version,
    situation: draft.situation,
    event: Object.values(event).some((v) => v !== undefined) ? event : undefined,
    sectors: sectorOrder.flatMap((s) => {
      const row = draft.sectors[s.id];
      if (!row || row.impact === '') return [];
      return [{ sector: s.id, impact: row.impact, comment: opt(row.comment) }];
    }),
    ownOperations:
      draft.ownImpact || opt(draft.ownComment)
        ? { impact: draft.ownImpact || undefined, comment: opt(draft.ownComment) }
        : undefined,
    measuresTaken: opt(draft.measuresTaken),
    measuresPlanned: opt(draft.measuresPlanned),
    needs,
    assessment: opt(draft.assessment),
    forecast: opt(draft.forecast),
    confidence: draft.confidence || undefined,
    communication: opt(draft.communication),
    comingActivities: opt(draft.comingActivities),
    contact: opt(draft.contact),
    nextReportAt: draft.nextReportAt ? fromLocalInput(draft.nextReportAt) : undefined,
    classification: draft.classification,
    sharedWith: draft.classification === 'secret' ? draft.sharedWith : undefined,
  };
}

/** Validates with ReportBodySchema: the body, or an error per field path ("situation", "needs.0.text"). */
export function validateReport(
  body: Record<string, unknown>,
  t: TFunction,
): { ok: true; data: ReportBody } | { ok: false; errors: FieldErrors } {
  const result = ReportBodySchema.safeParse(body);
  // A draft may be saved before the situation is written; publishing needs it (the server says the same).
  if (result.success && result.data.status === 'submitted' && result.data.situation.trim() === '') {
    return { ok: false, errors: { situation: t('validation.required') } };
  }
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.') || '_';
    errors[path] ??= issueMessage(issue, t);
  }
  return { ok: false, errors };
}

/** The field problems of a 400 on a report, by the same paths, with the server's words. */
export function reportApiErrors(err: unknown): FieldErrors {
  if (!(err instanceof ApiError) || err.status !== 400) return {};
  const errors: FieldErrors = {};
  for (const problem of err.fieldProblems) errors[problem.path.replace(/^body\.?/, '') || '_'] ??= problem.message;
  return errors;
}

/** The Stockholm wall-clock offset from UTC, in minutes, at an instant. */
function stockholmOffsetMinutes(at: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((wall - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/** An ISO instant as a datetime-local value in Stockholm time. */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const wall = new Date(date.getTime() + stockholmOffsetMinutes(date) * 60_000);
  return wall.toISOString().slice(0, 16);
}

/** A datetime-local value read as Stockholm time, as an ISO instant. */
export function fromLocalInput(local: string): string | undefined {
  const asUtc = new Date(`${local}:00Z`);
  if (Number.isNaN(asUtc.getTime())) return undefined;
  const guess = new Date(asUtc.getTime() - stockholmOffsetMinutes(asUtc) * 60_000);
  return new Date(asUtc.getTime() - stockholmOffsetMinutes(guess) * 60_000).toISOString();
}

/** "14:05:09" in Stockholm. */
export function clockWithSeconds(at: Date): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(at);
}

/**
 * The schematic map: each municipality's place (column, row, and how many
 * columns it spans) on a 7 × 8 grid, roughly as they lie: Norrtälje top
 * right, Stockholm in the centre, Nykvarn and Södertälje bottom left.
 */
export const municipalityTiles: Record<string, { col: number; row: number; span?: number }> = {
  '0191': { col: 3, row: 1 }, // Sigtuna
  '0115': { col: 4, row: 1 }, // Vallentuna
  '0188': { col: 6, row: 1, span: 2 }, // Norrtälje
  '0139': { col: 2, row: 2 }, // Upplands-Bro
  '0114': { col: 3, row: 2 }, // Upplands Väsby
  '0160': { col: 4, row: 2 }, // Täby
  '0117': { col: 5, row: 2 }, // Österåker
  '0123': { col: 2, row: 3 }, // Järfälla
  '0163': { col: 3, row: 3 }, // Sollentuna
  '0162': { col: 4, row: 3 }, // Danderyd
  '0187': { col: 5, row: 3 }, // Vaxholm
  '0125': { col: 1, row: 4 }, // Ekerö
  '0183': { col: 2, row: 4 }, // Sundbyberg
  '0184': { col: 3, row: 4 }, // Solna
  '0186': { col: 5, row: 4 }, // Lidingö
  '0180': { col: 3, row: 5, span: 2 }, // Stockholm
  '0182': { col: 5, row: 5 }, // Nacka
  '0120': { col: 6, row: 5, span: 2 }, // Värmdö
  '0128': { col: 1, row: 6 }, // Salem
  '0127': { col: 2, row: 6 }, // Botkyrka
  '0126': { col: 3, row: 6 }, // Huddinge
  '0138': { col: 4, row: 6 }, // Tyresö
  '0140': { col: 1, row: 7 }, // Nykvarn
  '0181': { col: 2, row: 7 }, // Södertälje
  '0136': { col: 4, row: 7 }, // Haninge
  '0192': { col: 4, row: 8 }, // Nynäshamn
};

/** One difference between two versions of a report. */
export interface ReportChange {
  /** A translation key under reportView (or a sector's name). */
  label: string;
  labelIsKey: boolean;
  before: string;
  after: string;
}

const textFields = [
  'situation',
  'measuresTaken',
  'measuresPlanned',
  'assessment',
  'forecast',
  'communication',
  'comingActivities',
  'contact',
] as const;

/** What changed from `previous` to `latest`: the text fields, the event, the own operations, the sector impacts and the needs. */
export function diffReports(
  previous: Report,
  latest: Report,
  sectors: readonly Sector[],
  describe: { impact: (i: Impact | undefined) => string; sectorName: (s: Sector) => string },
): ReportChange[] {
  const changes: ReportChange[] = [];
  const add = (label: string, before: string, after: string, labelIsKey = true) => {
    if (before !== after) changes.push({ label, labelIsKey, before, after });
  };
  add('version', previous.version, latest.version);
  add('classification', previous.classification, latest.classification);
  for (const f of textFields) add(f, previous[f] ?? '', latest[f] ?? '');
  const eventKeys = { what: 'eventWhat', where: 'eventWhere', when: 'eventWhen', source: 'eventSource' } as const;
  for (const f of ['what', 'where', 'when', 'source'] as const) {
    add(eventKeys[f], previous.event?.[f] ?? '', latest.event?.[f] ?? '');
  }
  add('eventConfirmed', String(previous.event?.confirmed ?? false), String(latest.event?.confirmed ?? false));
  add('ownOperations', describe.impact(previous.ownOperations?.impact), describe.impact(latest.ownOperations?.impact));
  add('ownOperationsComment', previous.ownOperations?.comment ?? '', latest.ownOperations?.comment ?? '');
  add('confidence', previous.confidence ?? '', latest.confidence ?? '');
  for (const s of sectors) {
    const a = previous.sectors.find((x) => x.sector === s.id);
    const b = latest.sectors.find((x) => x.sector === s.id);
    const show = (x: typeof a) => (x ? `${describe.impact(x.impact)}${x.comment ? ` – ${x.comment}` : ''}` : '');
    add(describe.sectorName(s), show(a), show(b), false);
  }
  add('needs', previous.needs.map((n) => n.text).join('\n'), latest.needs.map((n) => n.text).join('\n'));
  return changes;
}
