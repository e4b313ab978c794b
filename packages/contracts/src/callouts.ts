import { z } from 'zod';
import { ActorIdSchema, PersonRefSchema } from './schemas.ts';

const trimmed = (max: number) => z.string().trim().min(1).max(max);
const isoTime = z.string().datetime({ offset: true });

/** What a notification announces. Activations and call-outs are acknowledged and escalated. */
/**
 * `message`: a published (or withdrawn) joint message, sent to every actor's communicators;
 * `consultation`: a request to the consulted actors' communicators to agree to a joint message.
 */
export const notificationKinds = [
  'activation',
  'deactivation',
  'request_declined',
  'callout',
  'message',
  'consultation',
] as const;
export const NotificationKindSchema = z.enum(notificationKinds);
export type NotificationKind = z.infer<typeof NotificationKindSchema>;

/** Kinds that go to the actors' communicators (users with that role), not to their call-out lists. */
export const communicatorKinds: readonly NotificationKind[] = ['message', 'consultation'];

/** Kinds whose recipients are asked to acknowledge, with escalation down the contact list. */
export const acknowledgedKinds: readonly NotificationKind[] = ['activation', 'callout'];

/** How far the call-out to one actor has come (the contract of GET /api/callouts/current). */
export const calloutStatuses = ['queued', 'sent', 'delivered', 'failed', 'acknowledged', 'unreached'] as const;
export const CalloutStatusSchema = z.enum(calloutStatuses);
export type CalloutStatus = z.infer<typeof CalloutStatusSchema>;

export const deliveryStatuses = ['queued', 'sent', 'delivered', 'failed'] as const;
export const DeliveryStatusSchema = z.enum(deliveryStatuses);
export type DeliveryStatus = z.infer<typeof DeliveryStatusSchema>;

/** The answer a contact can give with an acknowledgement. */
export const ackChoices = ['will_join', 'reachable_by_phone', 'cannot_take_part'] as const;
export const AckChoiceSchema = z.enum(ackChoices);
export type AckChoice = z.infer<typeof AckChoiceSchema>;

export const AckBodySchema = z.object({
  choice: AckChoiceSchema.optional(),
  comment: z.string().trim().max(1000).optional(),
});
export type AckBody = z.infer<typeof AckBodySchema>;

/** A manual call-out (kallelse), e.g. to a collaboration conference. */
export const CalloutBodySchema = z.object({
  title: trimmed(200),
  message: trimmed(4000),
  /** Omitted or empty: every actor. */
  actorIds: z.array(ActorIdSchema).max(200).optional(),
  exercise: z.boolean().optional(),
});
export type CalloutBody = z.infer<typeof CalloutBodySchema>;

export const DeliverySchema = z.object({
  id: z.string().uuid(),
  contactId: z.string().uuid(),
  contactName: z.string(),
  step: z.number().int().positive(),
  channel: z.enum(['email', 'sms', 'webhook']),
  /** The address, partly masked for phone numbers and e-mail. */
  address: z.string(),
  status: DeliveryStatusSchema,
  attempts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  updatedAt: isoTime,
});
export type Delivery = z.infer<typeof DeliverySchema>;

export const CalloutActorSchema = z.object({
  actorId: ActorIdSchema,
  actorName: z.string(),
  status: CalloutStatusSchema,
  /** The position in the actor's contact list now being called (1 = first). */
  step: z.number().int().positive(),
  /** How many contacts the list has; 0 means the actor can only be reached in the dashboard. */
  steps: z.number().int().nonnegative(),
  /** When the next contact is called if no one acknowledges. */
  escalateAt: isoTime.nullable(),
  acknowledgedAt: isoTime.nullable(),
  acknowledgedBy: z.object({ name: z.string(), via: z.enum(['link', 'dashboard']) }).nullable(),
  choice: AckChoiceSchema.nullable(),
  comment: z.string().nullable(),
  /** Seconds from the call-out to the acknowledgement. */
  secondsToAcknowledge: z.number().int().nonnegative().nullable(),
  deliveries: z.array(DeliverySchema),
});
export type CalloutActor = z.infer<typeof CalloutActorSchema>;

export const CalloutSummarySchema = z.object({
  total: z.number().int().nonnegative(),
  acknowledged: z.number().int().nonnegative(),
  unreached: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** Median seconds to acknowledge over the actors that have; null before the first. */
  medianSecondsToAcknowledge: z.number().nonnegative().nullable(),
});
export type CalloutSummary = z.infer<typeof CalloutSummarySchema>;

export const CalloutSchema = z.object({
  id: z.string().uuid(),
  kind: NotificationKindSchema,
  exercise: z.boolean(),
  title: z.string(),
  reason: z.string(),
  message: z.string().nullable(),
  createdAt: isoTime,
  decidedBy: PersonRefSchema,
  /** Whether recipients are asked to acknowledge (activations and call-outs). */
  acknowledged: z.boolean(),
  actors: z.array(CalloutActorSchema),
  summary: CalloutSummarySchema,
});
export type Callout = z.infer<typeof CalloutSchema>;

/** One entry of a user's in-app notification list. */
export const InAppNotificationSchema = z.object({
  id: z.string().uuid(),
  kind: NotificationKindSchema,
  exercise: z.boolean(),
  title: z.string(),
  reason: z.string(),
  message: z.string().nullable(),
  createdAt: isoTime,
  decidedBy: PersonRefSchema,
  /** Whether the user's actor is asked to acknowledge, and whether someone has. */
  needsAcknowledgement: z.boolean(),
  acknowledgedAt: isoTime.nullable(),
  acknowledgedByName: z.string().nullable(),
});
export type InAppNotification = z.infer<typeof InAppNotificationSchema>;

/** A delivery that failed for good: the dead-letter view. */
export const FailedDeliverySchema = DeliverySchema.extend({
  notificationId: z.string().uuid(),
  notificationTitle: z.string(),
  actorId: ActorIdSchema,
  actorName: z.string(),
});
export type FailedDelivery = z.infer<typeof FailedDeliverySchema>;

/** Median of a list of numbers; null for an empty list. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}
