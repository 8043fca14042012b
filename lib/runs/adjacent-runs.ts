import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { runs } from "@/db/schema";
import { type Actor, assertScope } from "@/lib/auth/actor";

/** The runs either side of one in the runs list (newest first): `previous` above it, `next` below. */
export type AdjacentRuns = { previous: string | null; next: string | null };

/**
 * The run's neighbours among the tenant's runs in the list's order, (created_at, id) descending.
 * Compared with the stored row's own key, so runs created in the same millisecond keep their order.
 */
export async function adjacentRuns(db: DbOrTx, actor: Actor, runId: string): Promise<AdjacentRuns> {
  assertScope(actor, "runs:read");
  const key = sql`(select r.created_at, r.id from ${runs} r where r.id = ${runId} and r.tenant_id = ${actor.tenantId})`;
  const neighbour = async (newer: boolean) => {
    const [row] = await db
      .select({ id: runs.id })
      .from(runs)
      .where(
        and(
          eq(runs.tenantId, actor.tenantId),
          newer
            ? sql`(${runs.createdAt}, ${runs.id}) > ${key}`
            : sql`(${runs.createdAt}, ${runs.id}) < ${key}`,
        ),
      )
      .orderBy(
        newer ? sql`${runs.createdAt} asc nulls first` : sql`${runs.createdAt} desc nulls last`,
        newer ? sql`${runs.id} asc nulls first` : sql`${runs.id} desc nulls last`,
      )
      .limit(1);
    return row?.id ?? null;
  };
  const [previous, next] = await Promise.all([neighbour(true), neighbour(false)]);
  return { previous, next };
}
