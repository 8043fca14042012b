import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvals } from "@/db/schema";
import { announceApprovals } from "@/lib/engine-events/approvals-channel";

/** A request whose run was stopped can no longer be decided. */
export async function cancelApproval(db: Db, approvalId: string, reason: string): Promise<void> {
  const [row] = await db
    .update(approvals)
    .set({ status: "cancelled", decidedAt: new Date(), comment: reason })
    .where(and(eq(approvals.id, approvalId), eq(approvals.status, "pending")))
    .returning({ tenantId: approvals.tenantId });
  if (row) await announceApprovals(db.$client, row.tenantId);
}
