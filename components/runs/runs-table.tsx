import Link from "next/link";
import { type Run, TERMINAL_STATUSES } from "@/db/schema";
import { isSimulated } from "@/lib/models/model-name";
import { BULK_STOP_FORM } from "./bulk-stop-id";
import { formatCost, formatDuration, formatRelative, formatTokens, formatUtc, truncate } from "./format";
import { ModelLabel } from "./model-label";
import { RunCaveats, StatusBadge, StopReason } from "./status-badge";

function duration(run: Run, now: number): string {
  if (!run.startedAt) return "—";
  const ms = (run.endedAt?.getTime() ?? now) - run.startedAt.getTime();
  return run.endedAt ? formatDuration(ms) : `${formatDuration(ms)}…`;
}

/** `selectable` adds a checkbox to unfinished runs of its own (an observed run cannot be stopped), submitted by the bulk stop form (`BULK_STOP_FORM`). */
export function RunsTable({ runs, now, selectable }: { runs: Run[]; now: number; selectable?: boolean }) {
  return (
    <div className="table-wrap">
      <table className="runs-table">
        <thead>
          <tr>
            {selectable && (
              <th>
                <span className="sr-only">Select</span>
              </th>
            )}
            <th>Status</th>
            <th>Agent</th>
            <th>Model</th>
            <th>Goal</th>
            <th className="num">Steps</th>
            <th className="num">Tokens</th>
            <th className="num">Cost</th>
            <th>Started</th>
            <th className="num">Duration</th>
            <th>Stop reason</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const at = run.startedAt ?? run.createdAt;
            const tokens = run.inputTokens + run.outputTokens;
            return (
              <tr key={run.id} data-run-id={run.id}>
                {selectable && (
                  <td>
                    {run.source !== "otlp" && !TERMINAL_STATUSES.includes(run.status) && (
                      <input
                        type="checkbox"
                        name="runId"
                        value={run.id}
                        form={BULK_STOP_FORM}
                        aria-label={`Select run ${run.id.slice(0, 8)}`}
                      />
                    )}
                  </td>
                )}
                <td>
                  <StatusBadge status={run.status} />
                  <RunCaveats run={run} />
                </td>
                <td>
                  {run.agentName}
                  <SourceBadge source={run.source} />
                </td>
                <td>
                  <ModelLabel model={run.model} simulated={isSimulated(run.model)} />
                </td>
                <td className="runs-goal">
                  <Link href={`/runs/${run.id}`} title={run.input}>
                    {truncate(run.input, 80)}
                  </Link>
                </td>
                <td className="num">{run.lastSeq}</td>
                <td
                  className="num"
                  title={`input ${run.inputTokens} (cached ${run.cachedInputTokens}), output ${run.outputTokens} (reasoning ${run.reasoningTokens})`}
                >
                  {formatTokens(tokens)}
                </td>
                <td className={`num${run.costUsd === null ? " muted" : ""}`}>{formatCost(run.costUsd)}</td>
                <td style={{ whiteSpace: "nowrap" }}>
                  <time dateTime={at.toISOString()} title={formatUtc(at)}>
                    {formatRelative(at, now)}
                  </time>
                </td>
                <td className="num">{duration(run, now)}</td>
                <td>
                  <StopReason reason={run.stopReason} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const SOURCE_BADGES: Record<string, { label: string; title: string }> = {
  otlp: { label: "observed", title: "Runs elsewhere: observed from its traces over OTLP" },
  gate: { label: "gate", title: "Runs elsewhere: asks Flightdeck's gate before each tool call" },
};

/** Says where a run's agent runs when it is not Flightdeck's own engine. */
function SourceBadge({ source }: { source: string }) {
  const badge = SOURCE_BADGES[source];
  if (!badge) return null;
  return (
    <span className="badge source-badge" title={badge.title}>
      {badge.label}
    </span>
  );
}
