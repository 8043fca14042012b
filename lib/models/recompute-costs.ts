import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { utcToday } from "@/lib/day";
import { priceAt } from "./pricing";

export type Recomputed = {
  /** The first day (UTC) whose runs were repriced. */
  from: string;
  /** The day the next price of the model takes over (exclusive); null: up to today. */
  until: string | null;
  runs: number;
  steps: number;
};

/**
 * Reprices a tenant's recorded model calls after its price of `model` from `from` changed (set,
 * corrected or deleted), then the totals of the runs they belong to, so run pages and the cost
 * charts (which sum `runs.cost_usd`) agree with the table.
 *
 * Which calls: the engine prices a whole run at the price in effect on the day (UTC) the run
 * started, so a call is repriced when its run started in the period the changed row governs: from
 * `from` until the next row of that model for the tenant or the list. That period has one price
 * after the change (the corrected row, or after a deletion whatever governs `from` now; none:
 * unpriced), applied with the formula of `costOf`, in float8 like JavaScript numbers. A fallback
 * model's calls are matched by the model that answered (`payload.model`).
 *
 * It runs in the caller's transaction, in three set-based statements whose cost is bounded by the
 * period's runs (the run index on tenant and creation time limits the scan): a correction and its
 * consequences commit together or not at all, and nobody sees half-repriced charts. A background
 * job would only pay off for periods with millions of calls, which one tenant's corrections do not reach.
 *
 * The runs are locked first, so a step the engine commits meanwhile waits and is summed. A run
 * executing at that moment keeps pricing the rest of its current claim at the price it loaded when
 * it was claimed; saving the price again reprices it. Spans keep the cost they recorded at the time.
 *
 * The daily budget ledger (`tenant_spend_days`) is deliberately left alone: it records what was
 * reserved and spent against the budget on that day, when the budget decisions were made, and
 * rewriting it would make those past decisions unexplainable. Costs and charts are what change.
 */
export async function recomputeCosts(
  tx: DbOrTx,
  tenantId: string,
  model: string,
  from: string,
): Promise<Recomputed> {
  if (from > utcToday()) return { from, until: null, runs: 0, steps: 0 };
  const [next] = await tx.execute<{ until: string | null }>(sql`
    select to_char(min(effective_from), 'YYYY-MM-DD') as until from model_prices
    where model = ${model} and effective_from > ${from}::date
      and (tenant_id is null or tenant_id = ${tenantId})`);
  const until = next?.until ?? null;
  const price = await priceAt(tx, model, from, tenantId);

  const pricedDay = sql`(coalesce(r.started_at, r.created_at) at time zone 'UTC')::date`;
  // Simulator modes with a latency suffix are priced as their mode, as `priceKey` does.
  const stepModel = sql`(case when m.model like 'sim:%'
    then split_part(m.model, ':', 1) || ':' || split_part(m.model, ':', 2) else m.model end)`;
  const inPeriod = sql.join(
    [
      sql`r.tenant_id = ${tenantId}`,
      sql`${pricedDay} >= ${from}::date`,
      ...(until
        ? [sql`${pricedDay} < ${until}::date`, sql`r.created_at < (${until}::date at time zone 'UTC')`]
        : []),
    ],
    sql` and `,
  );
  const affectedSteps = sql`
    select s.run_id, s.seq, s.payload->'usage' as usage from runs r
    join run_steps s on s.run_id = r.id and s.kind = 'model'
    cross join lateral (select coalesce(s.payload->>'model', r.model) as model) m
    where ${inPeriod} and ${stepModel} = ${model}`;

  const lockedRuns = sql`select r.id from runs r where ${inPeriod}
    and exists (select 1 from (${affectedSteps}) a where a.run_id = r.id)`;
  const locked = await tx.execute<{ id: string }>(sql`${lockedRuns} order by r.id for update of r`);
  if (locked.length === 0) return { from, until, runs: 0, steps: 0 };

  const n = (field: string) => sql`coalesce((a.usage->>${field})::float8, 0)`;
  const per = (value: number | null | undefined) =>
    value == null ? sql`null::float8` : sql`${value}::float8`;
  const cost = price
    ? sql`(greatest(0, ${n("inputTokens")} - ${n("cachedInputTokens")}) * ${per(price.inputPerMTok)}
        + ${n("cachedInputTokens")} * ${per(price.cachedInputPerMTok)}
        + greatest(0, ${n("outputTokens")} - ${n("reasoningTokens")}) * ${per(price.outputPerMTok)}
        + ${n("reasoningTokens")} * ${per(price.reasoningPerMTok ?? price.outputPerMTok)}) / 1000000`
    : sql`null::float8`;
  const steps = await tx.execute<{ run_id: string }>(sql`
    update run_steps s set cost_usd = c.cost,
      payload = jsonb_set(s.payload, '{costUsd}', coalesce(to_jsonb(c.cost), 'null'::jsonb))
    from (select a.run_id, a.seq, ${cost} as cost from (${affectedSteps}) a) c
    where s.run_id = c.run_id and s.seq = c.seq
    returning s.run_id`);

  const runs = await tx.execute<{ id: string }>(sql`
    update runs r set cost_usd = t.cost
    from (
      select s.run_id, case when bool_or(s.cost_usd is null) then null else coalesce(sum(s.cost_usd), 0) end as cost
      from run_steps s where s.kind = 'model' and s.run_id in (${lockedRuns})
      group by s.run_id
    ) t
    where r.id = t.run_id
    returning r.id`);
  return { from, until, runs: runs.length, steps: steps.length };
}
