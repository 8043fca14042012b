import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

/** An order's total, what it has been refunded so far (undone refunds do not count), and the tenant's refunds in the last hour: one query. */
export async function refundFacts(db: DbOrTx, tenantId: string, orderId: string, now: Date) {
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const [row] = await db.execute<{
    total: string | null;
    refunded: string;
    count: number;
    last_hour: string;
  }>(sql`
    select
      (select total_usd from demo_orders where tenant_id = ${tenantId} and id = ${orderId}) as total,
      coalesce((select sum(amount_usd) from demo_refunds where tenant_id = ${tenantId} and order_id = ${orderId}), 0) as refunded,
      (select count(*)::int from demo_refunds r where r.tenant_id = ${tenantId} and r.order_id = ${orderId} and r.amount_usd > 0
         and not exists (select 1 from demo_refunds x where x.tenant_id = r.tenant_id and x.reverses_id = r.id)) as count,
      coalesce((select sum(amount_usd) from demo_refunds where tenant_id = ${tenantId} and created_at > ${hourAgo.toISOString()}::timestamptz), 0) as last_hour`);
  return {
    order_exists: row?.total != null,
    order_total_cents: Math.round(Number(row?.total ?? 0) * 100),
    order_refunded_cents: Math.round(Number(row?.refunded ?? 0) * 100),
    order_refund_count: row?.count ?? 0,
    refunded_last_hour_cents: Math.round(Number(row?.last_hour ?? 0) * 100),
  };
}
