"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { archiveAgentAction } from "@/app/(app)/agents/[id]/actions";

type Props = { agentId: string; agentName: string; archived: boolean };

/** Archive (after a confirmation) or restore an agent. */
export function ArchiveControl({ agentId, agentName, archived }: Props) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  function apply(archive: boolean) {
    start(async () => {
      const result = await archiveAgentAction(agentId, archive);
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      setError(null);
      setConfirming(false);
      router.refresh();
    });
  }

  return (
    <div className="archive-control">
      {archived ? (
        <button type="button" className="button-secondary" onClick={() => apply(false)} disabled={pending}>
          {pending && <span className="spinner" aria-hidden />}Restore agent
        </button>
      ) : confirming ? (
        <div className="alert alert-warn" role="alertdialog" aria-label="Confirm archive">
          <p>
            Archive {agentName}? It starts no new runs and leaves the lists; runs already started finish, and
            its runs, versions and receipts stay. You can restore it later.
          </p>
          <div className="form-actions">
            <button
              type="button"
              className="button-danger"
              onClick={() => apply(true)}
              disabled={pending}
              autoFocus
            >
              {pending && <span className="spinner" aria-hidden />}Archive {agentName}
            </button>
            <button type="button" className="button-secondary" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="button-secondary" onClick={() => setConfirming(true)}>
          Archive agent
        </button>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
