type FieldProps = {
  id: string;
  label: string;
  type?: string;
  autoComplete?: string;
  hint?: string;
  errors?: string[];
  defaultValue?: string;
  required?: boolean;
};

/** A labelled input whose errors are announced next to it. */
export function Field({ id, label, type = "text", autoComplete, hint, errors, defaultValue, required = true }: FieldProps) {
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : undefined;
  const invalid = Boolean(errors?.length);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={id}
        type={type}
        autoComplete={autoComplete}
        defaultValue={defaultValue}
        required={required}
        aria-invalid={invalid}
        aria-describedby={[hintId, invalid ? errorId : undefined].filter(Boolean).join(" ") || undefined}
      />
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      <p id={errorId} className="field-error" aria-live="polite">
        {errors?.[0]}
      </p>
    </div>
  );
}
