import { type SQL, sql } from "drizzle-orm";
import { RUN_STATUSES, TERMINAL_STATUSES } from "@/db/schema/runs";
import type { Actor } from "@/lib/auth/actor";
import type { MetricsFilter } from "./filter";
import { runScope, TERMINAL_SQL } from "./run-scope";

const UNDER_WAY = RUN_STATUSES.filter((s) => !TERMINAL_STATUSES.includes(s));

/**
 * The runs a cost figure reads, as a derived table `r` (tenant_id, created_at, agent_name, model,
 * status, cost_usd). Ended runs come from `runs_tenant_day_settled_cost_idx` alone (their settled
 * cost is their cost); runs under way, few, are read from the table through the status index, so
 * their spend so far counts too. A step's update never touches the dashboards' index.
 */
export function costRuns(actor: Actor, f: MetricsFilter, tenantIds: readonly string[]): SQL {
  const scope = runScope(actor, f, tenantIds);
  return sql`(
    select r.tenant_id, r.created_at, r.agent_name, r.model, r.status, r.settled_cost_usd as cost_usd
    from runs r where ${scope} and ${TERMINAL_SQL}
    union all
    select r.tenant_id, r.created_at, r.agent_name, r.model, r.status, r.cost_usd
    from runs r where ${scope} and r.status in (${sql.join(
      UNDER_WAY.map((s) => sql`${s}`),
      sql`, `,
    )})
  ) r`;
}
