import { ChartCard } from "@/components/dashboards/chart-card";
import type { HomeReport } from "@/lib/metrics/home";
import { BudgetCard } from "./budget-card";
import { HomeRunList } from "./home-run-list";
import { HomeStatCards } from "./home-stat-cards";
import { RunsPerHourChart } from "./runs-per-hour-chart";

/** Everything below the header once something has run in the last 24 hours. */
export function HomeSections({ report, canStop }: { report: HomeReport; canStop: boolean }) {
  const { summary, budget, topRuns, problems, live, perHour } = report;
  const now = Date.parse(summary.window.until);
  return (
    <>
      <HomeStatCards summary={summary} />
      <div className="dashboard-grid">
        {live.length > 0 && (
          <ChartCard
            className="chart-wide"
            title="Going now"
            note="Runs of the last 24 hours that have not ended (running, waiting for a person, paused), newest first."
          >
            <HomeRunList
              rows={live}
              label="Going now"
              figure="age"
              now={now}
              stoppable={canStop}
              ended={false}
            />
          </ChartCard>
        )}
        <BudgetCard budget={budget} />
        <ChartCard title="Runs per hour" note="Runs started in each hour (UTC) of the last 24 hours.">
          <RunsPerHourChart hours={perHour} />
        </ChartCard>
        <ChartCard
          title="Most expensive runs, last 24 hours"
          note="Priced runs only; unpriced runs are counted on the spend card."
          empty={topRuns.length === 0 && "No priced runs in the last 24 hours."}
        >
          <HomeRunList rows={topRuns} label="Most expensive runs, last 24 hours" figure="cost" now={now} />
        </ChartCard>
        <ChartCard
          title="Recent problems"
          note="Last 24 hours, newest first: failed, stopped, killed or unverified runs, and runs with refused calls whatever their end."
          empty={problems.length === 0 && "Nothing failed or was refused in the last 24 hours."}
        >
          <HomeRunList rows={problems} label="Recent problems" figure="age" now={now} />
        </ChartCard>
      </div>
    </>
  );
}
