import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { demoOrders, demoRefunds } from "@/db/schema";
import { ToolInputError } from "@/lib/tools/types";

/** The tenant's order, or a ToolInputError the model can read. `lock` holds it until the transaction ends. */
export async function findOrder(db: DbOrTx, tenantId: string, orderId: string, lock = false) {
  const query = db
    .select()
    .from(demoOrders)
    .where(and(eq(demoOrders.tenantId, tenantId), eq(demoOrders.id, orderId)));
  const [order] = lock ? await query.for("update") : await query;
  if (!order) throw new ToolInputError(`No order with id ${orderId} exists. Order ids look like "O-5001".`);
  return order;
}

/** Net amount refunded on the order, in cents: reversal entries are negative. */
export async function refundedCents(db: DbOrTx, tenantId: string, orderId: string): Promise<number> {
  const [row] = await db
    .select({ cents: sql<string>`coalesce(sum(${demoRefunds.amountUsd}), 0) * 100` })
    .from(demoRefunds)
    .where(and(eq(demoRefunds.tenantId, tenantId), eq(demoRefunds.orderId, orderId)));
  return Math.round(Number(row?.cents ?? 0));
}
