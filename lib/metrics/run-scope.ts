import { type SQL, sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import { instantRange, type MetricsFilter } from "./filter";

/**
 * The `where` every metric shares: the tenants (the actor's own unless a resolved, membership-checked
 * list is given), the day range and the optional filters, over alias `r`.
 */
export function runScope(
  actor: Actor,
  f: MetricsFilter,
  tenantIds: readonly string[] = [actor.tenantId],
): SQL {
  const { start, end } = instantRange(f);
  const parts = [
    tenantIds.length === 0
      ? sql`false`
      : tenantIds.length === 1
        ? sql`r.tenant_id = ${tenantIds[0]}`
        : sql`r.tenant_id in (${sql.join(
            tenantIds.map((id) => sql`${id}`),
            sql`, `,
          )})`,
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

/** Runs with any refused call (lib/runs/refused-calls.ts), written as runs_tenant_refused_idx's predicate. */
export const REFUSED_SQL = sql`(r.security_attempts > 0 or r.invalid_calls > 0)`;
