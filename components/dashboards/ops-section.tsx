import { BreakerHealth } from "@/components/agents/breaker-health";
import type { OpsReport } from "@/lib/metrics/queries";
import type { BreakerInfo } from "@/lib/resilience/breakers";
import { ChartCard } from "./chart-card";
import { CountBars } from "./count-bars";
import { LatencyTable } from "./latency-table";
import type { RunsLink } from "./links";
import { StackedDayChart } from "./stacked-day-chart";
import { ToolErrorsTable } from "./tool-errors-table";

const TOKEN_KINDS = [
  ["input", "Input"],
  ["cachedInput", "Cached input"],
  ["output", "Output"],
  ["reasoning", "Reasoning"],
] as const;

export function OpsSection({
  report,
  link,
  breakers,
}: {
  report: OpsReport;
  link: RunsLink;
  breakers: BreakerInfo[];
}) {
  const { statuses, stopReasonsPerDay, tokensPerDay, toolErrors, latency } = report;
  const reasons = statuses.byStopReason.map((r) => r.key);
  const reasonRows = stopReasonsPerDay.map((d) => ({
    day: d.day,
    values: Object.fromEntries(reasons.map((r) => [r, d.counts[r] ?? 0])),
  }));
  const noRuns = statuses.byStatus.length === 0 && "No runs in this range.";
  const tokenRows = tokensPerDay.map((d) => ({
    day: d.day,
    values: Object.fromEntries(TOKEN_KINDS.map(([k, label]) => [label, d[k]])),
  }));
  const hasTokens = tokensPerDay.some((d) => d.input + d.cachedInput + d.output + d.reasoning > 0);
  return (
    <div className="dashboard-grid">
      <ChartCard title="Runs by status" note="Click a bar to open those runs." empty={noRuns}>
        <CountBars rows={statuses.byStatus} label="Runs by status" link={link} />
      </ChartCard>
      <ChartCard
        title="Stop reasons"
        note="Why finished runs ended. Click a bar to open those runs."
        empty={noRuns}
      >
        <CountBars rows={statuses.byStopReason} label="Runs by stop reason" link={link} by="stop_reason" />
      </ChartCard>
      <ChartCard
        title="Stop reasons per day"
        className="chart-wide"
        note="Click a segment to open those runs."
        empty={reasons.length === 0 && "No finished runs in this range."}
      >
        <StackedDayChart
          rows={reasonRows}
          keys={reasons}
          unit="runs"
          linkBy="stop_reason"
          base={{ agent: link.agent, model: link.model }}
          label="Finished runs per day by stop reason"
        />
      </ChartCard>
      <ChartCard
        title="Tokens per day"
        className="chart-wide"
        empty={!hasTokens && "No tokens used in this range."}
      >
        <StackedDayChart
          rows={tokenRows}
          keys={TOKEN_KINDS.map(([, label]) => label)}
          unit="tokens"
          label="Tokens per day by kind"
        />
      </ChartCard>
      <ChartCard title="Latency" note="Durations of model calls, tool calls and whole runs." empty={noRuns}>
        <LatencyTable rows={latency} />
      </ChartCard>
      <ChartCard
        title="Tool errors"
        note="A call that did not return ok: an error, invalid arguments or an unknown tool."
        empty={toolErrors.length === 0 && "No tool calls in this range."}
      >
        <ToolErrorsTable rows={toolErrors} />
      </ChartCard>
      <BreakerHealth breakers={breakers} />
    </div>
  );
}
