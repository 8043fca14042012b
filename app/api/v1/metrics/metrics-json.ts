import type { MetricsFilter } from "@/lib/metrics/filter";
import type { CostReport, OpsReport } from "@/lib/metrics/queries";
import type { UndoRate } from "@/lib/metrics/undo-rate";

/** The filter a report covers, named as the query string names it. */
export const toFilterJson = (f: MetricsFilter) => ({
  from: f.from,
  to: f.to,
  agent: f.agent,
  model: f.model,
  group_by: f.groupBy,
  tenant: f.tenant,
});

/** `/metrics/cost`: spend, per day (by agent, model or tenant name: those keys are names, not fields), per agent, top runs. */
export const toCostReportJson = (r: CostReport) => ({
  filter: toFilterJson(r.filter),
  tenants: r.tenants,
  summary: {
    spend_usd: r.summary.spendUsd,
    runs: r.summary.runs,
    finished: r.summary.finished,
    succeeded: r.summary.succeeded,
    unpriced_runs: r.summary.unpricedRuns,
    success_rate: r.summary.successRate,
    cost_per_success_usd: r.summary.costPerSuccessUsd,
  },
  per_day: {
    group_by: r.perDay.groupBy,
    keys: r.perDay.keys,
    days: r.perDay.days.map((d) => ({
      day: d.day,
      total_usd: d.totalUsd,
      unpriced_runs: d.unpricedRuns,
      by_key: d.byKey,
    })),
  },
  by_agent: r.byAgent.map((a) => ({
    agent: a.agent,
    tenant_id: a.tenantId,
    tenant: a.tenant,
    runs: a.runs,
    succeeded: a.succeeded,
    unpriced_runs: a.unpricedRuns,
    total_usd: a.totalUsd,
    cost_per_success_usd: a.costPerSuccessUsd,
    p50_usd: a.p50Usd,
    p95_usd: a.p95Usd,
    p99_usd: a.p99Usd,
  })),
  top_runs: r.topRuns.map((t) => ({
    id: t.id,
    agent: t.agent,
    model: t.model,
    status: t.status,
    cost_usd: t.costUsd,
    created_at: t.createdAt,
  })),
});

/** `/metrics/ops`: statuses, stop reasons per day (keyed by stop reason), tokens, tool errors, latency. */
export const toOpsReportJson = (r: OpsReport) => ({
  filter: toFilterJson(r.filter),
  statuses: { by_status: r.statuses.byStatus, by_stop_reason: r.statuses.byStopReason },
  stop_reasons_per_day: r.stopReasonsPerDay,
  tokens_per_day: r.tokensPerDay.map((t) => ({
    day: t.day,
    input: t.input,
    cached_input: t.cachedInput,
    output: t.output,
    reasoning: t.reasoning,
  })),
  tool_errors: r.toolErrors.map((t) => ({
    tool: t.tool,
    calls: t.calls,
    errors: t.errors,
    error_rate: t.errorRate,
  })),
  latency: r.latency.map((l) => ({ kind: l.kind, count: l.count, p50_ms: l.p50Ms, p95_ms: l.p95Ms })),
});

/** `/metrics/undo`: the undo rate overall, by agent, tool and day. */
export const toUndoRateJson = (u: UndoRate) => ({
  executed: u.executed,
  undone: u.undone,
  rate: u.rate,
  by_agent: u.byAgent,
  by_tool: u.byTool,
  by_day: u.byDay,
});
