import {
  type CreateMessageBody,
  CreateMessageBodySchema,
  can,
  countyMunicipalities,
  type EditMessageBody,
  EditMessageBodySchema,
  type Message,
  type MessageClassification,
  type MessageStatus,
  type Role,
  WHOLE_COUNTY,
} from '@samverkan/contracts';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { ApiError } from './api.ts';
import { type FieldErrors, issueMessage } from './forms.ts';
import { fromLocalInput, toLocalInput } from './reports.ts';

/*
 * Samordnad kommunikation: who may do what at the desk (the server decides;
 * the dashboard only offers what will be allowed), and the message form's
 * values, validated with the contract's schemas.
 */

/** Communicators, coordinators and admins see the desk: drafts and consultations of every actor. */
export const mayViewMessageDesk = (role: Role) => can(role, 'viewMessageDesk');
/** Communicators and coordinators start a joint message. */
export const mayDraftMessages = (role: Role) => can(role, 'draftMessages');

/** The statuses in the order of a message's life, as the desk groups them. */
export const deskStatuses: readonly MessageStatus[] = [
  'draft',
  'consultation',
  'agreed',
  'published',
  'superseded',
  'withdrawn',
];

/** The municipalities of the county by name, for the area checkboxes. */
export const municipalityOptions: ReadonlyArray<{ code: string; name: string }> = Object.entries(countyMunicipalities)
  .map(([code, name]) => ({ code, name }))
  .sort((a, b) => a.name.localeCompare(b.name, 'sv'));

/** What the message form holds: plain strings and lists, as the inputs give them. */
export interface MessageDraft {
  headline: string;
  body: string;
  instruction: string;
  enHeadline: string;
  enBody: string;
  enInstruction: string;
  areas: string[];
  classification: MessageClassification;
  responsibleActorId: string;
  /** One audience a line. */
  audiences: string;
  /** A datetime-local value in Stockholm time, or ''. */
  plannedAt: string;
  exercise: boolean;
}

export type DraftField = keyof MessageDraft;

export const emptyMessageDraft = (responsibleActorId: string, exercise = false): MessageDraft => ({
  headline: '',
  body: '',
  instruction: '',
  enHeadline: '',
  enBody: '',
  enInstruction: '',
  areas: [],
  classification: 'public',
  responsibleActorId,
  audiences: '',
  plannedAt: '',
  exercise,
});

/** The form's values of a message as it is saved. */
export function draftOf(m: Message): MessageDraft {
  const en = m.languages.en;
  return {
    headline: m.headline,
    body: m.body,
    instruction: m.instruction ?? '',
    enHeadline: en?.headline ?? '',
    enBody: en?.body ?? '',
    enInstruction: en?.instruction ?? '',
    areas: [...m.areas],
    classification: m.classification,
    responsibleActorId: m.responsibleActor.id,
    audiences: m.audiences.join('\n'),
    plannedAt: m.plannedAt ? toLocalInput(m.plannedAt) : '',
    exercise: m.exercise,
  };
}

/** Ticks an area: "Hela länet" stands alone, so choosing it (or a municipality) clears the other kind. */
export function toggleArea(areas: readonly string[], area: string, checked: boolean): string[] {
  if (!checked) return areas.filter((a) => a !== area);
  if (area === WHOLE_COUNTY) return [WHOLE_COUNTY];
  return [...areas.filter((a) => a !== WHOLE_COUNTY && a !== area), area];
}

const hasEnglish = (d: MessageDraft) => Boolean(d.enHeadline.trim() || d.enBody.trim() || d.enInstruction.trim());

function english(d: MessageDraft) {
  return {
    headline: d.enHeadline,
    body: d.enBody,
    ...(d.enInstruction.trim() ? { instruction: d.enInstruction } : {}),
  };
}

function audiencesOf(d: MessageDraft): string[] {
  return d.audiences
    .split('\n')
    .map((a) => a.trim())
    .filter(Boolean);
}

/** The form field a path of the contract (or of the API's 400) is about: `languages.en.body` → `enBody`. */
export function fieldOfPath(path: ReadonlyArray<PropertyKey>): string {
  const [first, , third] = path.map(String);
  if (first === 'body' && path.length > 1) return fieldOfPath(path.slice(1));
  if (first === 'languages') {
    const part = third ?? 'headline';
    return `en${part.charAt(0).toUpperCase()}${part.slice(1)}`;
  }
  return first ?? '_';
}

function errorsOf(issues: readonly z.core.$ZodIssue[], t: TFunction): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = fieldOfPath(issue.path);
    errors[field] ??= field === 'areas' ? t('messages.form.areasRequired') : issueMessage(issue, t);
  }
  return errors;
}

type Prepared<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** A new draft, validated with CreateMessageBodySchema. */
export function prepareCreate(d: MessageDraft, t: TFunction): Prepared<CreateMessageBody> {
  const plannedAt = d.plannedAt ? fromLocalInput(d.plannedAt) : undefined;
  const body = {
    headline: d.headline,
    body: d.body,
    ...(d.instruction.trim() ? { instruction: d.instruction } : {}),
    ...(hasEnglish(d) ? { languages: { en: english(d) } } : {}),
    areas: d.areas,
    classification: d.classification,
    ...(d.responsibleActorId ? { responsibleActorId: d.responsibleActorId } : {}),
    ...(d.exercise ? { exercise: true } : {}),
    audiences: audiencesOf(d),
    ...(plannedAt ? { plannedAt } : {}),
  };
  const result = CreateMessageBodySchema.safeParse(body);
  const errors = result.success ? {} : errorsOf(result.error.issues, t);
  if (d.plannedAt && !plannedAt) errors.plannedAt = t('validation.invalid');
  if (!result.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, data: result.data };
}

/**
 * An edit: every field of the form, on top of `revision`, validated with the
 * same rules as a new draft (the edit schema only makes them optional).
 */
export function prepareEdit(d: MessageDraft, revision: number, t: TFunction): Prepared<EditMessageBody> {
  const created = prepareCreate(d, t);
  if (!created.ok) return created;
  const { exercise: _exercise, ...rest } = created.data;
  const result = EditMessageBodySchema.safeParse({
    ...rest,
    languages: { en: rest.languages?.en ?? null },
    plannedAt: rest.plannedAt ?? null,
    exercise: d.exercise,
    revision,
  });
  return result.success ? { ok: true, data: result.data } : { ok: false, errors: errorsOf(result.error.issues, t) };
}

/** The fields of the form that differ between two drafts. */
export function changedFields(from: MessageDraft, to: MessageDraft): DraftField[] {
  return (Object.keys(from) as DraftField[]).filter((k) => JSON.stringify(from[k]) !== JSON.stringify(to[k]));
}

/**
 * "Behåll min text": my edits (what I changed from the version I started
 * from) laid over the version someone else saved meanwhile. What they
 * changed and I did not is kept; where we both changed a field, mine wins,
 * which the conflict panel has shown side by side before the choice.
 */
export function reapply(base: MessageDraft, mine: MessageDraft, theirs: MessageDraft): MessageDraft {
  const merged: MessageDraft = { ...theirs };
  for (const field of changedFields(base, mine)) {
    (merged as unknown as Record<string, unknown>)[field] = mine[field];
  }
  return merged;
}

/** The field errors of the API's 400 on a message, in the current language. */
export function messageApiErrors(err: unknown, t: TFunction): FieldErrors {
  if (!(err instanceof ApiError) || err.status !== 400) return {};
  const errors: FieldErrors = {};
  for (const problem of err.fieldProblems) {
    const field = fieldOfPath(problem.path.split('.'));
    errors[field] ??= field === 'areas' ? t('messages.form.areasRequired') : t('validation.invalid');
  }
  return errors;
}
