import type { RunStatus } from "@/db/schema/runs";

const LABELS: Record<RunStatus, string> = {
  queued: "queued",
  running: "running",
  waiting_approval: "waiting approval",
  waiting_input: "waiting for an answer",
  waiting_child: "waiting for a sub-agent",
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

export type RunCleanliness = {
  status: RunStatus;
  source: string;
  securityAttempts: number;
  invalidCalls: number;
};

/**
 * What makes a run less clean than its badge says, after it: "succeeded · 2 refused calls". Calls
 * out of bounds (denied by policy, tools never granted) are a security flag (⚑); invalid arguments
 * are a mistake, but refused all the same. An observed run's success is only what its trace reported.
 */
export function RunCaveats({ run }: { run: RunCleanliness }) {
  const refused = run.securityAttempts + run.invalidCalls;
  const unverifiedSuccess = run.status === "succeeded" && run.source === "otlp";
  if (refused === 0 && !unverifiedSuccess) return null;
  return (
    <>
      {refused > 0 && (
        <span
          className={`run-caveat ${run.securityAttempts > 0 ? "run-caveat-security" : "run-caveat-invalid"}`}
          data-testid="refused-calls"
          title={refusedTitle(run)}
        >
          {" · "}
          {run.securityAttempts > 0 && (
            <>
              <span aria-hidden>⚑ </span>
              <span className="sr-only">security flag: </span>
            </>
          )}
          {refused} refused {refused === 1 ? "call" : "calls"}
        </span>
      )}
      {unverifiedSuccess && (
        <span
          className="run-caveat run-caveat-invalid"
          data-testid="not-verified"
          title="Observed from its traces: its agent reported success, and no receipt proves what it did."
        >
          {" · "}not verified
        </span>
      )}
    </>
  );
}

function refusedTitle(run: RunCleanliness): string {
  const parts = [
    run.securityAttempts > 0 &&
      `${run.securityAttempts} out of bounds (denied by policy, or a tool the agent was never granted)`,
    run.invalidCalls > 0 && `${run.invalidCalls} with arguments that did not match the tool`,
  ].filter(Boolean);
  return `The envelope refused calls the model proposed: ${parts.join("; ")}. None of them ran.`;
}
