import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFieldErrors, describeError, type FieldErrors } from '../forms.ts';
import { useLiveStore } from '../live.ts';
import { useFocusAfterRender } from '../useFocusAfterRender.ts';
import { DialogActions } from './DialogActions.tsx';
import { TextField } from './TextField.tsx';

export type FieldName = 'title' | 'reason';
export type FormValues = Record<FieldName, string>;

export interface FieldSpec {
  name: FieldName;
  label: string;
  hint?: string;
  multiline?: boolean;
  maxLength: number;
  testId: string;
}

interface DialogFormProps<T> {
  fields: FieldSpec[];
  initial?: Partial<FormValues>;
  /** Validates the values with the contract schema; the body to send, or the field errors. */
  prepare: (values: FormValues) => { ok: true; data: T } | { ok: false; errors: FieldErrors };
  submit: (body: T) => Promise<void>;
  /** Sees every failed submit first (e.g. to show the fresh state a 409 carries). */
  onError?: (err: unknown) => void;
  onCancel: () => void;
  onBusyChange?: (busy: boolean) => void;
  submitLabel: string;
  submitTestId: string;
  tone: 'go' | 'danger' | 'primary';
  /** Why submitting makes no sense right now; disables the submit button. */
  blocked?: string | undefined;
  /** Shown with the error, e.g. the current state after a conflict. */
  notice?: ReactNode;
  /** The dialog's introduction, above the fields. */
  children?: ReactNode;
  /** More of the form, below the fields (e.g. a checkbox the caller keeps the state of). */
  after?: ReactNode;
}

/** The body of a dialog that sends one decision: fields validated by a contract schema, errors next to them. */
export function DialogForm<T>({
  fields,
  initial = {},
  prepare,
  submit,
  onError,
  onCancel,
  onBusyChange,
  submitLabel,
  submitTestId,
  tone,
  blocked,
  notice,
  children,
  after,
}: DialogFormProps<T>) {
  const { t } = useTranslation();
  const store = useLiveStore();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<FormValues>({ title: '', reason: '', ...initial });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function setBusyState(next: boolean) {
    setBusy(next);
    onBusyChange?.(next);
  }

  const focusAfterRender = useFocusAfterRender();
  function focusFirstInvalid() {
    focusAfterRender(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]'));
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy || blocked) return;
    const prepared = prepare(values);
    if (!prepared.ok) {
      setErrors(prepared.errors);
      setFormError(null);
      focusFirstInvalid();
      return;
    }
    setErrors({});
    setFormError(null);
    setBusyState(true);
    try {
      await submit(prepared.data);
      setBusyState(false);
    } catch (err) {
      setBusyState(false);
      store.handleError(err);
      onError?.(err);
      const fieldErrors = apiFieldErrors(err, t);
      setErrors(fieldErrors);
      setFormError(describeError(err, t));
      if (Object.keys(fieldErrors).length > 0) focusFirstInvalid();
    }
  }

  return (
    <form ref={formRef} className="dialog__form" noValidate onSubmit={handleSubmit}>
      <div className="dialog__body">
        {children}
        {fields.map((field, index) => (
          <TextField
            key={field.name}
            name={field.name}
            label={field.label}
            hint={field.hint}
            multiline={field.multiline}
            maxLength={field.maxLength}
            required
            autoFocus={index === 0}
            value={values[field.name]}
            onChange={(value) => {
              setValues((v) => ({ ...v, [field.name]: value }));
              if (errors[field.name]) setErrors((e) => ({ ...e, [field.name]: undefined }));
            }}
            error={errors[field.name]}
            testId={field.testId}
            readOnly={busy}
          />
        ))}
        {after}
        {formError && (
          <div className="form-error" role="alert">
            <p>{formError}</p>
            {notice}
          </div>
        )}
        {blocked && !formError && (
          <p className="form-blocked" role="status">
            {blocked}
          </p>
        )}
      </div>
      <DialogActions
        busy={busy}
        onCancel={onCancel}
        confirmLabel={submitLabel}
        confirmTestId={submitTestId}
        tone={tone}
        confirmDisabled={Boolean(blocked)}
        ariaDisabled={busy}
        ariaBusy={busy}
      />
    </form>
  );
}
