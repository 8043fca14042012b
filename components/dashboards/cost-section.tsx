import type { CostReport } from "@/lib/metrics/queries";
import { ChartCard } from "./chart-card";
import { CostByAgentTable } from "./cost-by-agent-table";
import type { RunsLink } from "./links";
import { StackedDayChart } from "./stacked-day-chart";
import { TopRunsTable } from "./top-runs-table";

const UNPRICED_NOTE = "Unpriced runs (a model without a known price) are counted apart, never as $0.";

export function CostSection({
  report,
  link,
  currentTenantId,
}: {
  report: CostReport;
  link: RunsLink;
  /** Runs open in the current tenant only: charts over other tenants draw without links to them. */
  currentTenantId: string;
}) {
  const { perDay, byAgent, topRuns, summary, tenants } = report;
  const noRuns = summary.runs === 0 && "No runs in this range.";
  const by = perDay.groupBy;
  const base = { agent: link.agent, model: link.model };
  const onlyCurrent = tenants.length === 1 && tenants[0]?.id === currentTenantId;
  const linkBy = onlyCurrent && by !== "tenant" ? by : undefined;
  return (
    <div className="dashboard-grid">
      {!onlyCurrent && (
        <p className="chart-wide muted" role="status">
          Cost covers {tenants.length === 1 ? "the tenant" : `${tenants.length} tenants`}:{" "}
          {tenants.map((t) => t.name).join(", ")}. Runs open from the tenant they belong to; the other
          sections show the current tenant only.
        </p>
      )}
      <ChartCard
        title="Cost per day"
        className="chart-wide chart-cost"
        note={`Stacked by ${by}${linkBy ? "; click a bar to open its runs" : ""}. ${UNPRICED_NOTE}`}
        empty={noRuns}
      >
        <StackedDayChart
          rows={perDay.days.map((d) => ({ day: d.day, values: d.byKey }))}
          keys={perDay.keys}
          unit="usd"
          linkBy={linkBy}
          base={base}
          label={`Cost per day, stacked by ${by}`}
        />
      </ChartCard>
      <ChartCard
        title="Cost per agent"
        className="chart-wide"
        note="Per successful task: all spend, failed runs included, ÷ succeeded runs. Percentiles over finished, priced runs."
        empty={noRuns}
      >
        <CostByAgentTable
          rows={byAgent}
          link={link}
          currentTenantId={currentTenantId}
          showTenant={!onlyCurrent || by === "tenant"}
        />
      </ChartCard>
      <ChartCard
        title="Most expensive runs"
        className="chart-wide"
        empty={topRuns.length === 0 && "No priced runs in this range."}
      >
        <TopRunsTable rows={topRuns} />
      </ChartCard>
    </div>
  );
}
