"use client";

import { type ReactNode, useState, useTransition } from "react";

type Props = {
  /** The button that asks for the confirmation. */
  label: string;
  /** The button that deletes. */
  confirmLabel: string;
  /** What deleting does, in a sentence or two. */
  children: ReactNode;
  /** Deletes; the refusal's message, or null once done. */
  onConfirm: () => Promise<string | null>;
};

/** A delete button that asks first, in place, with the delete button focused and a way back. */
export function ConfirmDelete({ label, confirmLabel, children, onConfirm }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  if (!confirming)
    return (
      <button type="button" className="button-secondary" onClick={() => setConfirming(true)}>
        {label}
      </button>
    );
  return (
    <div className="alert alert-warn" role="alertdialog" aria-label="Confirm delete">
      <p>{children}</p>
      <div className="form-actions">
        <button
          type="button"
          className="button-danger"
          onClick={() => start(async () => setError(await onConfirm()))}
          disabled={pending}
          autoFocus
        >
          {pending && <span className="spinner" aria-hidden />}
          {confirmLabel}
        </button>
        <button type="button" className="button-secondary" onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </div>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
