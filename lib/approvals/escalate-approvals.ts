import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { announceApprovals } from "@/lib/engine-events/approvals-channel";

/**
 * Requests still undecided after their tenant's escalation delay are marked escalated, once; the
 * mark queues `approval.escalated` for the receivers of the second group (a trigger), and the inbox
 * shows it. Cheap when there is nothing to do: a partial index holds only pending requests.
 */
export async function escalateApprovals(db: Db, now = new Date()): Promise<number> {
  const rows = await db.execute<{ tenant_id: string }>(sql`
    update approvals a set escalated_at = ${now.toISOString()}::timestamptz
    from tenants t
    where t.id = a.tenant_id and t.approval_escalation_minutes is not null
      and a.status = 'pending' and a.escalated_at is null
      and a.created_at <= ${now.toISOString()}::timestamptz - make_interval(mins => t.approval_escalation_minutes)
    returning a.tenant_id`);
  for (const tenant of new Set(rows.map((r) => r.tenant_id))) await announceApprovals(db.$client, tenant);
  return rows.length;
}
