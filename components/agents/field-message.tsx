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
