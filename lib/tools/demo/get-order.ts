import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { demoCustomers } from "@/db/schema";
import type { ToolDefinition } from "@/lib/tools/types";
import { demoId } from "./ids";
import { fromCents } from "./money";
import { findOrder, refundedCents } from "./order-queries";
import { orderTarget } from "./policy/targets";

const input = z.object({ order_id: demoId("order", "O-5001") }).strict();

export type OrderOutput = {
  order_id: string;
  customer_id: string;
  customer_name: string | null;
  customer_email: string | null;
  total_usd: number;
  refunded_usd: number;
  status: string;
  items: { sku: string; name: string; quantity: number; price_usd: number }[];
};

export const getOrder: ToolDefinition<typeof input, OrderOutput> = {
  name: "get_order",
  policy: orderTarget,
  version: 1,
  description:
    "Reads an order: its customer (name and email), total, amount already refunded, status and items. The refundable amount left is total_usd - refunded_usd.",
  input,
  risk: () => "read",
  timeoutMs: 5_000,
  idempotent: true,
  async execute({ order_id }, ctx) {
    ctx.signal.throwIfAborted();
    const order = await findOrder(ctx.db, ctx.tenantId, order_id);
    const [customer] = await ctx.db
      .select()
      .from(demoCustomers)
      .where(and(eq(demoCustomers.tenantId, ctx.tenantId), eq(demoCustomers.id, order.customerId)));
    const refunded = await refundedCents(ctx.db, ctx.tenantId, order.id);
    return {
      output: {
        order_id: order.id,
        customer_id: order.customerId,
        customer_name: customer?.name ?? null,
        customer_email: customer?.email ?? null,
        total_usd: order.totalUsd,
        refunded_usd: fromCents(refunded),
        status: order.status,
        items: order.items.map((i) => ({
          sku: i.sku,
          name: i.name,
          quantity: i.quantity,
          price_usd: i.priceUsd,
        })),
      },
      receipt: { order_id: order.id, found: true },
    };
  },
};
