import { and, eq, gt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { demoRefunds } from "@/db/schema";

/** At most this much is refunded per tenant in any hour: the demo policy's cap, also kept where the money moves. */
export const HOURLY_REFUND_CAP_CENTS = 50_000;

/**
 * Serialises the tenant's refunds for the rest of the transaction, then sums the last hour, so two
 * concurrent refunds cannot both fit under the cap by each counting without the other.
 */
export async function refundedLastHourCents(tx: DbOrTx, tenantId: string): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`demo-refunds:${tenantId}`}, 0))`);
  const [row] = await tx
    .select({ cents: sql<string>`coalesce(sum(${demoRefunds.amountUsd}), 0) * 100` })
    .from(demoRefunds)
    .where(
      and(
        eq(demoRefunds.tenantId, tenantId),
        gt(demoRefunds.createdAt, sql`clock_timestamp() - interval '1 hour'`),
      ),
    );
  return Math.round(Number(row?.cents ?? 0));
}
