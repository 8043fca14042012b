/** A field's hint, replaced by its error (announced) when the server rejected the field. */
export function FieldMessage({ name, error, children }: { name: string; error?: string; children: string }) {
  if (error) {
    return (
      <p id={`${name}-error`} className="field-error" role="alert">
        {error}
      </p>
    );
  }
  return (
    <p id={`${name}-hint`} className="hint">
      {children}
    </p>
  );
}

/** Ties a control to its hint or error, and marks it invalid when the error is its own. */
export const describedBy = (name: string, invalid: boolean) =>
  invalid
    ? { "aria-invalid": true, "aria-describedby": `${name}-error` }
    : { "aria-describedby": `${name}-hint` };

/**
 * A text input (one line, or a text area of `rows` lines) with its label and its hint (or, after a
 * refused save, its error).
 */
export function TextField({
  id,
  name,
  label,
  value,
  error,
  hint,
  required = false,
  maxLength,
  code = false,
  rows,
}: {
  id: string;
  name: string;
  label: string;
  value: string;
  error?: string;
  hint: string;
  required?: boolean;
  maxLength: number;
  /** A name or identifier: no autocomplete or spell check. */
  code?: boolean;
  rows?: number;
}) {
  const Control = rows ? "textarea" : "input";
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <Control
        id={id}
        rows={rows}
        name={name}
        required={required}
        maxLength={maxLength}
        {...(code ? { autoComplete: "off", spellCheck: false } : {})}
        defaultValue={value}
        {...describedBy(name, error !== undefined)}
      />
      <FieldMessage name={name} error={error}>
        {hint}
      </FieldMessage>
    </div>
  );
}
