"use client";

import Link from "next/link";
import { ConnectionStatus } from "@/components/live/connection-status";
import type { LiveState } from "@/components/live/live-source";
import { Time } from "@/components/time/time-zone";
import type { RunView } from "@/lib/runs/live-view";
import { formatCost, formatDuration, formatTokens, isTerminalStatus } from "./format";
import { ModelLabel } from "./model-label";
import { RunCaveats, StatusBadge, StopReason } from "./status-badge";
import { useNow } from "./use-now";

/** `ticking` is false while the live view is cut off: a clock running on would claim the run still goes. */
function RunDuration({ run, ticking }: { run: RunView; ticking: boolean }) {
  const now = useNow(ticking && !run.endedAt && Boolean(run.startedAt));
  if (!run.startedAt) return <>not started</>;
  const end = run.endedAt ? Date.parse(run.endedAt) : now;
  if (end === null) return <>…</>;
  return <>{formatDuration(end - Date.parse(run.startedAt))}</>;
}

/** `live` is null once the run has ended and nothing more will come. */
export function RunSummary({ run, live }: { run: RunView; live: LiveState | null }) {
  const stale = live?.kind === "offline";
  return (
    <section className="card run-summary" aria-label="Run summary">
      <div className="run-summary-status">
        <span>
          <StatusBadge status={run.status} />
          <RunCaveats run={run} />
        </span>
        {stale && <span className="stale-note">last known</span>}
        <StopReason reason={run.stopReason} />
        {run.dryRun && (
          <span className="badge dry-run-badge" title="Write tools only previewed their effect">
            dry run
          </span>
        )}
        {live && !isTerminalStatus(run.status) && <ConnectionStatus state={live} />}
      </div>
      <dl className="run-facts">
        <div>
          <dt>Agent</dt>
          <dd>{run.agentName}</dd>
        </div>
        <div>
          <dt>Model</dt>
          <dd>
            <ModelLabel model={run.model} simulated={run.simulated} />
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>
            <RunDuration run={run} ticking={!stale} />
          </dd>
        </div>
        <div>
          <dt>Steps</dt>
          <dd>
            {run.lastSeq}{" "}
            <span className="muted">
              ({run.modelCalls} model, {run.toolCalls} tool)
            </span>
          </dd>
        </div>
        <div className="run-facts-wide">
          <dt>Tokens</dt>
          <dd className="run-tokens">
            {formatTokens(run.inputTokens)} in{" "}
            <span className="muted">({formatTokens(run.cachedInputTokens)} cached)</span> ·{" "}
            {formatTokens(run.outputTokens)} out{" "}
            <span className="muted">({formatTokens(run.reasoningTokens)} reasoning)</span>
          </dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd data-testid="run-cost">{formatCost(run.costUsd)}</dd>
        </div>
        <div>
          <dt>Created by</dt>
          <dd>{run.createdBy}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            <Time at={run.createdAt} />
          </dd>
        </div>
      </dl>
      {run.promotedFrom && (
        <p className="muted">
          Executes the actions of dry run{" "}
          <Link href={`/runs/${run.promotedFrom}`}>{run.promotedFrom.slice(0, 8)}</Link> for real.
        </p>
      )}
      {run.status === "waiting_approval" && (
        <p className="alert alert-warn" role="status">
          Waiting for a person: a call needs approval. <Link href="/approvals">Open the approval inbox</Link>
        </p>
      )}
      {run.status === "unverified" && (
        <p className="alert alert-warn" role="alert">
          <strong>Unverified:</strong> the final answer claims actions no receipt proves. Check what happened
          before trusting it.
        </p>
      )}
      <h2 className="run-section-title">Goal</h2>
      <p className="run-goal">{run.input}</p>
      {run.output !== null && (
        <>
          <h2 className="run-section-title">Final output</h2>
          <div className="run-output">{run.output}</div>
        </>
      )}
      {run.error &&
        // A stop (a person's kill, a budget, a loop) is a decision, not a fault: shown as what it is.
        (run.status === "killed" || run.status === "stopped" ? (
          <div className="alert alert-warn" role="status">
            <strong>Stopped:</strong> {run.error}
          </div>
        ) : (
          <div className="alert alert-error" role="alert">
            <strong>Error:</strong> {run.error}
          </div>
        ))}
    </section>
  );
}
