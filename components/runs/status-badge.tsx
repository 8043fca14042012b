import type { RunStatus } from "@/db/schema/runs";

const LABELS: Record<RunStatus, string> = {
  queued: "queued",
  running: "running",
  waiting_approval: "waiting approval",
  paused: "paused",
  succeeded: "succeeded",
  unverified: "unverified",
  failed: "failed",
  killed: "killed",
  stopped: "stopped",
};

export function StatusBadge({ status }: { status: RunStatus }) {
  return (
    <span className={`badge run-status run-status-${status}`} data-testid="run-status">
      {(status === "running" || status === "queued") && <span className="run-status-dot" aria-hidden />}
      {LABELS[status]}
    </span>
  );
}

export function StopReason({ reason }: { reason: string | null }) {
  if (!reason) return <span className="muted">—</span>;
  return <span className="mono stop-reason">{reason}</span>;
}

/** Shown on a run whose model proposed calls the envelope refused as out of bounds; `compact` in tables. */
export function SecurityFlag({ attempts, compact = false }: { attempts: number; compact?: boolean }) {
  if (attempts <= 0) return null;
  const what = `${attempts} refused ${attempts === 1 ? "call" : "calls"}`;
  return (
    <span
      className="badge security-flag"
      data-testid="security-flag"
      title={`The model proposed ${what} the envelope refused: denied by policy, or tools the agent was never granted.`}
    >
      <span className="sr-only">Security flag: </span>⚑{" "}
      {compact ? (
        <>
          {attempts}
          <span className="sr-only"> refused {attempts === 1 ? "call" : "calls"}</span>
        </>
      ) : (
        what
      )}
    </span>
  );
}
