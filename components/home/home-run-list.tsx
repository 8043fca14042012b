import Link from "next/link";
import { KillForm } from "@/components/kill/kill-form";
import { formatCost, formatRelative, formatUtc, truncate } from "@/components/runs/format";
import { RunCaveats, StatusBadge, StopReason } from "@/components/runs/status-badge";
import type { RunStatus } from "@/db/schema/runs";
import type { HomeRun } from "@/lib/metrics/home-runs";

/**
 * A short list of the window's runs, each opening its run page: the goal and the agent, how it ended
 * and why, then its cost (`figure="cost"`) or how long ago it ended or started (`figure="age"`).
 * `stoppable`: a Stop beside each run Flightdeck can stop (not an observed one).
 */
export function HomeRunList({
  rows,
  label,
  figure,
  now,
  stoppable = false,
  ended = true,
}: {
  rows: HomeRun[];
  label: string;
  figure: "cost" | "age";
  now: number;
  stoppable?: boolean;
  /** False for runs still going: they have no stop reason yet. */
  ended?: boolean;
}) {
  return (
    <div className="table-wrap">
      <table className="metrics-table home-run-list" aria-label={label}>
        <thead>
          <tr>
            <th>Run</th>
            <th>Status</th>
            {ended && <th>Stop reason</th>}
            {figure === "cost" ? <th className="num">Cost</th> : <th>When</th>}
            {stoppable && (
              <th>
                <span className="sr-only">Stop</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const at = r.endedAt ?? r.createdAt;
            return (
              <tr key={r.id} data-run-id={r.id}>
                <td className="home-run-goal">
                  <Link href={`/runs/${r.id}`} title={r.goal}>
                    {truncate(r.goal, 60)}
                  </Link>
                  <span className="muted home-run-agent">{r.agent}</span>
                </td>
                <td>
                  <StatusBadge status={r.status as RunStatus} />
                  <RunCaveats run={{ ...r, status: r.status as RunStatus }} />
                </td>
                {ended && (
                  <td>
                    <StopReason reason={r.stopReason} />
                  </td>
                )}
                {figure === "cost" ? (
                  <td className="num">{formatCost(r.costUsd)}</td>
                ) : (
                  <td style={{ whiteSpace: "nowrap" }}>
                    <time dateTime={at} title={`${r.endedAt ? "Ended" : "Started"} ${formatUtc(at)}`}>
                      {r.endedAt ? "" : "started "}
                      {formatRelative(at, now)}
                    </time>
                  </td>
                )}
                {stoppable && (
                  <td>
                    {r.source !== "otlp" && (
                      <KillForm scope="run" target={r.id} label="Stop" confirmLabel="Stop run" />
                    )}
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
