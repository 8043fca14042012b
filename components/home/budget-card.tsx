import { ChartCard } from "@/components/dashboards/chart-card";
import { formatPercent, formatUsd } from "@/components/dashboards/links";
import type { HomeBudget } from "@/lib/metrics/home";

/** Today's (UTC) ledger against the tenant's daily budget: a budget is per UTC day, unlike the rest of the page. */
export function BudgetCard({ budget }: { budget: HomeBudget | null }) {
  if (!budget) {
    return (
      <ChartCard title="Daily budget, today (UTC)" note="Spend today (UTC) is not capped.">
        <p className="muted" data-testid="budget-none">
          No daily budget
        </p>
      </ChartCard>
    );
  }
  const percent = Math.round(budget.ratio * 1000) / 10;
  return (
    <ChartCard
      title="Daily budget, today (UTC)"
      note={`${formatUsd(budget.spentUsd)} of ${formatUsd(budget.budgetUsd)} spent today (UTC); ${formatUsd(budget.reservedUsd)} reserved by calls in flight.`}
    >
      <progress
        className="budget-progress"
        max={100}
        value={Math.min(100, percent)}
        aria-label="Daily budget used"
        style={{ width: "100%", height: 14 }}
      />
      <p className={budget.ratio >= 1 ? "metric-bad" : undefined} data-testid="budget-percent">
        {formatPercent(budget.ratio)} used
      </p>
    </ChartCard>
  );
}
