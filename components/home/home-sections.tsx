import { ChartCard } from "@/components/dashboards/chart-card";
import type { HomeReport } from "@/lib/metrics/home";
import { BudgetCard } from "./budget-card";
import { HomeRunList } from "./home-run-list";
import { HomeStatCards } from "./home-stat-cards";
import { RunsPerHourChart } from "./runs-per-hour-chart";

/** Everything below the header once something has run today. */
export function HomeSections({ report }: { report: HomeReport }) {
  const { summary, budget, topRuns, failedRuns, perHour } = report;
  return (
    <>
      <HomeStatCards summary={summary} />
      <div className="dashboard-grid">
        <BudgetCard budget={budget} />
        <ChartCard title="Runs per hour" note="Runs started in each UTC hour of today.">
          <RunsPerHourChart hours={perHour} />
        </ChartCard>
        <ChartCard
          title="Most expensive runs today"
          note="Priced runs only; unpriced runs are counted on the spend card."
          empty={topRuns.length === 0 && "No priced runs today."}
        >
          <HomeRunList rows={topRuns} label="Most expensive runs today" />
        </ChartCard>
        <ChartCard
          title="Recent problems"
          note="Failed, stopped, killed, unverified or security-flagged today, newest first."
          empty={failedRuns.length === 0 && "Nothing failed or was flagged today."}
        >
          <HomeRunList rows={failedRuns} label="Recent problems" />
        </ChartCard>
      </div>
    </>
  );
}
