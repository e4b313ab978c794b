import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { ApiError, NetworkError } from './api.ts';

/** A message per field name, shown next to the field. */
export type FieldErrors = Partial<Record<string, string>>;

/** A person-readable message for one zod issue, in the current language. */
export function issueMessage(issue: z.core.$ZodIssue, t: TFunction): string {
  switch (issue.code) {
    case 'too_small':
      return t('validation.required');
    case 'too_big':
      return t('validation.tooLong', { max: Number(issue.maximum) });
    case 'invalid_format':
      return issue.format === 'email' ? t('validation.email') : t('validation.invalid');
    default:
      return t('validation.invalid');
  }
}

/** Validates with a contract schema: the parsed data, or the first error of each field. */
export function validate<T>(
  schema: z.ZodType<T>,
  values: unknown,
  t: TFunction,
): { ok: true; data: T } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '_');
    errors[field] ??= issueMessage(issue, t);
  }
  return { ok: false, errors };
}

/** The field problems of a 400 answer, by field name (`body.reason` → `reason`). */
export function apiFieldErrors(err: unknown, t: TFunction): FieldErrors {
  if (!(err instanceof ApiError) || err.status !== 400) return {};
  const errors: FieldErrors = {};
  for (const problem of err.fieldProblems) {
    const field = problem.path.split('.').at(-1) ?? problem.path;
    errors[field] ??= t('validation.invalid');
  }
  return errors;
}

/** One sentence that says what went wrong with an API call. */
export function describeError(err: unknown, t: TFunction): string {
  if (err instanceof NetworkError) return t('errors.network');
  if (!(err instanceof ApiError)) return t('errors.generic', { message: String(err) });
  switch (err.status) {
    case 400:
      return t('errors.invalid');
    case 401:
      return t('errors.unauthorized');
    case 403:
      return t('errors.forbidden');
    case 404:
      return t('errors.notFound');
    case 409: {
      const current = err.currentMode;
      if (!current) return /already/i.test(err.message) ? t('errors.requestDecided') : err.message;
      if (/already/i.test(err.message)) {
        return current.mode === 'activated' ? t('errors.alreadyActivated') : t('errors.alreadyOrdinary');
      }
      return t('errors.stale');
    }
    case 429:
      return t('errors.tooMany');
    default:
      return t('errors.generic', { message: err.message });
  }
}
