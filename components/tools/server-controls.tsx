"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deleteMcpServerAction, type RefreshReport, refreshMcpServerAction } from "@/app/(app)/tools/actions";
import { RefreshReportMessage } from "./refresh-report";
import { REMOVED_EVENT } from "./removed-notice";

type Props = { serverId: string; serverName: string };

/** Refresh a server's tools, or remove it (after a confirmation). */
export function ServerControls({ serverId, serverName }: Props) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<RefreshReport | null>(null);
  const [pending, start] = useTransition();

  function refresh() {
    start(async () => {
      const result = await refreshMcpServerAction(serverId);
      if (!result.ok) return void setError(result.error.message);
      setError(null);
      setReport(result.data);
      router.refresh();
    });
  }

  function remove() {
    start(async () => {
      const result = await deleteMcpServerAction(serverId);
      if (!result.ok) return void setError(result.error.message);
      const { usedBy } = result.data;
      // The row leaves the page: the page-level notice (RemovedNotice) says what removal left behind.
      const message =
        usedBy.length > 0
          ? `Removed ${serverName}. These agents still list its tools, which they can no longer call: ${usedBy.join(", ")}. Edit them to untick the tools.`
          : `Removed ${serverName} and its tools; no agent listed them.`;
      window.dispatchEvent(new CustomEvent(REMOVED_EVENT, { detail: message }));
      router.refresh();
    });
  }

  return (
    <div className="server-controls">
      {confirming ? (
        <div className="alert alert-warn" role="alertdialog" aria-label={`Confirm removing ${serverName}`}>
          <p>
            Remove {serverName}? Its tools leave the catalog; agents that list them keep the names but can no
            longer call them (you will see which agents after removal).
          </p>
          <div className="form-actions">
            <button type="button" className="button-danger" onClick={remove} disabled={pending} autoFocus>
              {pending && <span className="spinner" aria-hidden />}Remove {serverName}
            </button>
            <button type="button" className="button-secondary" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="form-actions">
          <button
            type="button"
            className="button-secondary button-small"
            onClick={refresh}
            disabled={pending}
          >
            {pending && <span className="spinner" aria-hidden />}Refresh tools
          </button>
          <button type="button" className="button-secondary button-small" onClick={() => setConfirming(true)}>
            Remove
          </button>
        </div>
      )}
      {report && <RefreshReportMessage report={report} lead={`Refreshed ${serverName}.`} />}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
