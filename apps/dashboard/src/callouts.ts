import {
  type CalloutActor,
  type CalloutBody,
  CalloutBodySchema,
  type CalloutStatus,
  can,
  type InAppNotification,
  type Role,
} from '@samverkan/contracts';
import type { TFunction } from 'i18next';
import { ApiError } from './api.ts';
import { apiFieldErrors, type FieldErrors, issueMessage } from './forms.ts';

/*
 * Who may do what with call-outs, from the contract's permissions (the server
 * decides; the dashboard only offers what will be allowed).
 */

/** Coordinators, admins and duty officers follow the call-out of every actor. */
export const mayViewCallouts = (role: Role) => can(role, 'viewCallouts');
/** Coordinators and admins send a kallelse and see and retry failed deliveries. */
export const mayManageCallouts = (role: Role) => can(role, 'manageCallouts');
/** Everyone but viewers acknowledges for their own actor in the dashboard. */
export const mayAcknowledge = (role: Role) => can(role, 'acknowledgeCallouts');
/** Admins see the job-queue monitor (Bull Board at /admin/queues). */
export const mayMonitorQueues = (role: Role) => can(role, 'monitorQueues');

export const QUEUE_MONITOR_PATH = '/admin/queues';

/**
 * The groups of the call-out page, in the order a coordinator needs them:
 * the actors nobody reached and those whose messages failed come first.
 */
export const calloutGroups = ['unreached', 'failed', 'waiting', 'acknowledged'] as const;
export type CalloutGroup = (typeof calloutGroups)[number];

export function groupOf(status: CalloutStatus): CalloutGroup {
  switch (status) {
    case 'unreached':
    case 'failed':
    case 'acknowledged':
      return status;
    default:
      return 'waiting';
  }
}

const byName = (a: CalloutActor, b: CalloutActor) => a.actorName.localeCompare(b.actorName, 'sv');

/** The actors of a call-out by group, each group in name order; empty groups are left out. */
export function groupActors(actors: readonly CalloutActor[]): Array<{ group: CalloutGroup; actors: CalloutActor[] }> {
  return calloutGroups
    .map((group) => ({ group, actors: actors.filter((a) => groupOf(a.status) === group).sort(byName) }))
    .filter((g) => g.actors.length > 0);
}

/** What the kallelse form holds. */
export interface CalloutDraft {
  title: string;
  message: string;
  recipients: 'all' | 'chosen';
  actorIds: string[];
  exercise: boolean;
}

export const emptyCalloutDraft = (exercise = false): CalloutDraft => ({
  title: '',
  message: '',
  recipients: 'all',
  actorIds: [],
  exercise,
});

/**
 * Validates the kallelse with the contract's CalloutBodySchema: the body to
 * send, or an error per field. "Chosen actors" with none chosen is refused
 * here: to the API an empty list means everyone, which is not what was asked.
 */
export function prepareCallout(
  draft: CalloutDraft,
  t: TFunction,
): { ok: true; data: CalloutBody } | { ok: false; errors: FieldErrors } {
  const body = {
    title: draft.title,
    message: draft.message,
    ...(draft.recipients === 'chosen' ? { actorIds: draft.actorIds } : {}),
    ...(draft.exercise ? { exercise: true } : {}),
  };
  const result = CalloutBodySchema.safeParse(body);
  const errors: FieldErrors = {};
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = String(issue.path[0] ?? '_');
      errors[field] ??= field === 'actorIds' ? t('callouts.form.actorsInvalid') : issueMessage(issue, t);
    }
  }
  if (draft.recipients === 'chosen' && draft.actorIds.length === 0) errors.actorIds = t('callouts.form.actorsRequired');
  if (!result.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, data: result.data };
}

/** The field errors of the API's 400 on a kallelse, in the current language. */
export function calloutApiErrors(err: unknown, t: TFunction): FieldErrors {
  const errors = apiFieldErrors(err, t);
  if (err instanceof ApiError && errors.actorIds) errors.actorIds = t('callouts.form.actorsInvalid');
  return errors;
}

/**
 * The notifications the banner shows. Those that ask for an acknowledgement
 * and have none yet stay until acknowledged; the rest (acknowledged, or for
 * information) show only once seen in this session, until closed. An
 * activation that a deactivation or a newer activation followed is moot.
 */
export function notificationsToShow(
  list: readonly InAppNotification[],
  seen: ReadonlySet<string>,
  dismissed: ReadonlySet<string>,
): InAppNotification[] {
  return list
    .filter((n) => {
      if (dismissed.has(n.id)) return false;
      if (n.kind === 'activation' && superseded(list, n)) return false;
      if (n.needsAcknowledgement && n.acknowledgedAt === null) return true;
      return seen.has(n.id);
    })
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

function superseded(list: readonly InAppNotification[], activation: InAppNotification): boolean {
  return list.some(
    (n) =>
      n.id !== activation.id &&
      (n.kind === 'deactivation' || n.kind === 'activation') &&
      n.createdAt > activation.createdAt,
  );
}

/** One list of notifications from two: by id, and an acknowledgement once known is never lost. */
export function mergeNotifications(
  current: readonly InAppNotification[],
  incoming: readonly InAppNotification[],
): InAppNotification[] {
  const byId = new Map(current.map((n) => [n.id, n]));
  for (const next of incoming) {
    const known = byId.get(next.id);
    byId.set(next.id, known?.acknowledgedAt && !next.acknowledgedAt ? known : next);
  }
  return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
