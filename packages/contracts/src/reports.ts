import { z } from 'zod';
import { ActorIdSchema, PersonRefSchema } from './schemas.ts';

const isoTime = z.string().datetime({ offset: true });
const text = (max: number) => z.string().trim().max(max);
const required = (max: number) => z.string().trim().min(1).max(max);

/** One scale for every sector, worst last. */
export const impactLevels = ['normal', 'strained', 'severe', 'critical', 'unknown'] as const;
export const ImpactSchema = z.enum(impactLevels);
export type Impact = z.infer<typeof ImpactSchema>;

/** How bad an impact is, for "worst per sector"; unknown ranks above normal (it needs looking at) but below strained. */
export const impactRank: Record<Impact, number> = { normal: 0, unknown: 1, strained: 2, severe: 3, critical: 4 };

export function worstImpact(impacts: readonly Impact[]): Impact | null {
  let worst: Impact | null = null;
  for (const i of impacts) if (worst === null || impactRank[i] > impactRank[worst]) worst = i;
  return worst;
}

export const reportVersions = ['initial', 'update', 'final'] as const;
export const ReportVersionSchema = z.enum(reportVersions);
export type ReportVersion = z.infer<typeof ReportVersionSchema>;

/**
 * Information classes. Säkerhetsskyddsklassificerade uppgifter must never be
 * entered: there is deliberately no such class.
 */
export const classifications = ['open', 'internal', 'secret'] as const;
export const ClassificationSchema = z.enum(classifications);
export type Classification = z.infer<typeof ClassificationSchema>;

export const confidenceLevels = ['low', 'medium', 'high'] as const;
export const needStatuses = ['open', 'taken_up', 'resolved'] as const;
export const NeedStatusSchema = z.enum(needStatuses);
export type NeedStatus = z.infer<typeof NeedStatusSchema>;

export const SectorIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase slug (a-z, 0-9, -)')
  .max(80);

export const SectorSchema = z.object({
  id: SectorIdSchema,
  name: required(200),
  nameEn: required(200),
  position: z.number().int().nonnegative(),
});
export type Sector = z.infer<typeof SectorSchema>;
export const SectorBodySchema = SectorSchema.omit({ position: true }).extend({
  position: z.number().int().nonnegative().optional(),
});
export type SectorBody = z.infer<typeof SectorBodySchema>;

export const SectorImpactSchema = z.object({
  sector: SectorIdSchema,
  impact: ImpactSchema,
  comment: text(2000).optional(),
});

export const NeedBodySchema = z.object({
  text: required(2000),
  /** The actors asked; absent or empty: the region (the coordinators). */
  to: z.array(ActorIdSchema).max(60).optional(),
});

/** What an actor reports: the shared structure of DOMAIN.md, "Gemensam lägesbild". */
export const ReportBodySchema = z.object({
  /** Whose report: a duty officer reports for its own actor; a coordinator may name one. */
  actorId: ActorIdSchema.optional(),
  status: z.enum(['draft', 'submitted']),
  version: ReportVersionSchema,
  /** The event and the current situation; may be empty in a draft, required to publish. */
  situation: text(10_000),
  event: z
    .object({
      what: text(2000).optional(),
      where: text(1000).optional(),
      when: text(200).optional(),
      source: text(1000).optional(),
      confirmed: z.boolean().optional(),
    })
    .optional(),
  sectors: z.array(SectorImpactSchema).max(40),
  ownOperations: z.object({ impact: ImpactSchema.optional(), comment: text(4000).optional() }).optional(),
  measuresTaken: text(6000).optional(),
  measuresPlanned: text(6000).optional(),
  needs: z.array(NeedBodySchema).max(50),
  assessment: text(6000).optional(),
  forecast: text(6000).optional(),
  confidence: z.enum(confidenceLevels).optional(),
  communication: text(4000).optional(),
  comingActivities: text(4000).optional(),
  contact: text(500).optional(),
  nextReportAt: isoTime.optional(),
  classification: ClassificationSchema,
  /** Sekretess: the actors (besides the reporting one and the coordinators) who may read it. */
  sharedWith: z.array(ActorIdSchema).max(60).optional(),
});
export type ReportBody = z.infer<typeof ReportBodySchema>;

export const NeedSchema = z.object({
  /** Null in a draft: a need gets its id when the report is published. */
  id: z.string().uuid().nullable(),
  text: z.string(),
  to: z.array(ActorIdSchema),
  status: NeedStatusSchema,
});
export type Need = z.infer<typeof NeedSchema>;

export const ReportSchema = ReportBodySchema.omit({ actorId: true, needs: true, status: true }).extend({
  id: z.string().uuid(),
  actorId: ActorIdSchema,
  actorName: z.string(),
  status: z.enum(['draft', 'submitted']),
  /** The reporting period: an ISO week (2026-W48) in ordinary mode, the activation's round when activated. */
  period: z.string(),
  /** 1, 2, … per actor and period, in the order submitted; null for a draft. */
  number: z.number().int().positive().nullable(),
  needs: z.array(NeedSchema),
  sharedWith: z.array(ActorIdSchema),
  reportedBy: PersonRefSchema,
  createdAt: isoTime,
  submittedAt: isoTime.nullable(),
});
export type Report = z.infer<typeof ReportSchema>;

export const SituationActorSchema = z.object({
  actorId: ActorIdSchema,
  actorName: z.string(),
  /** The latest submitted report the viewer may see; null: not yet reported (or not visible). */
  report: ReportSchema.nullable(),
  /** Reported, but in a class the viewer may not read. */
  restricted: z.boolean(),
  worstImpact: ImpactSchema.nullable(),
});

export const RoundSchema = z.object({ number: z.number().int().positive(), deadline: isoTime, openedAt: isoTime });
export type Round = z.infer<typeof RoundSchema>;

export const SituationSchema = z.object({
  period: z.string(),
  /** The reporting round running in an activation, with its deadline; null otherwise. */
  round: RoundSchema.nullable(),
  at: isoTime,
  actors: z.array(SituationActorSchema),
  sectors: z.array(
    z.object({
      sector: SectorIdSchema,
      name: z.string(),
      worst: ImpactSchema.nullable(),
      actorIds: z.array(ActorIdSchema),
    }),
  ),
  openNeeds: z.array(
    NeedSchema.extend({
      id: z.string().uuid(),
      actorId: ActorIdSchema,
      actorName: z.string(),
      reportId: z.string().uuid(),
    }),
  ),
  summary: z.string().nullable(),
  counts: z.object({ reported: z.number().int().nonnegative(), expected: z.number().int().nonnegative() }),
});
export type Situation = z.infer<typeof SituationSchema>;

/** The ISO 8601 week of a moment in Stockholm, e.g. "2026-W48". */
export function isoWeek(at: Date, timeZone = 'Europe/Stockholm'): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
  const [y, m, d] = parts.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
  const day = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - day);
  const yearStart = new Date(Date.UTC(date.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((date.getTime() - yearStart.getTime()) / 86_400_000 + 1) / 7);
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export const PublicationSummarySchema = z.object({
  id: z.string().uuid(),
  period: z.string(),
  number: z.number().int().positive(),
  /** "Regional lägesbild v.48, nr 2" or "Aktivering 3, lägesbild 5". */
  title: z.string(),
  publishedAt: isoTime,
  publishedBy: PersonRefSchema,
});
export type PublicationSummary = z.infer<typeof PublicationSummarySchema>;

export const PublicationSchema = PublicationSummarySchema.extend({ situation: SituationSchema });
export type Publication = z.infer<typeof PublicationSchema>;

export const RoundBodySchema = z.object({ deadline: isoTime });

/** The title of a published picture: by week in ordinary mode, by activation when activated. */
export function publicationTitle(period: string, number: number): string {
  const week = period.match(/^\d{4}-W(\d{2})$/);
  if (week) return `Regional lägesbild v.${Number(week[1])}, nr ${number}`;
  const activation = period.match(/^A(\d+)/);
  return activation ? `Aktivering ${activation[1]}, lägesbild ${number}` : `Lägesbild ${period}, nr ${number}`;
}
