import type { DbOrTx } from "@/db/client";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { costByAgent, costPerDay, costSummary, topRuns } from "./cost-queries";
import { type MetricsFilter, type MetricsFilterInput, metricsFilterSchema } from "./filter";
import { latency, statusBreakdown, stopReasonsPerDay, tokensPerDay, toolErrors } from "./ops-queries";
import { resolveTenantScope } from "./tenant-scope";

export type { AgentCost, CostPerDay, CostSummary, TopRun } from "./cost-queries";
export { type MetricsFilter, type MetricsFilterInput, metricsFilterSchema } from "./filter";
export type { Latency, StatusBreakdown, StopReasonDay, TokenDay, ToolErrors } from "./ops-queries";
export type { TenantRef } from "./tenant-scope";

/**
 * Dashboard figures, aggregated in PostgreSQL over the actor's tenant only; the cost figures may
 * instead cover `tenant=all` or another tenant the person may read (membership checked). Unpriced runs
 * (cost_usd null) are counted as `unpricedRuns`, never added as zero dollars.
 */
function scoped(actor: Actor, input: MetricsFilterInput): MetricsFilter {
  assertScope(actor, "dashboards:read");
  return metricsFilterSchema.parse(input);
}

/** The filter and the tenants it covers, for the cost figures. */
async function costScoped(db: DbOrTx, actor: Actor, input: MetricsFilterInput) {
  const f = scoped(actor, input);
  return { f, tenants: await resolveTenantScope(db, actor, f) };
}

export async function getCostSummary(db: DbOrTx, actor: Actor, input: MetricsFilterInput) {
  const { f, tenants } = await costScoped(db, actor, input);
  return costSummary(db, actor, f, tenants);
}
export async function getCostPerDay(db: DbOrTx, actor: Actor, input: MetricsFilterInput) {
  const { f, tenants } = await costScoped(db, actor, input);
  return costPerDay(db, actor, f, tenants);
}
export async function getCostByAgent(db: DbOrTx, actor: Actor, input: MetricsFilterInput) {
  const { f, tenants } = await costScoped(db, actor, input);
  return costByAgent(db, actor, f, tenants);
}
export async function getTopRuns(db: DbOrTx, actor: Actor, input: MetricsFilterInput) {
  const { f, tenants } = await costScoped(db, actor, input);
  return topRuns(db, actor, f, tenants);
}
export async function getStatusBreakdown(db: DbOrTx, actor: Actor, input: MetricsFilterInput) {
  return statusBreakdown(db, actor, scoped(actor, input));
}
export async function getStopReasonsPerDay(db: DbOrTx, actor: Actor, input: MetricsFilterInput) {
  return stopReasonsPerDay(db, actor, scoped(actor, input));
}
export async function getTokensPerDay(db: DbOrTx, actor: Actor, input: MetricsFilterInput) {
  return tokensPerDay(db, actor, scoped(actor, input));
}
export async function getToolErrors(db: DbOrTx, actor: Actor, input: MetricsFilterInput) {
  return toolErrors(db, actor, scoped(actor, input));
}
export async function getLatency(db: DbOrTx, actor: Actor, input: MetricsFilterInput) {
  return latency(db, actor, scoped(actor, input));
}

/** What `/api/v1/metrics/cost` returns and the cost charts draw. */
export async function getCostReport(db: DbOrTx, actor: Actor, input: MetricsFilterInput) {
  const { f, tenants } = await costScoped(db, actor, input);
  const [summary, perDay, byAgent, top] = await Promise.all([
    costSummary(db, actor, f, tenants),
    costPerDay(db, actor, f, tenants),
    costByAgent(db, actor, f, tenants),
    topRuns(db, actor, f, tenants),
  ]);
  return { filter: f, tenants, summary, perDay, byAgent, topRuns: top };
}

/** What `/api/v1/metrics/ops` returns and the operations charts draw. */
export async function getOpsReport(db: DbOrTx, actor: Actor, input: MetricsFilterInput) {
  const f = scoped(actor, input);
  const [statuses, reasonsPerDay, tokens, tools, latencies] = await Promise.all([
    statusBreakdown(db, actor, f),
    stopReasonsPerDay(db, actor, f),
    tokensPerDay(db, actor, f),
    toolErrors(db, actor, f),
    latency(db, actor, f),
  ]);
  return {
    filter: f,
    statuses,
    stopReasonsPerDay: reasonsPerDay,
    tokensPerDay: tokens,
    toolErrors: tools,
    latency: latencies,
  };
}
export type CostReport = Awaited<ReturnType<typeof getCostReport>>;
export type OpsReport = Awaited<ReturnType<typeof getOpsReport>>;
