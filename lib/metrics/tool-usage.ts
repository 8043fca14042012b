import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { addDays, utcToday } from "@/lib/day";
import { metricsFilterSchema } from "./filter";
import { runScope } from "./run-scope";

/** How one tool of the tenant has fared in its runs of the last days. */
export type ToolUsage = {
  tool: string;
  calls: number;
  errors: number;
  errorRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
};

export const TOOL_USAGE_DAYS = 7;

/**
 * Per tool, over the tenant's runs of the last `TOOL_USAGE_DAYS` days: calls that reached the tool
 * (not those policy denied or a person rejected), those that failed (see `toolErrors`), and their
 * durations' median and 95th percentile.
 */
export async function toolUsage(db: DbOrTx, actor: Actor): Promise<Map<string, ToolUsage>> {
  const to = utcToday();
  const filter = metricsFilterSchema.parse({ from: addDays(to, -(TOOL_USAGE_DAYS - 1)), to });
  const duration = sql`extract(epoch from (s.ended_at - s.started_at)) * 1000`;
  const rows = await db.execute<ToolUsage>(sql`
    select s.payload->>'toolName' as tool, count(*)::int as calls,
      count(*) filter (where s.payload->>'status' is distinct from 'ok')::int as errors,
      (count(*) filter (where s.payload->>'status' is distinct from 'ok'))::float8 / count(*) as "errorRate",
      percentile_cont(0.5) within group (order by ${duration}) as "p50Ms",
      percentile_cont(0.95) within group (order by ${duration}) as "p95Ms"
    from run_steps s join runs r on r.id = s.run_id
    where ${runScope(actor, filter)} and s.kind = 'tool'
      and coalesce(s.payload->>'status', '') not in ('denied', 'rejected')
    group by 1`);
  return new Map([...rows].map((row) => [row.tool, row]));
}
