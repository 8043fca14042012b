import Link from "next/link";
import { type Run, TERMINAL_STATUSES } from "@/db/schema";
import { isSimulated } from "@/lib/models/model-name";
import { RUN_COLUMNS, type RunColumn } from "@/lib/runs/run-columns";
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
export function RunsTable({
  runs,
  now,
  selectable,
  columns = RUN_COLUMNS,
}: {
  runs: Run[];
  now: number;
  selectable?: boolean;
  /** The optional columns to show (all by default), as the list's `cols` asks. */
  columns?: readonly RunColumn[];
}) {
  const show = (column: RunColumn) => columns.includes(column);
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
            {show("model") && <th>Model</th>}
            <th>Goal</th>
            {show("steps") && <th className="num">Steps</th>}
            {show("tokens") && <th className="num">Tokens</th>}
            {show("cost") && <th className="num">Cost</th>}
            {show("started") && <th>Started</th>}
            {show("duration") && <th className="num">Duration</th>}
            {show("stop_reason") && <th>Stop reason</th>}
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
                {show("model") && (
                  <td>
                    <ModelLabel model={run.model} simulated={isSimulated(run.model)} />
                  </td>
                )}
                <td className="runs-goal">
                  <Link href={`/runs/${run.id}`} title={run.input}>
                    {truncate(run.input, 80)}
                  </Link>
                </td>
                {show("steps") && <td className="num">{run.lastSeq}</td>}
                {show("tokens") && (
                  <td
                    className="num"
                    title={`input ${run.inputTokens} (cached ${run.cachedInputTokens}), output ${run.outputTokens} (reasoning ${run.reasoningTokens})`}
                  >
                    {formatTokens(tokens)}
                  </td>
                )}
                {show("cost") && (
                  <td className={`num${run.costUsd === null ? " muted" : ""}`}>{formatCost(run.costUsd)}</td>
                )}
                {show("started") && (
                  <td style={{ whiteSpace: "nowrap" }}>
                    <time dateTime={at.toISOString()} title={formatUtc(at)}>
                      {formatRelative(at, now)}
                    </time>
                  </td>
                )}
                {show("duration") && <td className="num">{duration(run, now)}</td>}
                {show("stop_reason") && (
                  <td>
                    <StopReason reason={run.stopReason} />
                  </td>
                )}
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
