import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/** Statuses that count against an agent's failure rate: it broke, or claimed what no receipt proves. */
const FAILED = sql`('failed', 'unverified')`;
const ENDED = sql`('succeeded', 'unverified', 'failed', 'killed', 'stopped')`;

/**
 * Measures every rule on the runs started in its window, per agent, and raises an alert (once: one
 * open alert per rule and agent) where the value is above the threshold with enough runs to say so;
 * an open alert whose condition no longer holds is cleared. Raising queues `alert.raised` for the
 * tenant's webhooks (a trigger). One statement, safe for several workers at once.
 */
export async function evaluateAlerts(db: Db, now = new Date()): Promise<{ raised: number; cleared: number }> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const [row] = await db.execute<{ raised: number; cleared: number }>(sql`
    with measured as (
      select r.id as rule_id, r.tenant_id, run.agent_name, r.metric, r.threshold, r.window_minutes, r.min_runs,
             count(*) filter (where r.metric = 'cost_usd' or run.status::text in ${ENDED})::int as n,
             case r.metric
               when 'failure_rate' then
                 (count(*) filter (where run.status::text in ${FAILED}))::numeric
                   / nullif(count(*) filter (where run.status::text in ${ENDED}), 0)
               when 'p95_seconds' then
                 (percentile_cont(0.95) within group (
                   order by extract(epoch from run.ended_at - coalesce(run.started_at, run.created_at))
                 ) filter (where run.status::text in ${ENDED} and run.ended_at is not null))::numeric
               else coalesce(sum(run.cost_usd), 0)
             end as value
        from alert_rules r
        join runs run on run.tenant_id = r.tenant_id
         and (r.agent_name is null or run.agent_name = r.agent_name)
         and run.created_at >= ${at} - make_interval(mins => r.window_minutes)
         and run.created_at <= ${at}
       group by r.id, run.agent_name
    ),
    breached as (
      select * from measured where n >= min_runs and value > threshold
    ),
    raised as (
      insert into alerts (tenant_id, rule_id, agent_name, metric, value, threshold, window_minutes, runs, raised_at)
      select tenant_id, rule_id, agent_name, metric, round(value, 6), threshold, window_minutes, n, ${at} from breached
      on conflict (rule_id, agent_name) where cleared_at is null do nothing
      returning id
    ),
    cleared as (
      update alerts a set cleared_at = ${at}
       where a.cleared_at is null
         and not exists (select 1 from breached b where b.rule_id = a.rule_id and b.agent_name = a.agent_name)
      returning id
    )
    select (select count(*) from raised)::int as raised, (select count(*) from cleared)::int as cleared`);
  return { raised: row?.raised ?? 0, cleared: row?.cleared ?? 0 };
}
