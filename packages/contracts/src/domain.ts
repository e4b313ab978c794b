import { z } from 'zod';

/** The five roles of the platform; see DOMAIN.md "Levels and roles". */
export const roles = ['admin', 'coordinator', 'duty_officer', 'communicator', 'viewer'] as const;
export const RoleSchema = z.enum(roles);
export type Role = z.infer<typeof RoleSchema>;

export const modes = ['ordinary', 'activated'] as const;
export const ModeSchema = z.enum(modes);
export type Mode = z.infer<typeof ModeSchema>;

export const actorCategories = ['kommun', 'blaljus', 'trafik', 'stat_region'] as const;
export const ActorCategorySchema = z.enum(actorCategories);
export type ActorCategory = z.infer<typeof ActorCategorySchema>;

/** Who may do what: the one place that says it, used by server and dashboard alike. */
export const permissions = {
  requestActivation: ['duty_officer', 'coordinator'],
  decideActivation: ['coordinator', 'admin'],
  /** Send a kallelse, follow every call-out, see failed deliveries. */
  manageCallouts: ['coordinator', 'admin'],
  /** Follow the call-out status of every actor. */
  viewCallouts: ['coordinator', 'admin', 'duty_officer'],
  /** Acknowledge a call-out for one's own actor in the dashboard. */
  acknowledgeCallouts: ['admin', 'coordinator', 'duty_officer', 'communicator'],
  /** The job-queue monitor. */
  monitorQueues: ['admin'],
  /** Start a joint message (samordnad kommunikation). */
  draftMessages: ['communicator', 'coordinator'],
  /** See the communication desk: drafts and consultations of every actor. */
  viewMessageDesk: ['communicator', 'coordinator', 'admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof permissions;

export function can(role: Role, permission: Permission): boolean {
  return (permissions[permission] as readonly Role[]).includes(role);
}

/** Who asks: a role and the actor the user belongs to. */
export interface Caller {
  role: Role;
  actorId: string;
}

/**
 * Who may read an actor's call-out list: admins and coordinators any actor's
 * (they call the actors in), a duty officer only its own actor's.
 */
export function canReadContacts(caller: Caller, actorId: string): boolean {
  if (caller.role === 'admin' || caller.role === 'coordinator') return true;
  return caller.role === 'duty_officer' && caller.actorId === actorId;
}

/**
 * Who may change an actor's call-out list: admins any actor's, a duty officer
 * only its own actor's. Each actor owns its list (ansvarsprincipen), so
 * coordinators read it but do not change it.
 */
export function canManageContacts(caller: Caller, actorId: string): boolean {
  if (caller.role === 'admin') return true;
  return caller.role === 'duty_officer' && caller.actorId === actorId;
}
