import { z } from 'zod';
import type { Caller, Role } from './domain.ts';
import { ActorIdSchema, PersonRefSchema } from './schemas.ts';

/**
 * Samordnad kommunikation: joint messages that the actors' communicators
 * draft, consult on, agree and publish, to the actors and to the public.
 */

const isoTime = z.string().datetime({ offset: true });

/** The 26 municipalities of Stockholm county by SCB code, for areas and CAP geocodes. */
export const countyMunicipalities: Readonly<Record<string, string>> = {
  '0114': 'Upplands Väsby',
  '0115': 'Vallentuna',
  '0117': 'Österåker',
  '0120': 'Värmdö',
  '0123': 'Järfälla',
  '0125': 'Ekerö',
  '0126': 'Huddinge',
  '0127': 'Botkyrka',
  '0128': 'Salem',
  '0136': 'Haninge',
  '0138': 'Tyresö',
  '0139': 'Upplands-Bro',
  '0140': 'Nykvarn',
  '0160': 'Täby',
  '0162': 'Danderyd',
  '0163': 'Sollentuna',
  '0180': 'Stockholm',
  '0181': 'Södertälje',
  '0182': 'Nacka',
  '0183': 'Sundbyberg',
  '0184': 'Solna',
  '0186': 'Lidingö',
  '0187': 'Vaxholm',
  '0188': 'Norrtälje',
  '0191': 'Sigtuna',
  '0192': 'Nynäshamn',
};

/** The whole county (SCB county code 01) instead of a list of municipalities. */
export const WHOLE_COUNTY = 'county';
export const COUNTY_CODE = '01';
export const COUNTY_NAME = 'Stockholms län';

export const AreaSchema = z.string().refine((v) => v === WHOLE_COUNTY || v in countyMunicipalities, {
  message: 'a municipality code of Stockholm county (e.g. 0180) or "county"',
});

export const AreasSchema = z
  .array(AreaSchema)
  .min(1, 'at least one area: municipality codes or ["county"]')
  .max(26)
  .refine((areas) => !areas.includes(WHOLE_COUNTY) || areas.length === 1, {
    message: '"county" stands alone: it already covers every municipality',
  })
  .refine((areas) => new Set(areas).size === areas.length, { message: 'each area once' });

/** The readable name of an area code. */
export function areaName(area: string): string {
  return area === WHOLE_COUNTY ? COUNTY_NAME : (countyMunicipalities[area] ?? area);
}

export const messageStatuses = ['draft', 'consultation', 'agreed', 'published', 'superseded', 'withdrawn'] as const;
export const MessageStatusSchema = z.enum(messageStatuses);
export type MessageStatus = z.infer<typeof MessageStatusSchema>;

/** Internal talking points for the actors, or a message for the public. */
export const messageClassifications = ['internal', 'public'] as const;
export const MessageClassificationSchema = z.enum(messageClassifications);
export type MessageClassification = z.infer<typeof MessageClassificationSchema>;

/** Whose agreement a message needs before it may be published (a setting, see README). */
export const agreementRequirements = ['responsible', 'coordinator', 'consulted'] as const;
export const AgreementRequirementSchema = z.enum(agreementRequirements);
export type AgreementRequirement = z.infer<typeof AgreementRequirementSchema>;

const headline = z.string().trim().min(1, 'a headline').max(160);
const body = z.string().trim().min(1, 'a body').max(5000);
const instruction = z.string().trim().max(2000);

/** One language's text of a message. */
export const MessageTextSchema = z.object({ headline, body, instruction: instruction.optional() });
export type MessageText = z.infer<typeof MessageTextSchema>;

const messageFields = {
  headline,
  body,
  /** What the public should do. */
  instruction: instruction.optional(),
  /** Swedish is the message itself; English is an optional second text. */
  languages: z.object({ en: MessageTextSchema.optional() }).strict().optional(),
  areas: AreasSchema,
  classification: MessageClassificationSchema,
  /** The actor that answers for the message; the author's own actor when omitted. */
  responsibleActorId: ActorIdSchema.optional(),
  exercise: z.boolean().optional(),
  /** Who the message is for, in words: "allmänheten", "resenärer i kollektivtrafiken". */
  audiences: z.array(z.string().trim().min(1).max(100)).max(10).optional(),
  /** When the message is meant to go out (a plan; publishing is always a person's act). */
  plannedAt: isoTime.nullable().optional(),
};

/** POST /api/messages: a new draft. */
export const CreateMessageBodySchema = z.object(messageFields).strict();
export type CreateMessageBody = z.infer<typeof CreateMessageBodySchema>;

/**
 * PATCH /api/messages/:id: an edit of a draft (or of a message in
 * consultation), based on the revision the editor saw. Another revision
 * means someone else saved first: 409 with the current message.
 */
export const EditMessageBodySchema = z
  .object({
    ...messageFields,
    revision: z.number().int().positive(),
    languages: z.object({ en: MessageTextSchema.nullable().optional() }).strict().optional(),
    exercise: z.boolean().optional(),
  })
  .partial()
  .required({ revision: true })
  .strict();
export type EditMessageBody = z.infer<typeof EditMessageBodySchema>;

/** POST /api/messages/:id/update: a new version of a published message; what is left out is kept. */
export const NewVersionBodySchema = z
  .object({
    ...messageFields,
    languages: z.object({ en: MessageTextSchema.nullable().optional() }).strict().optional(),
  })
  .omit({ classification: true, exercise: true })
  .partial()
  .strict();
export type NewVersionBody = z.infer<typeof NewVersionBodySchema>;

/** POST /api/messages/:id/consult: the actors to consult; every actor when omitted or empty. */
export const ConsultBodySchema = z.object({ actorIds: z.array(ActorIdSchema).max(200).optional() }).strict();
export type ConsultBody = z.infer<typeof ConsultBodySchema>;

/** The revision the answer is about: agreeing to a text that has since changed is refused (409). */
const answeredRevision = z.number().int().positive().optional();

export const AgreeBodySchema = z.object({
  revision: answeredRevision,
  comment: z.string().trim().max(2000).optional(),
});
export type AgreeBody = z.infer<typeof AgreeBodySchema>;

export const ObjectBodySchema = z.object({
  revision: answeredRevision,
  comment: z.string().trim().min(1, 'say what the objection is').max(2000),
  /** A proposed wording. */
  proposal: z.string().trim().max(5000).optional(),
});
export type ObjectBody = z.infer<typeof ObjectBodySchema>;

/** POST /api/messages/:id/comment: a comment or a proposed change, without agreeing or objecting. */
export const CommentBodySchema = z.object({
  revision: answeredRevision,
  comment: z.string().trim().min(1, 'a comment').max(2000),
  proposal: z.string().trim().max(5000).optional(),
});
export type CommentBody = z.infer<typeof CommentBodySchema>;

/** POST /api/messages/:id/publish: publishes the revision shown in the confirmation when given. */
export const PublishBodySchema = z.object({ revision: answeredRevision }).strict();
export const WithdrawBodySchema = z.object({ reason: z.string().trim().max(1000).optional() }).strict();
export type WithdrawBody = z.infer<typeof WithdrawBodySchema>;

export const MessageParamsSchema = z.object({ id: z.string().uuid() });

export const answerKinds = ['agree', 'object', 'comment'] as const;
export type AnswerKind = (typeof answerKinds)[number];

/** One comment, agreement or objection, as it was given. */
export const MessageAnswerSchema = z.object({
  id: z.string().uuid(),
  kind: z.enum(answerKinds),
  by: PersonRefSchema,
  byRole: z.string(),
  comment: z.string().nullable(),
  proposal: z.string().nullable(),
  /** The revision the answer was about; an agreement counts only for the current one. */
  revision: z.number().int().positive(),
  at: isoTime,
});
export type MessageAnswer = z.infer<typeof MessageAnswerSchema>;

/** Where one consulted actor stands on the current revision. */
export const ConsultedActorSchema = z.object({
  actorId: ActorIdSchema,
  actorName: z.string(),
  /** The actor's latest agreement or objection; null: no answer, or an agreement to an earlier revision. */
  answer: z.enum(['agree', 'object']).nullable(),
  byName: z.string().nullable(),
  at: isoTime.nullable(),
  comment: z.string().nullable(),
});
export type ConsultedActor = z.infer<typeof ConsultedActorSchema>;

export const RequirementSchema = z.object({
  requirement: AgreementRequirementSchema,
  /** The actor whose agreement is needed (responsible, consulted); null for a regional coordinator. */
  actorId: ActorIdSchema.nullable(),
  met: z.boolean(),
  byName: z.string().nullable(),
});
export type Requirement = z.infer<typeof RequirementSchema>;

export const MessageTransitionSchema = z.object({
  from: MessageStatusSchema.nullable(),
  to: MessageStatusSchema,
  by: PersonRefSchema,
  at: isoTime,
  comment: z.string().nullable(),
});
export type MessageTransition = z.infer<typeof MessageTransitionSchema>;

export const MessageSummarySchema = z.object({
  id: z.string().uuid(),
  /** The first version's id: all versions of one message share it. */
  seriesId: z.string().uuid(),
  version: z.number().int().positive(),
  previousId: z.string().uuid().nullable(),
  status: MessageStatusSchema,
  classification: MessageClassificationSchema,
  exercise: z.boolean(),
  headline: z.string(),
  responsibleActor: z.object({ id: ActorIdSchema, name: z.string() }),
  author: PersonRefSchema,
  areas: z.array(z.string()),
  plannedAt: isoTime.nullable(),
  updatedAt: isoTime,
  publishedAt: isoTime.nullable(),
  /** Agreements met of those required, for the list. */
  agreements: z.object({ met: z.number().int().nonnegative(), required: z.number().int().nonnegative() }),
});
export type MessageSummary = z.infer<typeof MessageSummarySchema>;

export const MessageSchema = MessageSummarySchema.extend({
  body: z.string(),
  instruction: z.string().nullable(),
  languages: z.object({ en: MessageTextSchema.optional() }),
  audiences: z.array(z.string()),
  activationId: z.string().uuid().nullable(),
  /** Rises with every saved edit; edits and answers name the revision they are based on. */
  revision: z.number().int().positive(),
  createdAt: isoTime,
  withdrawnAt: isoTime.nullable(),
  withdrawReason: z.string().nullable(),
  /** The actors consulted; null before consultation. */
  consulted: z.array(ConsultedActorSchema).nullable(),
  requirements: z.array(RequirementSchema),
  answers: z.array(MessageAnswerSchema),
  history: z.array(MessageTransitionSchema),
  /** The CAP 1.2 document of this version, once published to the public. */
  capUrl: z.string().nullable(),
  /** What the caller may do now. */
  can: z.object({
    edit: z.boolean(),
    consult: z.boolean(),
    answer: z.boolean(),
    publish: z.boolean(),
    update: z.boolean(),
    withdraw: z.boolean(),
  }),
});
export type Message = z.infer<typeof MessageSchema>;

/** Who has a message open in the editor right now (ephemeral; not in the event log). */
export const MessagePresenceSchema = z.object({
  messageId: z.string().uuid(),
  editors: z.array(z.object({ userId: z.string().uuid(), name: z.string(), actorName: z.string() })),
});
export type MessagePresence = z.infer<typeof MessagePresenceSchema>;

/** A published public message as the public page and feeds show it. */
export const PublicMessageSchema = z.object({
  id: z.string().uuid(),
  seriesId: z.string().uuid(),
  version: z.number().int().positive(),
  exercise: z.boolean(),
  status: z.enum(['published', 'withdrawn']),
  sv: MessageTextSchema,
  en: MessageTextSchema.nullable(),
  areas: z.array(z.string()),
  responsibleActorName: z.string(),
  publishedAt: isoTime,
  withdrawnAt: isoTime.nullable(),
  capUrl: z.string(),
});
export type PublicMessage = z.infer<typeof PublicMessageSchema>;

/** Roles that work at the communication desk: communicators, and coordinators as the regional function. */
const deskRoles: readonly Role[] = ['communicator', 'coordinator'];

interface MessageParties {
  authorActorId: string;
  responsibleActorId: string;
  /** null: not yet consulted; [] never happens (an empty choice means every actor). */
  consultedActorIds: readonly string[] | null;
}

/** Editors: communicators of the author's or the responsible actor, and regional coordinators. */
export function canEditMessage(caller: Caller, m: MessageParties): boolean {
  if (!deskRoles.includes(caller.role)) return false;
  return caller.role === 'coordinator' || caller.actorId === m.authorActorId || caller.actorId === m.responsibleActorId;
}

/** Who may agree, object and comment: editors, and communicators of the consulted actors. */
export function canAnswerMessage(caller: Caller, m: MessageParties): boolean {
  if (!deskRoles.includes(caller.role)) return false;
  return canEditMessage(caller, m) || (m.consultedActorIds?.includes(caller.actorId) ?? false);
}

/**
 * The agreements a message still lacks, in order: each requirement is met by
 * an agreement to the current revision that is the latest answer of the
 * party concerned. Pure, so the rule is tested on its own.
 */
export function evaluateRequirements(
  required: readonly AgreementRequirement[],
  m: MessageParties & { revision: number },
  answers: ReadonlyArray<Pick<MessageAnswer, 'kind' | 'revision' | 'by' | 'byRole'>>,
): Requirement[] {
  // The latest agree/object per actor and per coordinator decides; plain comments do not change a stand.
  const stands = answers.filter((a) => a.kind !== 'comment');
  const latestByActor = new Map<string, (typeof stands)[number]>();
  const latestByCoordinator = new Map<string, (typeof stands)[number]>();
  for (const a of stands) {
    latestByActor.set(a.by.actorId, a);
    if (a.byRole === 'coordinator') latestByCoordinator.set(a.by.id, a);
  }
  const agreedNow = (a: (typeof stands)[number] | undefined) => a?.kind === 'agree' && a.revision === m.revision;
  const forActor = (requirement: AgreementRequirement, actorId: string): Requirement => {
    const a = latestByActor.get(actorId);
    return { requirement, actorId, met: agreedNow(a), byName: agreedNow(a) ? (a?.by.name ?? null) : null };
  };

  const result: Requirement[] = [];
  for (const r of required) {
    if (r === 'responsible') result.push(forActor(r, m.responsibleActorId));
    if (r === 'coordinator') {
      const agreed = [...latestByCoordinator.values()].find(agreedNow);
      result.push({ requirement: r, actorId: null, met: agreed !== undefined, byName: agreed?.by.name ?? null });
    }
    if (r === 'consulted') {
      for (const actorId of m.consultedActorIds ?? []) {
        if (actorId !== m.responsibleActorId || !required.includes('responsible')) result.push(forActor(r, actorId));
      }
    }
  }
  return result;
}

/** The CAP status of a message: an exercise is `Exercise`, everything else `Actual`. */
export function capStatus(exercise: boolean): 'Exercise' | 'Actual' {
  return exercise ? 'Exercise' : 'Actual';
}

/**
 * A 409 from the desk: `edit_conflict` and `stale_revision` carry the message
 * as it now is; `agreements_missing` the requirements not met;
 * `version_in_progress` the id of the version already started.
 */
export const MessageConflictBodySchema = z.object({
  error: z.string(),
  message: z.string(),
  current: MessageSchema.optional(),
  missing: z.array(RequirementSchema).optional(),
  status: MessageStatusSchema.nullable().optional(),
  messageId: z.string().uuid().optional(),
});
export type MessageConflictBody = z.infer<typeof MessageConflictBodySchema>;
