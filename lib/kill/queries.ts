import { and, desc, eq, isNull, or, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type KillSwitch, killSwitches } from "@/db/schema";
import { broadestFirstSql, type CoveredRun, switchesCovering } from "./coverage";
import type { EngagedSwitch } from "./killed-error";

const engagedColumns = {
  id: killSwitches.id,
  scope: killSwitches.scope,
  tenantId: killSwitches.tenantId,
  target: killSwitches.target,
  reason: killSwitches.reason,
  engagedBy: killSwitches.engagedBy,
};

/**
 * Every engaged switch of the installation, for the engine. A run's switch matters only while its run
 * has not ended, so ended runs' switches are left out and the set stays small.
 */
export function loadEngagedSwitches(db: DbOrTx): Promise<EngagedSwitch[]> {
  return db
    .select(engagedColumns)
    .from(killSwitches)
    .where(
      and(
        isNull(killSwitches.releasedAt),
        // A run's switch matters while its run, or a run it delegated to, has not ended.
        sql`(${killSwitches.scope} not in ('run', 'run_pause') or exists (
          select 1 from runs where (runs.id = ${killSwitches.target}
            or runs.ancestor_run_ids @> array[${killSwitches.target}])
          and runs.status not in ('succeeded', 'unverified', 'failed', 'killed', 'stopped')))`,
      ),
    );
}

/** The engaged global and tenant switches a page shows as a banner. */
export function activeBannerSwitches(db: DbOrTx, tenantId: string): Promise<KillSwitch[]> {
  return db
    .select()
    .from(killSwitches)
    .where(
      and(
        isNull(killSwitches.releasedAt),
        or(
          eq(killSwitches.scope, "global"),
          and(eq(killSwitches.scope, "tenant"), eq(killSwitches.tenantId, tenantId)),
        ),
      ),
    )
    .orderBy(desc(killSwitches.engagedAt));
}

/** The engaged switch that keeps new runs of this agent from starting, global first. */
export async function blockingSwitch(
  db: DbOrTx,
  tenantId: string,
  agentId: string,
): Promise<KillSwitch | null> {
  const rows = await db
    .select()
    .from(killSwitches)
    .where(and(isNull(killSwitches.releasedAt), switchesCovering({ tenantId, agentId })))
    .orderBy(broadestFirstSql())
    .limit(1);
  return rows[0] ?? null;
}

/**
 * The engaged switch that covers a run under way (broadest first), or null: what the gate checks
 * before it lets an agent that runs elsewhere go on, whatever the run's status says.
 */
export async function switchOverRun(db: DbOrTx, run: CoveredRun): Promise<KillSwitch | null> {
  const rows = await db
    .select()
    .from(killSwitches)
    .where(and(isNull(killSwitches.releasedAt), switchesCovering(run)))
    .orderBy(broadestFirstSql())
    .limit(1);
  return rows[0] ?? null;
}

/** Whether an engaged switch keeps new runs of this agent from starting, as an SQL condition. */
export const blockingSwitchExistsSql = (tenantId: string, agentId: string): SQL =>
  sql`exists (select 1 from ${killSwitches} where ${and(
    isNull(killSwitches.releasedAt),
    switchesCovering({ tenantId, agentId }),
  )})`;

/** The engaged switch of one scope on one agent or run of the tenant, or null. */
async function engagedSwitchOn(db: DbOrTx, scope: "agent" | "run_pause", tenantId: string, target: string) {
  const [row] = await db
    .select()
    .from(killSwitches)
    .where(
      and(
        isNull(killSwitches.releasedAt),
        eq(killSwitches.scope, scope),
        eq(killSwitches.tenantId, tenantId),
        eq(killSwitches.target, target),
      ),
    );
  return row ?? null;
}

/** The engaged switch on one agent, for its page. */
export const agentSwitch = (db: DbOrTx, tenantId: string, agentId: string) =>
  engagedSwitchOn(db, "agent", tenantId, agentId);

/** The operator's hold on a run they took over, while it lasts. */
export const runTakeOver = (db: DbOrTx, tenantId: string, runId: string) =>
  engagedSwitchOn(db, "run_pause", tenantId, runId);
