import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/** How the sweep appears in the audit log and on the agent's page. */
export const ROLLOUT_GUARD = "Rollout guard";

/** Ends that count against a version: it broke, claimed what no receipt proves, or handed the case to a person. */
export const FAILED_RUN_SQL = sql`(r.status::text in ('failed', 'unverified') or r.stop_reason::text = 'escalated')`;
export const ENDED_RUN_SQL = sql`r.status::text in ('succeeded', 'unverified', 'failed', 'killed', 'stopped')`;

export type RolledBack = { tenantId: string; agentId: string; agentName: string; reason: string };

/**
 * Compares every rollout's candidate with the stable version over the rollout's window (runs
 * started since the later of the rollout's start and the window's start, ended by now): where both
 * sides ended at least `minRuns` runs and the candidate's failure rate exceeds the stable one by more
 * than the margin, the rollout is rolled back (no run gets the candidate any more), with the reason,
 * an audit entry by the system and `rollout.rolled_back` for the tenant's webhooks (a trigger).
 * ONE statement; the update is conditional on the rollout still being the active one, so workers
 * sweeping at once roll it back once.
 */
export async function rollbackFailingCandidates(db: Db, now = new Date()): Promise<RolledBack[]> {
  const at = sql`${now.toISOString()}::timestamptz`;
  return db.execute<RolledBack>(sql`
    with active as (
      select a.id, a.tenant_id, a.name, a.version, a.rollout,
        greatest((a.rollout->>'startedAt')::timestamptz,
                 ${at} - make_interval(mins => (a.rollout->>'windowMinutes')::int)) as since
      from agents a
      where a.rollout->>'state' = 'active'
    ),
    measured as (
      select a.id as agent_id,
        count(*) filter (where r.rollout_role = 'candidate' and ${ENDED_RUN_SQL})::int as candidate_runs,
        count(*) filter (where r.rollout_role = 'candidate' and ${ENDED_RUN_SQL} and ${FAILED_RUN_SQL})::int as candidate_failed,
        count(*) filter (where r.rollout_role = 'stable' and ${ENDED_RUN_SQL})::int as stable_runs,
        count(*) filter (where r.rollout_role = 'stable' and ${ENDED_RUN_SQL} and ${FAILED_RUN_SQL})::int as stable_failed
      from active a
      join runs r on r.agent_id = a.id and r.tenant_id = a.tenant_id
       and r.rollout_role is not null and r.created_at >= a.since and r.created_at <= ${at}
      group by a.id
    ),
    breached as (
      select a.id, a.rollout->>'id' as rollout_id,
        format('Version %s failed %s of %s runs (%s %%) against %s of %s (%s %%) for the stable version in the last %s minutes: more than %s points worse.',
          a.rollout->>'candidateVersion',
          m.candidate_failed, m.candidate_runs, round(100.0 * m.candidate_failed / m.candidate_runs, 1),
          m.stable_failed, m.stable_runs, round(100.0 * m.stable_failed / m.stable_runs, 1),
          a.rollout->>'windowMinutes', a.rollout->>'marginPct') as reason
      from active a join measured m on m.agent_id = a.id
      where m.candidate_runs >= (a.rollout->>'minRuns')::int
        and m.stable_runs >= (a.rollout->>'minRuns')::int
        and m.candidate_failed::numeric / m.candidate_runs - m.stable_failed::numeric / m.stable_runs
            > (a.rollout->>'marginPct')::numeric / 100
    ),
    rolled as (
      update agents g
         set rollout = g.rollout || jsonb_build_object(
               'state', 'rolled_back', 'percent', 0, 'reason', b.reason,
               'endedAt', to_jsonb(${at}), 'endedBy', ${ROLLOUT_GUARD}::text),
             updated_at = ${at}
        from breached b
       where g.id = b.id and g.rollout->>'state' = 'active' and g.rollout->>'id' = b.rollout_id
      returning g.id, g.tenant_id, g.name, g.rollout
    ),
    audited as (
      insert into audit_log (tenant_id, actor_type, actor_label, action, target_type, target_id, details)
      select tenant_id, 'system', ${ROLLOUT_GUARD}, 'agent.rollout_rolled_back', 'agent', id::text,
        jsonb_build_object('agent', name, 'rollout_id', rollout->>'id',
          'candidate_version', (rollout->>'candidateVersion')::int, 'reason', rollout->>'reason')
      from rolled
    )
    select tenant_id as "tenantId", id as "agentId", name as "agentName", rollout->>'reason' as reason
    from rolled`);
}
