import { formatDuration } from "@/components/runs/format";
import type { Latency } from "@/lib/metrics/queries";

const LABELS: Record<Latency["kind"], string> = {
  model_call: "Model call",
  tool_call: "Tool call",
  run: "Run (start → end)",
};
const ms = (v: number | null) => (v === null ? "—" : formatDuration(v));

export function LatencyTable({ rows }: { rows: Latency[] }) {
  return (
    <div className="table-wrap">
      <table className="metrics-table">
        <thead>
          <tr>
            <th>What</th>
            <th className="num">Count</th>
            <th className="num">P50</th>
            <th className="num">P95</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.kind}>
              <td>{LABELS[r.kind]}</td>
              <td className="num">{r.count}</td>
              <td className="num">{ms(r.p50Ms)}</td>
              <td className="num">{ms(r.p95Ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
