import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { announceApprovals } from "@/lib/engine-events/approvals-channel";
import { notifyRunQueued } from "@/lib/engine-events/run-channels";
import { ENGAGED_HOLD_OVER_RUN_SQL } from "@/lib/kill/coverage";

/**
 * Requests nobody decided in time expire, and their runs are queued again so a worker ends them
 * with `approval_expired` (an unanswered question: `escalated`) (and records why in the trace); a
 * gate run's agent learns it when it asks (a gate run a pause or freeze holds stays `paused`). Cheap
 * when there is nothing to do: a partial index holds only pending requests. `only`: that request
 * alone (one decided too late).
 */
export async function expireApprovals(db: Db, now = new Date(), only?: string): Promise<number> {
  const rows = await db.execute<{ run_id: string; tenant_id: string }>(sql`
    with expired as (
      update approvals set status = 'expired', decided_at = ${now.toISOString()}::timestamptz
      where status = 'pending' and expires_at <= ${now.toISOString()}::timestamptz
        ${only ? sql`and id = ${only}::uuid` : sql``}
      returning id, run_id, tenant_id
    )
    update runs set status = (case when runs.source <> 'gate' then 'queued'
        when ${sql.raw(ENGAGED_HOLD_OVER_RUN_SQL)} then 'paused' else 'running' end)::run_status,
      approval = coalesce(runs.approval, '{}'::jsonb) || jsonb_build_object('status', 'expired')
    from expired e
    where runs.id = e.run_id and runs.status in ('waiting_approval', 'waiting_input')
    returning runs.id as run_id, runs.tenant_id`);
  for (const tenant of new Set(rows.map((r) => r.tenant_id))) await announceApprovals(db.$client, tenant);
  for (const row of rows) await notifyRunQueued(db, row.run_id).catch(() => {});
  return rows.length;
}
