import { z } from "zod";
import { byName, timestamp } from "@/lib/http/json-shapes";
import type { EnvelopeReport } from "@/lib/metrics/envelope";
import type { MetricsFilter } from "@/lib/metrics/filter";
import type { CostReport, OpsReport } from "@/lib/metrics/queries";
import type { UndoRate } from "@/lib/metrics/undo-rate";

export const filterJson = z.object({
  from: z.string(),
  to: z.string(),
  agent: z.string().optional(),
  model: z.string().optional(),
  group_by: z.string(),
  tenant: z.string().optional(),
});

/** The filter a report covers, named as the query string names it. */
export const toFilterJson = (f: MetricsFilter): z.input<typeof filterJson> => ({
  from: f.from,
  to: f.to,
  agent: f.agent,
  model: f.model,
  group_by: f.groupBy,
  tenant: f.tenant,
});

const usd = z.number();
const maybeUsd = z.number().nullable();

export const costReportJson = z.object({
  filter: filterJson,
  tenants: z.array(z.object({ id: z.string(), name: z.string() })),
  summary: z.object({
    spend_usd: usd,
    runs: z.number(),
    finished: z.number(),
    succeeded: z.number(),
    unpriced_runs: z.number(),
    success_rate: z.number().nullable(),
    cost_per_success_usd: maybeUsd,
  }),
  per_day: z.object({
    group_by: z.string(),
    keys: z.array(z.string()),
    days: z.array(
      z.object({ day: z.string(), total_usd: usd, unpriced_runs: z.number(), by_key: byName(z.number()) }),
    ),
  }),
  by_agent: z.array(
    z.object({
      agent: z.string(),
      tenant_id: z.string(),
      tenant: z.string(),
      runs: z.number(),
      succeeded: z.number(),
      unpriced_runs: z.number(),
      total_usd: usd,
      cost_per_success_usd: maybeUsd,
      p50_usd: maybeUsd,
      p95_usd: maybeUsd,
      p99_usd: maybeUsd,
    }),
  ),
  top_runs: z.array(
    z.object({
      id: z.string(),
      agent: z.string(),
      model: z.string(),
      status: z.string(),
      cost_usd: usd,
      created_at: timestamp,
    }),
  ),
});

/** `/metrics/cost`: spend, per day (by agent, model or tenant name: those keys are names, not fields), per agent, top runs. */
export const toCostReportJson = (r: CostReport): z.input<typeof costReportJson> => ({
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

const counts = z.array(z.object({ key: z.string(), runs: z.number() }));

export const opsReportJson = z.object({
  filter: filterJson,
  statuses: z.object({ by_status: counts, by_stop_reason: counts }),
  stop_reasons_per_day: z.array(z.object({ day: z.string(), counts: byName(z.number()) })),
  tokens_per_day: z.array(
    z.object({
      day: z.string(),
      input: z.number(),
      cached_input: z.number(),
      output: z.number(),
      reasoning: z.number(),
    }),
  ),
  tool_errors: z.array(
    z.object({ tool: z.string(), calls: z.number(), errors: z.number(), error_rate: z.number() }),
  ),
  latency: z.array(
    z.object({
      kind: z.string(),
      count: z.number(),
      p50_ms: z.number().nullable(),
      p95_ms: z.number().nullable(),
    }),
  ),
});

/** `/metrics/ops`: statuses, stop reasons per day (keyed by stop reason), tokens, tool errors, latency. */
export const toOpsReportJson = (r: OpsReport): z.input<typeof opsReportJson> => ({
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

const undoCount = { executed: z.number(), undone: z.number(), rate: z.number().nullable() };

export const undoRateJson = z.object({
  ...undoCount,
  by_agent: z.array(z.object({ agent: z.string(), ...undoCount })),
  by_tool: z.array(z.object({ tool: z.string(), ...undoCount })),
  by_day: z.array(z.object({ day: z.string(), ...undoCount })),
});

/** `/metrics/undo`: the undo rate overall, by agent, tool and day. */
export const toUndoRateJson = (u: UndoRate): z.input<typeof undoRateJson> => ({
  executed: u.executed,
  undone: u.undone,
  rate: u.rate,
  by_agent: u.byAgent,
  by_tool: u.byTool,
  by_day: u.byDay,
});

const approvalStats = z.object({
  requested: z.number(),
  approved: z.number(),
  rejected: z.number(),
  expired: z.number(),
  cancelled: z.number(),
  pending: z.number(),
  escalation_rate: z.number().nullable(),
  wait_p50_ms: z.number().nullable(),
  wait_p95_ms: z.number().nullable(),
});

/** `/metrics/envelope`: approvals, policy denials, outcomes, unverified runs and undone actions. */
export const envelopeReportJson = z.object({
  filter: filterJson,
  approvals: approvalStats,
  escalation_per_day: z.array(z.object({ day: z.string(), runs: z.number(), escalated: z.number() })),
  denials: z.array(z.object({ tool: z.string(), denied: z.number() })),
  outcomes: z.object({
    accepted: z.number(),
    rejected: z.number(),
    corrected: z.number(),
    unjudged: z.number(),
  }),
  security: z.object({ flagged_runs: z.number(), refused_calls: z.number() }),
  unverified: z.object({
    count: z.number(),
    latest: z.array(
      z.object({ id: z.string(), agent: z.string(), created_at: timestamp, error: z.string().nullable() }),
    ),
  }),
  undone: z.array(
    z.object({
      receipt_id: z.number(),
      undoes_receipt_id: z.number().nullable(),
      run_id: z.string(),
      tool: z.string(),
      kind: z.string(),
      by: z.string().nullable(),
      why: z.string().nullable(),
      at: timestamp,
    }),
  ),
});

export const toEnvelopeReportJson = (r: EnvelopeReport): z.input<typeof envelopeReportJson> => ({
  filter: toFilterJson(r.filter),
  approvals: {
    requested: r.approvals.requested,
    approved: r.approvals.approved,
    rejected: r.approvals.rejected,
    expired: r.approvals.expired,
    cancelled: r.approvals.cancelled,
    pending: r.approvals.pending,
    escalation_rate: r.approvals.escalationRate,
    wait_p50_ms: r.approvals.waitP50Ms,
    wait_p95_ms: r.approvals.waitP95Ms,
  },
  escalation_per_day: r.escalationPerDay,
  denials: r.denials,
  outcomes: r.outcomes,
  security: { flagged_runs: r.security.flaggedRuns, refused_calls: r.security.refusedCalls },
  unverified: {
    count: r.unverified.count,
    latest: r.unverified.latest.map((u) => ({
      id: u.id,
      agent: u.agent,
      created_at: u.createdAt,
      error: u.error,
    })),
  },
  undone: r.undone.map((u) => ({
    receipt_id: u.receiptId,
    undoes_receipt_id: u.undoesReceiptId,
    run_id: u.runId,
    tool: u.tool,
    kind: u.kind,
    by: u.by,
    why: u.why,
    at: u.at,
  })),
});
