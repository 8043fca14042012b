"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deleteMemoryAction } from "@/app/(app)/agents/[id]/memory/actions";

type Props = { agentId: string; itemKey: string; session: string | null; listHref: string };

/** Deletes an item after a confirmation; its versions stay in the history. */
export function DeleteMemory({ agentId, itemKey, session, listHref }: Props) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  function remove() {
    start(async () => {
      const result = await deleteMemoryAction(agentId, { key: itemKey, session: session ?? undefined });
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      router.push(listHref);
    });
  }

  if (!confirming)
    return (
      <button type="button" className="button-secondary" onClick={() => setConfirming(true)}>
        Delete item
      </button>
    );
  return (
    <div className="alert alert-warn" role="alertdialog" aria-label="Confirm delete">
      <p>
        Delete {itemKey}? Runs of this agent no longer recall it. Its versions stay in the history, and
        writing the key again brings it back.
      </p>
      <div className="form-actions">
        <button type="button" className="button-danger" onClick={remove} disabled={pending} autoFocus>
          {pending && <span className="spinner" aria-hidden />}Delete {itemKey}
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
