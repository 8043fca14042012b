import type { CostSummary } from "@/lib/metrics/queries";
import { formatPercent, formatUsd } from "./links";

/** The headline figures; unpriced runs are named, never folded into the dollars. */
export function StatCards({ summary }: { summary: CostSummary }) {
  const unpriced = summary.unpricedRuns > 0 ? `+ ${summary.unpricedRuns} unpriced run(s)` : "all runs priced";
  const cards = [
    { label: "Total spend", value: formatUsd(summary.spendUsd), hint: unpriced, id: "spend" },
    { label: "Runs", value: String(summary.runs), hint: `${summary.finished} finished`, id: "runs" },
    {
      label: "Success rate",
      value: formatPercent(summary.successRate),
      hint: `${summary.succeeded} succeeded`,
      id: "success",
    },
    {
      label: "Cost per successful task",
      value: summary.costPerSuccessUsd === null ? "—" : formatUsd(summary.costPerSuccessUsd),
      hint: "all spend ÷ succeeded runs",
      id: "per-success",
    },
  ];
  return (
    <ul className="stat-cards" aria-label="Summary">
      {cards.map((c) => (
        <li key={c.id} className="card stat-card" data-testid={`stat-${c.id}`}>
          <span className="stat-label">{c.label}</span>
          <strong className="stat-value">{c.value}</strong>
          <span className="muted stat-hint">{c.hint}</span>
        </li>
      ))}
    </ul>
  );
}
