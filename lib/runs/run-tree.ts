import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Run, type RunStatus, runs } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";

export type RunTreeLink = { id: string; agentName: string; status: RunStatus; costUsd: number | null };

/** A run's place in its tree of delegation: who delegated to it, the runs it delegated to, the tree's cost. */
export type RunTree = {
  parent: (RunTreeLink & { seq: number | null }) | null;
  children: (RunTreeLink & { seq: number | null })[];
  /** This run and every run below it; null while any of them is unpriced. */
  treeCostUsd: number | null;
  descendants: number;
};

/**
 * Each run keeps its own cost; the page shows the tree's total beside it. Read in the actor's tenant
 * only (a run's tree never leaves its tenant). Null for a run that neither delegated nor was delegated to.
 */
export async function runTree(db: Db, actor: Actor, run: Run): Promise<RunTree | null> {
  const tenant = eq(runs.tenantId, actor.tenantId);
  const link = {
    id: runs.id,
    agentName: runs.agentName,
    status: runs.status,
    costUsd: runs.costUsd,
    seq: runs.parentSeq,
  };
  const [parentRows, children, [below]] = await Promise.all([
    run.parentRunId
      ? db
          .select(link)
          .from(runs)
          .where(and(tenant, eq(runs.id, run.parentRunId)))
      : Promise.resolve([]),
    db
      .select(link)
      .from(runs)
      .where(and(tenant, eq(runs.parentRunId, run.id)))
      .orderBy(asc(runs.parentSeq))
      .limit(100),
    db
      .select({
        count: sql<number>`count(*)::int`,
        cost: sql<string | null>`sum(${runs.costUsd})`,
        unpriced: sql<boolean>`coalesce(bool_or(${runs.costUsd} is null), false)`,
      })
      .from(runs)
      .where(and(tenant, sql`${runs.ancestorRunIds} @> array[${run.id}]::uuid[]`)),
  ]);
  const parent = parentRows[0] ? { ...parentRows[0], seq: run.parentSeq } : null;
  if (!parent && children.length === 0) return null;
  const unpriced = run.costUsd === null || Boolean(below?.unpriced);
  return {
    parent,
    children,
    treeCostUsd: unpriced ? null : (run.costUsd ?? 0) + Number(below?.cost ?? 0),
    descendants: below?.count ?? 0,
  };
}
