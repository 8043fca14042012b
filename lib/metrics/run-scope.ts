import { type SQL, sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import { instantRange, type MetricsFilter } from "./filter";

/** The `where` every metric shares: the actor's tenant, the day range and the optional filters, over alias `r`. */
export function runScope(actor: Actor, f: MetricsFilter): SQL {
  const { start, end } = instantRange(f);
  const parts = [
    sql`r.tenant_id = ${actor.tenantId}`,
    sql`r.created_at >= ${start}::timestamptz`,
    sql`r.created_at < ${end}::timestamptz`,
  ];
  if (f.agent) parts.push(sql`r.agent_name = ${f.agent}`);
  if (f.model) parts.push(sql`r.model = ${f.model}`);
  return sql.join(parts, sql` and `);
}

/** Calendar days (UTC) of the range, so days without runs still appear as zero. */
export const daySeries = (f: MetricsFilter): SQL =>
  sql`select d::date as day from generate_series(${f.from}::date, ${f.to}::date, interval '1 day') as d`;

export const utcDay = sql`(r.created_at at time zone 'UTC')::date`;

export const TERMINAL_SQL = sql`r.status in ('succeeded', 'unverified', 'failed', 'killed', 'stopped')`;
