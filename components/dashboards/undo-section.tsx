import type { UndoCount, UndoRate } from "@/lib/metrics/undo-rate";
import { ChartCard } from "./chart-card";
import { formatPercent } from "./links";
import { UndoDayChart } from "./undo-day-chart";

function UndoTable({ label, rows }: { label: "Agent" | "Tool"; rows: (UndoCount & { name: string })[] }) {
  return (
    <div className="table-wrap">
      <table className="metrics-table">
        <thead>
          <tr>
            <th>{label}</th>
            <th className="num">Writes</th>
            <th className="num">Undone</th>
            <th className="num">Rate</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name}>
              <td className={label === "Tool" ? "mono" : undefined}>{r.name}</td>
              <td className="num">{r.executed}</td>
              <td className="num">{r.undone}</td>
              <td className={`num ${r.undone > 0 ? "metric-bad" : ""}`}>{formatPercent(r.rate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Undo rate = undone write actions ÷ executed write actions (write or irreversible risk). */
export function UndoSection({ rate }: { rate: UndoRate }) {
  const none = rate.executed === 0 && "No write actions in this range.";
  return (
    <div className="dashboard-grid" id="undo-rate">
      <ChartCard
        title="Undo rate"
        note="Write actions undone or marked as reverted, of those executed."
        empty={none}
      >
        <p className="undo-figure">
          <strong className="stat-value" data-testid="stat-undo-rate">
            {formatPercent(rate.rate)}
          </strong>
          <span className="muted stat-hint">
            {rate.undone} of {rate.executed} write actions
          </span>
        </p>
        <UndoTable label="Agent" rows={rate.byAgent.map((a) => ({ ...a, name: a.agent }))} />
      </ChartCard>
      <ChartCard title="Undo rate by tool" empty={none}>
        <UndoTable label="Tool" rows={rate.byTool.map((t) => ({ ...t, name: t.tool }))} />
      </ChartCard>
      <ChartCard title="Undo rate per day" className="chart-wide" empty={none}>
        <UndoDayChart rows={rate.byDay} />
      </ChartCard>
    </div>
  );
}
