import Link from "next/link";
import { formatCost, formatRelative, formatUtc, truncate } from "@/components/runs/format";
import { StatusBadge, StopReason } from "@/components/runs/status-badge";
import type { Run } from "@/db/schema";

type Props = { agentName: string; runs: Run[]; now: number };

export function RecentRuns({ agentName, runs, now }: Props) {
  const all = `/runs?${new URLSearchParams({ agent: agentName })}`;
  return (
    <section className="card" aria-labelledby="recent-runs-title">
      <div className="trace-head">
        <h2 id="recent-runs-title">Recent runs</h2>
        {runs.length > 0 && <Link href={all}>All runs of {agentName} →</Link>}
      </div>
      {runs.length === 0 ? (
        <p className="muted">This agent has not run yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="runs-table">
            <thead>
              <tr>
                <th>Status</th>
                <th>Goal</th>
                <th>Started</th>
                <th className="num">Cost</th>
                <th>Stop reason</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => {
                const at = run.startedAt ?? run.createdAt;
                return (
                  <tr key={run.id} data-run-id={run.id}>
                    <td>
                      <StatusBadge status={run.status} />
                    </td>
                    <td className="runs-goal">
                      <Link href={`/runs/${run.id}`} title={run.input}>
                        {truncate(run.input, 80)}
                      </Link>
                    </td>
                    <td>
                      <time dateTime={at.toISOString()} title={formatUtc(at)}>
                        {formatRelative(at, now)}
                      </time>
                    </td>
                    <td className={`num${run.costUsd === null ? " muted" : ""}`}>
                      {formatCost(run.costUsd)}
                    </td>
                    <td>
                      <StopReason reason={run.stopReason} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
