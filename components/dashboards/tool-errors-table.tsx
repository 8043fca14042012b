import type { ToolErrors } from "@/lib/metrics/queries";
import { formatPercent } from "./links";

export function ToolErrorsTable({ rows }: { rows: ToolErrors[] }) {
  return (
    <div className="table-wrap">
      <table className="metrics-table">
        <thead>
          <tr>
            <th>Tool</th>
            <th className="num">Calls</th>
            <th className="num">Errors</th>
            <th className="num">Error rate</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.tool}>
              <td className="mono">{r.tool}</td>
              <td className="num">{r.calls}</td>
              <td className="num">{r.errors}</td>
              <td className={`num ${r.errors > 0 ? "metric-bad" : ""}`}>{formatPercent(r.errorRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
