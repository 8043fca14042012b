"use client";

import { type ReactNode, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/http/server-action";

type Props = {
  /** The button that asks first, e.g. "Delete item". */
  label: string;
  /** What deleting does, shown with the confirmation. */
  question: ReactNode;
  /** The button that deletes, e.g. "Delete T-1001". */
  confirmLabel: string;
  remove: () => Promise<ActionResult<unknown>>;
  /** After a deletion: where to go next. */
  done: () => void;
};

/** A delete button that asks for a confirmation first, and shows why a deletion was refused. */
export function ConfirmDelete({ label, question, confirmLabel, remove, done }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  function confirm() {
    start(async () => {
      const result = await remove();
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      done();
    });
  }

  if (!confirming)
    return (
      <button type="button" className="button-secondary" onClick={() => setConfirming(true)}>
        {label}
      </button>
    );
  return (
    <div className="alert alert-warn" role="alertdialog" aria-label="Confirm delete">
      <p>{question}</p>
      <div className="form-actions">
        <button type="button" className="button-danger" onClick={confirm} disabled={pending} autoFocus>
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
