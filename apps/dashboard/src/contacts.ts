import {
  type ChannelType,
  type ContactBody,
  ContactBodySchema,
  canManageContacts,
  type Role,
  type User,
} from '@samverkan/contracts';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { ApiError } from './api.ts';
import type { FieldErrors } from './forms.ts';

/*
 * Who may see and change an actor's call-out list: the contracts' rules, the
 * same ones the server enforces, so the dashboard offers only what is allowed.
 */

/** Roles that see some call-out list: admins and coordinators every actor's, duty officers their own. */
export function mayOpenContacts(role: Role): boolean {
  return role === 'admin' || role === 'coordinator' || role === 'duty_officer';
}

/** Admins and coordinators look at any actor's list; duty officers only at their own. */
export function mayPickActor(role: Role): boolean {
  return role === 'admin' || role === 'coordinator';
}

/** Admins change any actor's list, a duty officer its own actor's (ansvarsprincipen: coordinators only read). */
export function mayManageContacts(user: Pick<User, 'role' | 'actorId'>, actorId: string): boolean {
  return canManageContacts(user, actorId);
}

export type ContactLanguage = ContactBody['language'];

/** One channel row of the add form; `key` keeps React's rows apart while rows come and go. */
export interface ChannelDraft {
  key: number;
  type: ChannelType;
  address: string;
}

export interface ContactDraft {
  name: string;
  role: string;
  language: ContactLanguage;
  channels: ChannelDraft[];
}

/** At most this many channels per contact (the contract's limit). */
export const MAX_CHANNELS = 10;

/** The form key of a channel's address field, as the API names it too. */
export const addressKey = (index: number) => `channels.${index}.address`;

/** What the form holds, as the body the API takes (a blank role is left out). */
function toBody(draft: ContactDraft): unknown {
  const role = draft.role.trim();
  return {
    name: draft.name,
    ...(role ? { role } : {}),
    language: draft.language,
    channels: draft.channels.map(({ type, address }) => ({ type, address: address.trim() })),
  };
}

/** Validates the form with the contract's ContactBodySchema: the body to send, or an error per field. */
export function prepareContact(
  draft: ContactDraft,
  t: TFunction,
): { ok: true; data: ContactBody } | { ok: false; errors: FieldErrors } {
  const result = ContactBodySchema.safeParse(toBody(draft));
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = fieldKey(issue.path);
    errors[key] ??= issueText(key, issue, draft, t);
  }
  return { ok: false, errors };
}

/**
 * The field errors of a 400 from the API (`channels.1.address`, `name`, …),
 * in the current language. The API's own messages are English; they are used
 * only to tell a refused webhook host from a malformed address.
 */
export function contactApiErrors(err: unknown, draft: ContactDraft, t: TFunction): FieldErrors {
  if (!(err instanceof ApiError) || err.status !== 400) return {};
  const errors: FieldErrors = {};
  for (const problem of err.fieldProblems) {
    const key = problem.path.replace(/^body\./, '');
    errors[key] ??= /public host/i.test(problem.message)
      ? t('contacts.validation.webhookPublic')
      : issueText(key, undefined, draft, t);
  }
  return errors;
}

function fieldKey(path: readonly PropertyKey[]): string {
  if (path[0] === 'channels' && typeof path[1] === 'number') return addressKey(path[1]);
  return String(path[0] ?? '_');
}

function issueText(key: string, issue: z.core.$ZodIssue | undefined, draft: ContactDraft, t: TFunction): string {
  const channel = key.match(/^channels\.(\d+)\.(address|type)$/);
  if (channel) {
    const row = draft.channels[Number(channel[1])];
    if (row && row.address.trim() === '') return t('validation.required');
    if (issue?.code === 'too_big') return t('validation.tooLong', { max: Number(issue.maximum) });
    switch (row?.type) {
      case 'email':
        return t('validation.email');
      case 'sms':
        return t('contacts.validation.phone');
      case 'webhook':
        return t('contacts.validation.webhook');
      default:
        return t('validation.invalid');
    }
  }
  if (key === 'channels') {
    return issue?.code === 'too_big'
      ? t('contacts.validation.tooManyChannels', { max: MAX_CHANNELS })
      : t('contacts.validation.channelRequired');
  }
  if (issue?.code === 'too_big') return t('validation.tooLong', { max: Number(issue.maximum) });
  if (issue?.code === 'too_small' || (key === 'name' && draft.name.trim() === '')) return t('validation.required');
  return t('validation.invalid');
}
