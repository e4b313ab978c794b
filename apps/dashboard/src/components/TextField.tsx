import { useId } from 'react';
import { useTranslation } from 'react-i18next';

interface TextFieldProps {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  multiline?: boolean;
  type?: 'text' | 'email' | 'password' | 'tel' | 'url';
  autoComplete?: string;
  required?: boolean;
  /** Says "(valfritt)" after the label. */
  optional?: boolean;
  autoFocus?: boolean;
  maxLength?: number;
  testId?: string;
  readOnly?: boolean;
}

/** A labelled input (or textarea) with its hint and its error right under it. */
export function TextField({
  name,
  label,
  value,
  onChange,
  error,
  hint,
  multiline = false,
  type = 'text',
  autoComplete,
  required = false,
  optional = false,
  autoFocus = false,
  maxLength,
  testId,
  readOnly = false,
}: TextFieldProps) {
  const id = useId();
  const { t } = useTranslation();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name,
    value,
    required,
    maxLength,
    readOnly,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    'data-testid': testId,
    'data-autofocus': autoFocus ? '' : undefined,
  };

  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
        {required && <span className="field__required"> ({t('form.required')})</span>}
        {optional && !required && <span className="field__required"> ({t('form.optional')})</span>}
      </label>
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {multiline ? (
        <textarea {...common} rows={4} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type={type} autoComplete={autoComplete} onChange={(e) => onChange(e.target.value)} />
      )}
      {error && (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}
