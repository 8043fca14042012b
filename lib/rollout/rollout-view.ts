import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type AgentRollout, type RolloutShadow, rolloutShadows } from "@/db/schema";
import { getAgent } from "@/lib/agents/queries";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { ENDED_RUN_SQL, FAILED_RUN_SQL } from "./rollback-sweep";

/** The runs one side of a rollout served since it began. */
export type ServedVersion = {
  version: number;
  role: "stable" | "candidate";
  runs: number;
  ended: number;
  failed: number;
  /** failed ÷ ended; null before any run ended. */
  failureRate: number | null;
  /** Write actions the runs executed, and how many were undone or marked reverted since. */
  writes: number;
  undone: number;
  /** undone ÷ writes; null without a write. */
  undoRate: number | null;
};

/** The shadows of one candidate version: how often it agreed with the live runs, and what it cost more. */
export type ShadowSummary = {
  candidateVersion: number;
  compared: number;
  pending: number;
  sameOutcomeRate: number | null;
  sameEffectsRate: number | null;
  /** Mean of (shadow − live) cost over the pairs where both are priced. */
  meanCostDeltaUsd: number | null;
};

export type RolloutView = {
  agentId: string;
  agentName: string;
  stableVersion: number;
  rollout: Omit<AgentRollout, "candidate"> | null;
  served: ServedVersion[];
  shadows: ShadowSummary[];
  recentShadows: RolloutShadow[];
};

const RECENT_SHADOWS = 10;

/** The agent's rollout (under way or the last one), the runs each side served and the shadows' summary. */
export async function getRolloutView(db: Db, actor: Actor, agentId: string): Promise<RolloutView> {
  assertScope(actor, "agents:read");
  const agent = await getAgent(db, actor, agentId);
  const rollout = agent.rollout;
  const served = rollout ? await servedSince(db, actor.tenantId, agent.id, rollout) : [];
  const [shadows, recentShadows] = await Promise.all([
    shadowSummaries(db, actor.tenantId, agent.id),
    db
      .select()
      .from(rolloutShadows)
      .where(and(eq(rolloutShadows.tenantId, actor.tenantId), eq(rolloutShadows.agentId, agent.id)))
      .orderBy(desc(rolloutShadows.createdAt))
      .limit(RECENT_SHADOWS),
  ]);
  let shown: RolloutView["rollout"] = null;
  if (rollout) {
    const { candidate: _definition, ...rest } = rollout;
    shown = rest;
  }
  return {
    agentId: agent.id,
    agentName: agent.name,
    stableVersion: agent.version,
    rollout: shown,
    served,
    shadows,
    recentShadows,
  };
}

async function servedSince(db: Db, tenantId: string, agentId: string, rollout: AgentRollout) {
  const rows = await db.execute<Omit<ServedVersion, "failureRate" | "undoRate">>(sql`
    with served as (
      select r.id, r.agent_version, r.rollout_role, r.status, r.stop_reason
      from runs r
      where r.agent_id = ${agentId} and r.tenant_id = ${tenantId} and r.rollout_role is not null
        and r.created_at >= ${rollout.startedAt}::timestamptz
        and (${rollout.endedAt}::timestamptz is null or r.created_at <= ${rollout.endedAt}::timestamptz)
    ),
    writes as (
      select a.run_id, count(*)::int as executed, count(u.id)::int as undone
      from receipts a
      left join receipts u on u.undoes_receipt_id = a.id
      where a.tenant_id = ${tenantId} and a.run_id in (select id from served)
        and a.kind = 'action' and a.risk in ('write', 'irreversible')
      group by a.run_id
    )
    select r.agent_version as version, r.rollout_role as role, count(*)::int as runs,
      count(*) filter (where ${ENDED_RUN_SQL})::int as ended,
      count(*) filter (where ${ENDED_RUN_SQL} and ${FAILED_RUN_SQL})::int as failed,
      coalesce(sum(w.executed), 0)::int as writes, coalesce(sum(w.undone), 0)::int as undone
    from served r left join writes w on w.run_id = r.id
    group by r.agent_version, r.rollout_role
    order by r.rollout_role desc, r.agent_version`);
  return rows.map((r) => ({
    ...r,
    failureRate: r.ended > 0 ? r.failed / r.ended : null,
    undoRate: r.writes > 0 ? r.undone / r.writes : null,
  }));
}

async function shadowSummaries(db: Db, tenantId: string, agentId: string): Promise<ShadowSummary[]> {
  const rows = await db.execute<ShadowSummary>(sql`
    select candidate_version as "candidateVersion",
      count(*) filter (where compared_at is not null and error is null)::int as compared,
      count(*) filter (where compared_at is null)::int as pending,
      avg(same_outcome::int) filter (where compared_at is not null and error is null)::float8 as "sameOutcomeRate",
      avg(same_effects::int) filter (where compared_at is not null and error is null)::float8 as "sameEffectsRate",
      avg(cost_delta_usd)::float8 as "meanCostDeltaUsd"
    from rollout_shadows
    where tenant_id = ${tenantId} and agent_id = ${agentId}
    group by candidate_version
    order by candidate_version desc`);
  return [...rows];
}
