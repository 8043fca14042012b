import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rolloutShadows } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { isAppError } from "@/lib/errors";
import { replayRun } from "@/lib/runs/replay-run";
import { compareRuns } from "@/lib/runs/run-comparison";

/** Shadows started (and comparisons made) per sweep: a sweep stays short, the next one goes on. */
const PER_SWEEP = 10;

/**
 * Live runs started longer ago are not shadowed: a sweep reads a bounded range of runs (a run lasts
 * a day at most, waits for people aside), and a shadow of a week-old run compares little.
 */
const SAMPLED_WITHIN = sql`interval '1 day'`;

/** Flightdeck starting (and reading) shadows on the tenant's behalf. */
export const shadowActor = (tenantId: string, tenantName: string): Actor => ({
  kind: "system",
  id: "rollout-shadow",
  label: "Rollout shadow",
  tenantId,
  tenantName,
  role: "admin",
});

type Picked = { liveRunId: string; tenantId: string; tenantName: string; candidateVersion: number };

/**
 * Starts the dry runs of the candidates that shadow finished live runs: of the runs of the current
 * version ended since the rollout began (and started within the last day), those whose id falls in
 * the sample (a hash of the id, so a run is in or out once and for all). The pair's row is claimed
 * first (one per live run, whoever sweeps), then the shadow is a replay as the candidate version,
 * with an idempotency key of its own, so a sweep that died in between starts it once. The replay is `recorded`: a dry run whose tool
 * calls that match the live run's get the live run's results, so the candidate faces the world the
 * live run saw (a `dry_run` replay would read it after the live run changed it: the refund already
 * made, and every shadow of a write differs), and executes nothing.
 */
export async function startShadows(db: Db): Promise<number> {
  const picked = await db.execute<Picked>(sql`
    with picked as (
      select r.id as live_run_id, r.tenant_id, r.agent_id, r.agent_version, a.rollout
      from agents a
      join runs r on r.agent_id = a.id and r.tenant_id = a.tenant_id
       and r.rollout_role = 'stable' and r.source = 'engine'
       and r.created_at >= greatest((a.rollout->>'startedAt')::timestamptz, now() - ${SAMPLED_WITHIN})
       and r.status::text in ('succeeded', 'unverified', 'failed', 'killed', 'stopped')
      where a.rollout->>'state' = 'active' and (a.rollout->>'shadowPercent')::int > 0
        and mod(abs(hashtext(r.id::text)::bigint), 100) < (a.rollout->>'shadowPercent')::int
        and not exists (select 1 from rollout_shadows s where s.live_run_id = r.id)
      order by r.created_at
      limit ${PER_SWEEP}
    ),
    claimed as (
      insert into rollout_shadows (live_run_id, tenant_id, agent_id, rollout_id, live_version, candidate_version)
      select live_run_id, tenant_id, agent_id, (rollout->>'id')::uuid, agent_version,
        (rollout->>'candidateVersion')::int
      from picked
      on conflict do nothing
      returning live_run_id, tenant_id, candidate_version
    )
    select c.live_run_id as "liveRunId", c.tenant_id as "tenantId", t.name as "tenantName",
      c.candidate_version as "candidateVersion"
    from claimed c join tenants t on t.id = c.tenant_id`);
  // A pair claimed by a sweep that died before its shadow started: started again (the replay's
  // idempotency key makes that the same shadow, whoever gets there).
  const orphaned = await db.execute<Picked>(sql`
    select s.live_run_id as "liveRunId", s.tenant_id as "tenantId", t.name as "tenantName",
      s.candidate_version as "candidateVersion"
    from rollout_shadows s join tenants t on t.id = s.tenant_id
    where s.shadow_run_id is null and s.error is null and s.created_at < now() - interval '1 minute'
    limit ${PER_SWEEP}`);
  for (const p of [...picked, ...orphaned]) await startShadow(db, p);
  return picked.length;
}

async function startShadow(db: Db, p: Picked): Promise<void> {
  const actor = shadowActor(p.tenantId, p.tenantName);
  try {
    const shadow = await replayRun(
      db,
      actor,
      p.liveRunId,
      { mode: "recorded", agentVersion: p.candidateVersion },
      { requestKey: `rollout-shadow:${p.liveRunId}` },
    );
    await db
      .update(rolloutShadows)
      .set({ shadowRunId: shadow.id })
      .where(eq(rolloutShadows.liveRunId, p.liveRunId));
  } catch (error) {
    // A refusal (a kill switch, the budget, the agent archived) is kept as the pair's error; anything
    // else too, so a pair never stays claimed and silent.
    const message = isAppError(error) ? error.message : "The shadow run could not be started.";
    if (!isAppError(error)) console.error(`Shadowing run ${p.liveRunId} failed`, error);
    await db
      .update(rolloutShadows)
      .set({ error: message, comparedAt: new Date() })
      .where(eq(rolloutShadows.liveRunId, p.liveRunId));
  }
}

/**
 * Compares each pair whose shadow has ended: same outcome (status), same effects (the same tool
 * calls with the same arguments, aligned as the run comparison aligns them), and the cost difference.
 */
export async function compareShadows(db: Db): Promise<number> {
  const ready = await db.execute<{ liveRunId: string; shadowRunId: string; tenantId: string }>(sql`
    select s.live_run_id as "liveRunId", s.shadow_run_id as "shadowRunId", s.tenant_id as "tenantId"
    from rollout_shadows s
    join runs r on r.id = s.shadow_run_id
    where s.compared_at is null
      and r.status::text in ('succeeded', 'unverified', 'failed', 'killed', 'stopped')
    limit ${PER_SWEEP}`);
  for (const pair of ready) {
    const comparison = await compareRuns(
      db,
      shadowActor(pair.tenantId, ""),
      pair.liveRunId,
      pair.shadowRunId,
    );
    const { a, b } = comparison;
    await db
      .update(rolloutShadows)
      .set({
        sameOutcome: a.status === b.status,
        sameEffects: comparison.rows.every((row) => row.kind === "same"),
        costDeltaUsd: a.costUsd === null || b.costUsd === null ? null : b.costUsd - a.costUsd,
        comparedAt: new Date(),
      })
      .where(and(eq(rolloutShadows.liveRunId, pair.liveRunId), isNull(rolloutShadows.comparedAt)));
  }
  return ready.length;
}
