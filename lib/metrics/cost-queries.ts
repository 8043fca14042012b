import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { costRuns } from "./cost-runs";
import type { MetricsFilter } from "./filter";
import { daySeries, runScope, TERMINAL_SQL, utcDay } from "./run-scope";
import type { TenantRef } from "./tenant-scope";

// Unpriced runs (cost_usd null) are never summed as zero: every figure excludes them from the
// dollars and reports how many there were, so a total is never quietly too low.

/** Each function takes the tenants to cover (resolved and membership-checked); by default the actor's own. */
const own = (actor: Actor): TenantRef[] => [{ id: actor.tenantId, name: actor.tenantName }];
const ids = (tenants: TenantRef[]) => tenants.map((t) => t.id);

/** Tenant names as shown, made distinct when two tenants share a name. */
function tenantLabels(tenants: TenantRef[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const t of tenants) count.set(t.name, (count.get(t.name) ?? 0) + 1);
  return new Map(
    tenants.map((t) => [t.id, (count.get(t.name) ?? 0) > 1 ? `${t.name} (${t.id.slice(0, 8)})` : t.name]),
  );
}

export type CostSummary = {
  spendUsd: number;
  runs: number;
  finished: number;
  succeeded: number;
  unpricedRuns: number;
  /** Succeeded ÷ finished runs; null before any run has finished. */
  successRate: number | null;
  /** All priced spend (failed runs included) ÷ succeeded runs; null without a success. */
  costPerSuccessUsd: number | null;
};

export async function costSummary(
  db: DbOrTx,
  actor: Actor,
  f: MetricsFilter,
  tenants: TenantRef[] = own(actor),
): Promise<CostSummary> {
  const [row] = await db.execute<Omit<CostSummary, "successRate" | "costPerSuccessUsd">>(sql`
    select coalesce(sum(r.cost_usd), 0)::float8 as "spendUsd", count(*)::int as runs,
      count(*) filter (where ${TERMINAL_SQL})::int as finished,
      count(*) filter (where r.status = 'succeeded')::int as succeeded,
      count(*) filter (where r.cost_usd is null)::int as "unpricedRuns"
    from ${costRuns(actor, f, ids(tenants))}`);
  const s = row ?? { spendUsd: 0, runs: 0, finished: 0, succeeded: 0, unpricedRuns: 0 };
  return {
    ...s,
    successRate: s.finished > 0 ? s.succeeded / s.finished : null,
    costPerSuccessUsd: s.succeeded > 0 ? s.spendUsd / s.succeeded : null,
  };
}

export type CostDay = { day: string; totalUsd: number; unpricedRuns: number; byKey: Record<string, number> };
export type CostPerDay = { groupBy: "agent" | "model" | "tenant"; keys: string[]; days: CostDay[] };

/** Spend per UTC day, split by agent, model or tenant (by name); every day of the range is present. */
export async function costPerDay(
  db: DbOrTx,
  actor: Actor,
  f: MetricsFilter,
  tenants: TenantRef[] = own(actor),
): Promise<CostPerDay> {
  const key =
    f.groupBy === "model"
      ? sql`r.model`
      : f.groupBy === "tenant"
        ? sql`r.tenant_id::text`
        : sql`r.agent_name`;
  const labels = tenantLabels(tenants);
  const label = (k: string) => (f.groupBy === "tenant" ? (labels.get(k) ?? k) : k);
  const rows = await db.execute<{ day: string; key: string | null; cost: number; unpriced: number }>(sql`
    with days as (${daySeries(f)}),
    agg as (
      select ${utcDay} as day, ${key} as key, coalesce(sum(r.cost_usd), 0)::float8 as cost,
        count(*) filter (where r.cost_usd is null)::int as unpriced
      from ${costRuns(actor, f, ids(tenants))} group by 1, 2
    )
    select to_char(days.day, 'YYYY-MM-DD') as day, agg.key, coalesce(agg.cost, 0)::float8 as cost,
      coalesce(agg.unpriced, 0)::int as unpriced
    from days left join agg on agg.day = days.day order by days.day, agg.key`);
  const days = new Map<string, CostDay>();
  const keys = new Set<string>();
  for (const r of rows) {
    const day = days.get(r.day) ?? { day: r.day, totalUsd: 0, unpricedRuns: 0, byKey: {} };
    days.set(r.day, day);
    if (r.key === null) continue;
    const k = label(r.key);
    keys.add(k);
    day.byKey[k] = r.cost;
    day.totalUsd += r.cost;
    day.unpricedRuns += r.unpriced;
  }
  return { groupBy: f.groupBy, keys: [...keys].sort(), days: [...days.values()] };
}

export type AgentCost = {
  agent: string;
  /** The tenant the agent belongs to: agents are per tenant, so one name in two tenants is two rows. */
  tenantId: string;
  tenant: string;
  runs: number;
  succeeded: number;
  unpricedRuns: number;
  totalUsd: number;
  costPerSuccessUsd: number | null;
  /** Over finished, priced runs: a run under way has not spent its final amount yet. */
  p50Usd: number | null;
  p95Usd: number | null;
  p99Usd: number | null;
};

export async function costByAgent(
  db: DbOrTx,
  actor: Actor,
  f: MetricsFilter,
  tenants: TenantRef[] = own(actor),
): Promise<AgentCost[]> {
  const finished = sql`(order by r.cost_usd) filter (where ${TERMINAL_SQL})`;
  const rows = await db.execute<Omit<AgentCost, "tenant">>(sql`
    select r.agent_name as agent, r.tenant_id as "tenantId", count(*)::int as runs,
      count(*) filter (where r.status = 'succeeded')::int as succeeded,
      count(*) filter (where r.cost_usd is null)::int as "unpricedRuns",
      coalesce(sum(r.cost_usd), 0)::float8 as "totalUsd",
      (coalesce(sum(r.cost_usd), 0) / nullif(count(*) filter (where r.status = 'succeeded'), 0))::float8
        as "costPerSuccessUsd",
      percentile_cont(0.5) within group ${finished} as "p50Usd",
      percentile_cont(0.95) within group ${finished} as "p95Usd",
      percentile_cont(0.99) within group ${finished} as "p99Usd"
    from ${costRuns(actor, f, ids(tenants))}
    group by r.tenant_id, r.agent_name order by r.agent_name`);
  const labels = tenantLabels(tenants);
  return rows
    .map((r) => ({ ...r, tenant: labels.get(r.tenantId) ?? r.tenantId }))
    .sort((a, b) => (a.tenant === b.tenant ? 0 : a.tenant < b.tenant ? -1 : 1));
}

export type TopRun = {
  id: string;
  agent: string;
  model: string;
  status: string;
  costUsd: number;
  createdAt: string;
};

export async function topRuns(
  db: DbOrTx,
  actor: Actor,
  f: MetricsFilter,
  tenants: TenantRef[] = own(actor),
  limit = 10,
): Promise<TopRun[]> {
  const rows = await db.execute<TopRun>(sql`
    select r.id, r.agent_name as agent, r.model, r.status::text as status, r.cost_usd::float8 as "costUsd",
      to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "createdAt"
    from runs r where ${runScope(actor, f, ids(tenants))} and r.cost_usd is not null
    order by r.cost_usd desc, r.created_at desc, r.id limit ${limit}`);
  return [...rows];
}
