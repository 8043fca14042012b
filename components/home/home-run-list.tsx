import Link from "next/link";
import { formatCost, formatUtc } from "@/components/runs/format";
import { SecurityFlag, StatusBadge } from "@/components/runs/status-badge";
import type { RunStatus } from "@/db/schema/runs";
import type { HomeRun } from "@/lib/metrics/home";

/** A short list of today's runs, each opening its run page. */
export function HomeRunList({ rows, label }: { rows: HomeRun[]; label: string }) {
  return (
    <div className="table-wrap">
      <table className="metrics-table" aria-label={label}>
        <thead>
          <tr>
            <th>Run</th>
            <th>Status</th>
            <th className="num">Cost</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                <Link href={`/runs/${r.id}`}>{r.agent}</Link>
              </td>
              <td>
                <StatusBadge status={r.status as RunStatus} />
                <SecurityFlag attempts={r.securityAttempts} compact />
              </td>
              <td className="num">{formatCost(r.costUsd)}</td>
              <td>{formatUtc(r.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
