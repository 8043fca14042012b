"use client";

import { formatRelative } from "@/components/runs/format";
import type { ApprovalView } from "@/lib/approvals/queries";
import { formatCountdown, glance } from "./format";

type Props = {
  approvals: ApprovalView[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  history: boolean;
  now: number | null;
};

/** The requests, one row each: risk, tool, agent, the amount or recipient, age and expiry (or the decision). */
export function ApprovalList({ approvals, selectedId, onSelect, history, now }: Props) {
  return (
    <div
      className="approval-list"
      role="listbox"
      aria-label={history ? "Decided requests" : "Pending requests"}
    >
      {approvals.map((approval) => {
        const selected = approval.id === selectedId;
        const left = now === null ? null : new Date(approval.expiresAt).getTime() - now;
        return (
          <div
            key={approval.id}
            role="option"
            tabIndex={selected ? 0 : -1}
            aria-selected={selected}
            data-approval-id={approval.id}
            data-run-id={approval.runId}
            className="approval-row"
            onClick={() => onSelect(approval.id)}
            onKeyDown={(event) => {
              if (event.key === "Enter") onSelect(approval.id);
            }}
          >
            <div className="approval-row-top">
              {approval.kind === "question" ? (
                <span className="badge question-badge">question</span>
              ) : (
                <span className={`badge risk-${approval.risk}`}>{approval.risk}</span>
              )}
              {approval.kind === "reconcile" && (
                <span className="badge reconcile-badge">outcome unknown</span>
              )}
              {approval.escalatedAt && approval.status === "pending" && (
                <span className="badge escalated-badge" title={`Escalated ${approval.escalatedAt}`}>
                  escalated
                </span>
              )}
              <span className="mono approval-tool">{approval.toolName}</span>
              <span className="approval-glance" data-testid="approval-glance">
                {glance(approval)}
              </span>
            </div>
            <div className="approval-row-meta muted">
              {history ? (
                <>
                  <span className={`badge approval-${approval.status}`}>{approval.status}</span>
                  {approval.editedArgs && <span className="badge approval-edited">edited</span>}
                  <span className="approval-by">{approval.decidedBy ?? approval.agentName}</span>
                  <span className="approval-when">
                    {approval.decidedAt && now !== null ? formatRelative(approval.decidedAt, now) : ""}
                  </span>
                </>
              ) : (
                <>
                  <span className="approval-by">{approval.agentName}</span>
                  <span>asked {now === null ? "" : formatRelative(approval.createdAt, now)}</span>
                  <span
                    className={`approval-when${left !== null && left < 5 * 60_000 ? " approval-countdown-soon" : ""}`}
                    data-testid="approval-countdown"
                  >
                    {now === null ? "" : `expires in ${formatCountdown(approval.expiresAt, now)}`}
                  </span>
                </>
              )}
            </div>
          </div>
        );
      })}
    </div>
  );
}
