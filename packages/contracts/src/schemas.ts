import { z } from 'zod';
import { ActorCategorySchema, ModeSchema, RoleSchema } from './domain.ts';

const trimmed = (max: number) => z.string().trim().min(1).max(max);

/** Stable slug ids, e.g. `stockholms-stad`, `polisregion-stockholm`. */
export const ActorIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase slug (a-z, 0-9, -)')
  .max(80);

export const MunicipalityCodeSchema = z.string().regex(/^\d{4}$/, 'four-digit SCB municipality code');

export const ActorSchema = z.object({
  id: ActorIdSchema,
  name: trimmed(200),
  category: ActorCategorySchema,
  municipalityCode: MunicipalityCodeSchema.optional(),
});
export type Actor = z.infer<typeof ActorSchema>;

export const UserSchema = z.object({
  id: z.string().uuid(),
  email: z.string().email(),
  name: z.string(),
  role: RoleSchema,
  actorId: ActorIdSchema,
  actorName: z.string(),
});
export type User = z.infer<typeof UserSchema>;

export const LoginBodySchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
});
export type LoginBody = z.infer<typeof LoginBodySchema>;

export const LoginResponseSchema = z.object({ user: UserSchema });

/** Who did something, as shown on the record. */
export const PersonRefSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  actorId: ActorIdSchema,
  actorName: z.string(),
});
export type PersonRef = z.infer<typeof PersonRefSchema>;

export const ModeStateSchema = z.object({
  mode: ModeSchema,
  version: z.number().int().nonnegative(),
  since: z.string().datetime({ offset: true }),
  title: z.string().nullable(),
  reason: z.string().nullable(),
  decidedBy: PersonRefSchema.nullable(),
  activationId: z.string().uuid().nullable(),
  /** The activation is an exercise (övning): shown as ÖVNING everywhere. */
  exercise: z.boolean(),
});
export type ModeState = z.infer<typeof ModeStateSchema>;

export const ActivationRequestBodySchema = z.object({
  title: trimmed(200),
  reason: trimmed(4000),
});
export type ActivationRequestBody = z.infer<typeof ActivationRequestBodySchema>;

export const requestStatuses = ['pending', 'accepted', 'declined'] as const;
export const ActivationRequestSchema = z.object({
  id: z.string().uuid(),
  title: z.string(),
  reason: z.string(),
  status: z.enum(requestStatuses),
  requestedBy: PersonRefSchema,
  requestedAt: z.string().datetime({ offset: true }),
  decidedBy: PersonRefSchema.nullable(),
  decidedAt: z.string().datetime({ offset: true }).nullable(),
  declineReason: z.string().nullable(),
  activationId: z.string().uuid().nullable(),
});
export type ActivationRequest = z.infer<typeof ActivationRequestSchema>;

export const DeclineBodySchema = z.object({ reason: trimmed(4000) });
export type DeclineBody = z.infer<typeof DeclineBodySchema>;

export const ActivateBodySchema = z.object({
  title: trimmed(200),
  reason: trimmed(4000),
  expectedVersion: z.number().int().nonnegative(),
  requestId: z.string().uuid().optional(),
  /** An exercise activation: every notification and screen says ÖVNING. */
  exercise: z.boolean().optional(),
});
export type ActivateBody = z.infer<typeof ActivateBodySchema>;

export const DeactivateBodySchema = z.object({
  reason: trimmed(4000),
  expectedVersion: z.number().int().nonnegative(),
});
export type DeactivateBody = z.infer<typeof DeactivateBodySchema>;

export const ActivationSchema = z.object({
  id: z.string().uuid(),
  title: z.string(),
  reason: z.string(),
  requestId: z.string().uuid().nullable(),
  requestedBy: PersonRefSchema.nullable(),
  activatedBy: PersonRefSchema,
  activatedAt: z.string().datetime({ offset: true }),
  deactivatedBy: PersonRefSchema.nullable(),
  deactivatedAt: z.string().datetime({ offset: true }).nullable(),
  deactivationReason: z.string().nullable(),
  /** Seconds from activation to deactivation, or to now while still active. */
  durationSeconds: z.number().int().nonnegative(),
  exercise: z.boolean(),
});
export type Activation = z.infer<typeof ActivationSchema>;

export const IdParamsSchema = z.object({ id: z.string().uuid() });

/** The one error shape of the API. */
export const ErrorBodySchema = z.object({
  error: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** A 409 on a mode change carries the current state, so the caller can decide again. */
export const ModeConflictBodySchema = ErrorBodySchema.extend({ current: ModeStateSchema });
