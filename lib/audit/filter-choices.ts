import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type Actor, assertScope } from "@/lib/auth/actor";

/** At most this many of each: a log's distinct actions and actors are few, however long it is. */
const MAX_CHOICES = 300;

/** The actions and the actors the tenant's audit log holds, for the filters' lists. */
export async function auditFilterChoices(
  db: DbOrTx,
  actor: Actor,
): Promise<{ actions: string[]; actors: string[] }> {
  assertScope(actor, "audit:read");
  const [actions, actors] = await Promise.all([
    distinctValues(db, actor.tenantId, "action"),
    distinctValues(db, actor.tenantId, "actor_label"),
  ]);
  return { actions, actors };
}

/**
 * The column's distinct values in the tenant's entries, in order, by a walk of its index (one
 * index probe per value: a loose index scan), not by reading every entry.
 */
async function distinctValues(db: DbOrTx, tenantId: string, column: "action" | "actor_label") {
  const name = sql.identifier(column);
  const rows = await db.execute<{ value: string }>(sql`
    with recursive walk(value, n) as (
      (select ${name}, 1 from audit_log where tenant_id = ${tenantId} order by ${name} limit 1)
      union all
      select (select ${name} from audit_log
              where tenant_id = ${tenantId} and ${name} > walk.value order by ${name} limit 1), walk.n + 1
      from walk where walk.value is not null and walk.n < ${MAX_CHOICES}
    )
    select value from walk where value is not null`);
  return rows.map((row) => row.value);
}
