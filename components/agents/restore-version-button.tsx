"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { restoreAgentVersionAction } from "@/app/(app)/agents/[id]/actions";

/** Restores an earlier version as a new one, after a confirmation that says what it does. */
export function RestoreVersionButton({
  agentId,
  version,
  current,
}: {
  agentId: string;
  version: number;
  current: number;
}) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  function restore() {
    start(async () => {
      const result = await restoreAgentVersionAction(agentId, version, current);
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      setConfirming(false);
      router.refresh();
    });
  }

  if (!confirming)
    return (
      <button type="button" className="button-secondary button-small" onClick={() => setConfirming(true)}>
        Restore<span className="sr-only"> version {version}</span>
      </button>
    );
  return (
    <div className="restore-confirm" role="alertdialog" aria-label={`Restore version ${version}`}>
      <span>
        Save version {version}&apos;s definition as version {current + 1}?
      </span>{" "}
      <button
        type="button"
        className="button-primary button-small"
        onClick={restore}
        disabled={pending}
        autoFocus
      >
        {pending && <span className="spinner" aria-hidden />}Restore
      </button>{" "}
      <button type="button" className="button-secondary button-small" onClick={() => setConfirming(false)}>
        Cancel
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
