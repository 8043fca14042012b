import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import type { MetricsFilter } from "./filter";
import { daySeries, runScope, utcDay } from "./run-scope";

export type Count = { key: string; runs: number };
export type StatusBreakdown = { byStatus: Count[]; byStopReason: Count[] };

export async function statusBreakdown(db: DbOrTx, actor: Actor, f: MetricsFilter): Promise<StatusBreakdown> {
  const rows = await db.execute<{ status: string; reason: string | null; runs: number }>(sql`
    select r.status::text as status, r.stop_reason::text as reason, count(*)::int as runs
    from runs r where ${runScope(actor, f)} group by 1, 2`);
  const tally = (pick: (r: (typeof rows)[number]) => string | null) => {
    const m = new Map<string, number>();
    for (const r of rows) {
      const k = pick(r);
      if (k !== null) m.set(k, (m.get(k) ?? 0) + r.runs);
    }
    return [...m]
      .map(([key, runs]) => ({ key, runs }))
      .sort((a, b) => b.runs - a.runs || a.key.localeCompare(b.key));
  };
  return { byStatus: tally((r) => r.status), byStopReason: tally((r) => r.reason) };
}

export type StopReasonDay = { day: string; counts: Record<string, number> };

/** Finished runs per UTC day by why they ended (every day of the range, empty days included). */
export async function stopReasonsPerDay(
  db: DbOrTx,
  actor: Actor,
  f: MetricsFilter,
): Promise<StopReasonDay[]> {
  const rows = await db.execute<{ day: string; reason: string | null; runs: number }>(sql`
    with days as (${daySeries(f)}),
    agg as (
      select ${utcDay} as day, r.stop_reason::text as reason, count(*)::int as runs
      from runs r where ${runScope(actor, f)} and r.stop_reason is not null group by 1, 2
    )
    select to_char(days.day, 'YYYY-MM-DD') as day, agg.reason, coalesce(agg.runs, 0)::int as runs
    from days left join agg on agg.day = days.day order by days.day, agg.reason`);
  const byDay = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const counts = byDay.get(r.day) ?? {};
    if (r.reason !== null) counts[r.reason] = r.runs;
    byDay.set(r.day, counts);
  }
  return [...byDay].map(([day, counts]) => ({ day, counts }));
}

export type TokenDay = { day: string; input: number; cachedInput: number; output: number; reasoning: number };

export async function tokensPerDay(db: DbOrTx, actor: Actor, f: MetricsFilter): Promise<TokenDay[]> {
  const rows = await db.execute<TokenDay>(sql`
    with days as (${daySeries(f)}),
    agg as (
      select ${utcDay} as day, sum(r.input_tokens) as input, sum(r.cached_input_tokens) as cached,
        sum(r.output_tokens) as output, sum(r.reasoning_tokens) as reasoning
      from runs r where ${runScope(actor, f)} group by 1
    )
    select to_char(days.day, 'YYYY-MM-DD') as day, coalesce(agg.input, 0)::float8 as input,
      coalesce(agg.cached, 0)::float8 as "cachedInput", coalesce(agg.output, 0)::float8 as output,
      coalesce(agg.reasoning, 0)::float8 as reasoning
    from days left join agg on agg.day = days.day order by days.day`);
  return [...rows];
}

export type ToolErrors = { tool: string; calls: number; errors: number; errorRate: number };

/**
 * A tool call whose status is anything but `ok` (error, invalid arguments, unknown tool) is an error.
 * Calls policy denied or a person rejected never reached the tool: they are the envelope's, not the
 * tool's, and are counted under policy denials and approvals instead.
 */
export async function toolErrors(db: DbOrTx, actor: Actor, f: MetricsFilter): Promise<ToolErrors[]> {
  const rows = await db.execute<ToolErrors>(sql`
    select s.payload->>'toolName' as tool, count(*)::int as calls,
      count(*) filter (where s.payload->>'status' is distinct from 'ok')::int as errors,
      (count(*) filter (where s.payload->>'status' is distinct from 'ok'))::float8 / count(*) as "errorRate"
    from run_steps s join runs r on r.id = s.run_id
    where ${runScope(actor, f)} and s.kind = 'tool'
      and coalesce(s.payload->>'status', '') not in ('denied', 'rejected')
    group by 1 order by "errorRate" desc, calls desc, tool`);
  return [...rows];
}

export type Latency = {
  kind: "model_call" | "tool_call" | "run";
  count: number;
  p50Ms: number | null;
  p95Ms: number | null;
};

const ms = (from: ReturnType<typeof sql>, to: ReturnType<typeof sql>) =>
  sql`extract(epoch from (${to} - ${from})) * 1000`;

/** Step durations by kind, and run durations (started → ended) of runs that ran and ended. */
export async function latency(db: DbOrTx, actor: Actor, f: MetricsFilter): Promise<Latency[]> {
  const step = ms(sql`s.started_at`, sql`s.ended_at`);
  const run = ms(sql`r.started_at`, sql`r.ended_at`);
  const rows = await db.execute<Latency>(sql`
    select case s.kind when 'model' then 'model_call' else 'tool_call' end as kind, count(*)::int as count,
      percentile_cont(0.5) within group (order by ${step}) as "p50Ms",
      percentile_cont(0.95) within group (order by ${step}) as "p95Ms"
    from run_steps s join runs r on r.id = s.run_id where ${runScope(actor, f)} group by s.kind
    union all
    select 'run', count(*)::int, percentile_cont(0.5) within group (order by ${run}),
      percentile_cont(0.95) within group (order by ${run})
    from runs r where ${runScope(actor, f)} and r.started_at is not null and r.ended_at is not null`);
  const order = ["model_call", "tool_call", "run"];
  return [...rows].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
}
