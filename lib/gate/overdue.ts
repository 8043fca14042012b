import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { announceApprovals } from "@/lib/engine-events/approvals-channel";

/**
 * Gate runs whose agent went quiet past the run's time limit end `budget_time` (their pending
 * requests are cancelled): an agent that crashed elsewhere never leaves a run open for good. Calls
 * check the limit themselves; this is for runs nobody asks about any more.
 */
export async function endOverdueGateRuns(db: Db): Promise<number> {
  const ended = await db.execute<{ id: string; tenant_id: string }>(sql`
    with overdue as (
      update runs r set status = 'stopped', stop_reason = 'budget_time', ended_at = now(),
        error = 'Time budget: the run''s ' || (s.snapshot->>'maxSeconds') || ' s passed with no word from its agent.'
      from agent_snapshots s
      where r.source = 'gate' and r.status in ('running', 'waiting_approval')
        and s.tenant_id = r.tenant_id and s.hash = r.agent_snapshot_hash
        and coalesce(r.started_at, r.created_at)
          + make_interval(secs => (s.snapshot->>'maxSeconds')::double precision)
          + make_interval(secs => r.approval_wait_ms / 1000.0) < now()
      returning r.id, r.tenant_id, r.trace_id
    ), cancelled as (
      update approvals set status = 'cancelled', decided_at = now(),
        comment = 'The run passed its time limit.'
      where status = 'pending' and run_id in (select id from overdue)
    ), run_spans as (
      update spans set end_time = now(), status = 'error'
      where span_id in (select left(trace_id, 16) from overdue) and end_time is null
    )
    select id, tenant_id from overdue`);
  for (const tenant of new Set(ended.map((row) => row.tenant_id)))
    await announceApprovals(db.$client, tenant);
  return ended.length;
}
