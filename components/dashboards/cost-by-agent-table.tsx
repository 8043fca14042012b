import Link from "next/link";
import type { AgentCost } from "@/lib/metrics/queries";
import { formatUsd, type RunsLink, runsHref } from "./links";

const usd = (v: number | null) => (v === null ? "—" : formatUsd(v));

export function CostByAgentTable({
  rows,
  link,
  currentTenantId,
  showTenant,
}: {
  rows: AgentCost[];
  link: RunsLink;
  /** Only the current tenant's runs can be opened from here. */
  currentTenantId: string;
  showTenant: boolean;
}) {
  return (
    <div className="table-wrap">
      <table className="metrics-table">
        <thead>
          <tr>
            {showTenant && <th>Tenant</th>}
            <th>Agent</th>
            <th className="num">Runs</th>
            <th className="num">Succeeded</th>
            <th className="num">Unpriced</th>
            <th className="num">Spend</th>
            <th className="num">Per successful task</th>
            <th className="num">P50 / run</th>
            <th className="num">P95 / run</th>
            <th className="num">P99 / run</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.tenantId}/${r.agent}`}>
              {showTenant && <td>{r.tenant}</td>}
              <td>
                {r.tenantId === currentTenantId ? (
                  <Link href={runsHref({ ...link, agent: r.agent })}>{r.agent}</Link>
                ) : (
                  r.agent
                )}
              </td>
              <td className="num">{r.runs}</td>
              <td className="num">{r.succeeded}</td>
              <td className="num">{r.unpricedRuns}</td>
              <td className="num">{formatUsd(r.totalUsd)}</td>
              <td className="num">{usd(r.costPerSuccessUsd)}</td>
              <td className="num">{usd(r.p50Usd)}</td>
              <td className="num">{usd(r.p95Usd)}</td>
              <td className="num">{usd(r.p99Usd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
