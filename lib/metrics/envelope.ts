import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { assertScope } from "@/lib/auth/actor";
import { type MetricsFilter, type MetricsFilterInput, metricsFilterSchema } from "./filter";
import { daySeries, runScope, utcDay } from "./run-scope";

export type ApprovalStats = {
  requested: number;
  approved: number;
  rejected: number;
  expired: number;
  cancelled: number;
  pending: number;
  /** Runs that asked a person at least once ÷ runs. */
  escalationRate: number | null;
  waitP50Ms: number | null;
  waitP95Ms: number | null;
};

export type EscalationDay = { day: string; runs: number; escalated: number };
export type DenialsByTool = { tool: string; denied: number };
export type OutcomeCounts = { accepted: number; rejected: number; corrected: number; unjudged: number };
/** Runs whose model proposed calls the envelope refused as out of bounds, and how many calls. */
export type SecurityFlags = { flaggedRuns: number; refusedCalls: number };
export type UnverifiedRun = { id: string; agent: string; createdAt: string; error: string | null };
export type UndoneAction = {
  receiptId: number;
  undoesReceiptId: number | null;
  runId: string;
  tool: string;
  kind: "undo" | "manual_revert";
  by: string | null;
  why: string | null;
  at: string;
};

export type EnvelopeReport = {
  filter: MetricsFilter;
  approvals: ApprovalStats;
  escalationPerDay: EscalationDay[];
  denials: DenialsByTool[];
  outcomes: OutcomeCounts;
  security: SecurityFlags;
  unverified: { count: number; latest: UnverifiedRun[] };
  undone: UndoneAction[];
};

/**
 * The envelope at work and the quality of results, for the dashboards and `GET /api/v1/metrics/envelope`:
 * approvals (escalation rate, wait times, expiries), policy denials, operator outcomes, unverified
 * runs and the latest undone actions with why — all for runs in the filter's range.
 */
export async function getEnvelopeReport(
  db: DbOrTx,
  actor: Actor,
  input: MetricsFilterInput,
): Promise<EnvelopeReport> {
  assertScope(actor, "dashboards:read");
  const f = metricsFilterSchema.parse(input);
  const scope = runScope(actor, f);
  const [approvals, perDay, denials, outcomes, unverified, undone] = await Promise.all([
    db.execute<ApprovalStats & { runs: number; escalated: number }>(sql`
      with scoped as (select r.id from runs r where ${scope}),
      a as (select a.* from approvals a join scoped s on s.id = a.run_id where a.kind = 'approval')
      select
        (select count(*)::int from scoped) as runs,
        (select count(distinct run_id)::int from a) as escalated,
        count(*)::int as requested,
        count(*) filter (where status = 'approved')::int as approved,
        count(*) filter (where status = 'rejected')::int as rejected,
        count(*) filter (where status = 'expired')::int as expired,
        count(*) filter (where status = 'cancelled')::int as cancelled,
        count(*) filter (where status = 'pending')::int as pending,
        (percentile_cont(0.5) within group (order by extract(epoch from decided_at - created_at) * 1000)
          filter (where status in ('approved', 'rejected')))::float8 as "waitP50Ms",
        (percentile_cont(0.95) within group (order by extract(epoch from decided_at - created_at) * 1000)
          filter (where status in ('approved', 'rejected')))::float8 as "waitP95Ms"
      from a`),
    db.execute<EscalationDay>(sql`
      with days as (${daySeries(f)}),
      per as (
        select ${utcDay} as day, count(*)::int as runs,
          count(*) filter (where exists (
            select 1 from approvals a where a.run_id = r.id and a.kind = 'approval'))::int as escalated
        from runs r where ${scope} group by 1)
      select days.day::text as day, coalesce(per.runs, 0) as runs, coalesce(per.escalated, 0) as escalated
      from days left join per on per.day = days.day order by days.day`),
    db.execute<DenialsByTool>(sql`
      select s.payload->>'toolName' as tool, count(*)::int as denied
      from runs r join run_steps s on s.run_id = r.id
      where ${scope} and s.kind = 'tool' and s.payload->>'status' = 'denied'
      group by 1 order by 2 desc, 1 limit 20`),
    db.execute<OutcomeCounts & SecurityFlags>(sql`
      select count(*) filter (where r.security_attempts > 0)::int as "flaggedRuns",
        coalesce(sum(r.security_attempts), 0)::int as "refusedCalls",
        count(*) filter (where r.outcome = 'accepted')::int as accepted,
        count(*) filter (where r.outcome = 'rejected')::int as rejected,
        count(*) filter (where r.outcome = 'corrected')::int as corrected,
        count(*) filter (where r.outcome is null and r.ended_at is not null)::int as unjudged
      from runs r where ${scope}`),
    db.execute<UnverifiedRun & { total: number }>(sql`
      select r.id, r.agent_name as agent, r.created_at::text as "createdAt", r.error,
        count(*) over ()::int as total
      from runs r where ${scope} and r.status = 'unverified'
      order by r.created_at desc limit 10`),
    db.execute<UndoneAction>(sql`
      select x.id::int as "receiptId", x.undoes_receipt_id::int as "undoesReceiptId", x.run_id as "runId",
        x.tool, x.kind, x.content->'receipt'->>'by' as by,
        coalesce(x.content->'receipt'->>'reason', x.content->'receipt'->>'note') as why,
        x.created_at::text as at
      from receipts x join runs r on r.id = x.run_id
      where ${scope} and x.tenant_id = ${actor.tenantId} and x.kind in ('undo', 'manual_revert')
      order by x.id desc limit 20`),
  ]);
  const a = approvals[0];
  return {
    filter: f,
    approvals: {
      requested: a?.requested ?? 0,
      approved: a?.approved ?? 0,
      rejected: a?.rejected ?? 0,
      expired: a?.expired ?? 0,
      cancelled: a?.cancelled ?? 0,
      pending: a?.pending ?? 0,
      escalationRate: a && a.runs > 0 ? a.escalated / a.runs : null,
      waitP50Ms: a?.waitP50Ms ?? null,
      waitP95Ms: a?.waitP95Ms ?? null,
    },
    escalationPerDay: [...perDay],
    denials: [...denials],
    outcomes: {
      accepted: outcomes[0]?.accepted ?? 0,
      rejected: outcomes[0]?.rejected ?? 0,
      corrected: outcomes[0]?.corrected ?? 0,
      unjudged: outcomes[0]?.unjudged ?? 0,
    },
    security: { flaggedRuns: outcomes[0]?.flaggedRuns ?? 0, refusedCalls: outcomes[0]?.refusedCalls ?? 0 },
    unverified: {
      count: unverified[0]?.total ?? 0,
      latest: unverified.map(({ total: _total, ...run }) => run),
    },
    undone: [...undone],
  };
}
