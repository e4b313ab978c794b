import { useId } from 'react';

interface CheckboxFieldProps {
  label: string;
  hint?: string | undefined;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  testId?: string;
}

/** A labelled checkbox with its hint under the label, e.g. "Övning". */
export function CheckboxField({ label, hint, checked, onChange, disabled = false, testId }: CheckboxFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        aria-describedby={hint ? hintId : undefined}
        data-testid={testId}
        onChange={(event) => onChange(event.target.checked)}
      />
      <div className="check__text">
        <label className="check__label" htmlFor={id}>
          {label}
        </label>
        {hint && (
          <p id={hintId} className="field__hint">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}
