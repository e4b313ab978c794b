import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, type FieldErrors } from '../forms.ts';
import { type DraftField, messageApiErrors } from '../messages.ts';
import { useFocusAfterRender } from '../useFocusAfterRender.ts';

/**
 * The errors of a message form (new or edited): each field's, and the form's
 * own; a refusal moves focus to the first field to correct.
 */
export function useMessageFormErrors() {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const focusAfterRender = useFocusAfterRender();
  function focusFirstInvalid() {
    focusAfterRender(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]'));
  }

  return {
    formRef,
    errors,
    formError,
    /** An edit clears the errors of the fields it touched. */
    clear(keys: DraftField[]) {
      if (!keys.some((key) => errors[key])) return;
      setErrors((e) => {
        const next = { ...e };
        for (const key of keys) delete next[key];
        return next;
      });
    },
    /**
     * The body to send if the draft passed the contract (the old errors
     * cleared), or null: nothing is sent, the errors show and focus goes to the first.
     */
    check<T>(prepared: { ok: true; data: T } | { ok: false; errors: FieldErrors }): T | null {
      if (!prepared.ok) {
        setErrors(prepared.errors);
        setFormError(t('errors.invalid'));
        focusFirstInvalid();
        return null;
      }
      setErrors({});
      setFormError(null);
      return prepared.data;
    },
    /** The server refused: its field errors where it named fields, and what went wrong. */
    fail(err: unknown) {
      const fieldErrors = messageApiErrors(err, t);
      setErrors(fieldErrors);
      setFormError(describeError(err, t));
      if (Object.keys(fieldErrors).length > 0) focusFirstInvalid();
    },
  };
}
