import Link from "next/link";
import { formatCost } from "@/components/runs/format";
import { StatusBadge } from "@/components/runs/status-badge";
import { Time } from "@/components/time/time-zone";
import type { RunStatus } from "@/db/schema/runs";
import type { TopRun } from "@/lib/metrics/queries";

export function TopRunsTable({ rows }: { rows: TopRun[] }) {
  return (
    <div className="table-wrap">
      <table className="metrics-table">
        <thead>
          <tr>
            <th className="num">Cost</th>
            <th>Agent</th>
            <th>Model</th>
            <th>Status</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td className="num">
                <Link href={`/runs/${r.id}`}>{formatCost(r.costUsd)}</Link>
              </td>
              <td>{r.agent}</td>
              <td className="mono">{r.model}</td>
              <td>
                <StatusBadge status={r.status as RunStatus} />
              </td>
              <td>
                <Time at={r.createdAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
