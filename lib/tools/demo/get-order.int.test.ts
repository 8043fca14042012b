import { describe, expect, it } from "vitest";
import { demoOrders, demoRefunds } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { seededTenant, toolContext } from "@/lib/tools/testing/demo-context";
import { ToolInputError } from "@/lib/tools/types";
import { getOrder } from "./get-order";

const { db } = await createTestDatabase();
const tenant = await seededTenant(db);
const other = await seededTenant(db);
const ctx = toolContext(db, tenant.id);

describe("get_order", () => {
  it("returns the order with its customer, items and refunded amount", async () => {
    const { output, receipt } = await getOrder.execute(getOrder.input.parse({ order_id: "o-5004" }), ctx);
    expect(output).toEqual({
      order_id: "O-5004",
      customer_id: "C-1004",
      customer_name: "Tom Becker",
      customer_email: "tom.becker@example.com",
      total_usd: 189.9,
      refunded_usd: 0,
      status: "delivered",
      items: [
        { sku: "GRD-BURR-01", name: "Burr coffee grinder", quantity: 1, price_usd: 129.9 },
        { sku: "CRF-GLS-1L", name: "Glass carafe, 1 l", quantity: 2, price_usd: 30 },
      ],
    });
    expect(receipt).toEqual({ order_id: "O-5004", found: true });
  });

  it("nets refunds and reversals of this tenant only", async () => {
    await db.insert(demoRefunds).values([
      { tenantId: tenant.id, orderId: "O-5006", amountUsd: 19.5, reason: "cover", idempotencyKey: "a" },
      { tenantId: tenant.id, orderId: "O-5006", amountUsd: 0.1, reason: "x", idempotencyKey: "b" },
      { tenantId: tenant.id, orderId: "O-5006", amountUsd: 0.2, reason: "y", idempotencyKey: "c" },
      { tenantId: tenant.id, orderId: "O-5006", amountUsd: -0.1, reason: "undo x", idempotencyKey: "d" },
      { tenantId: other.id, orderId: "O-5006", amountUsd: 50, reason: "other tenant", idempotencyKey: "a" },
    ]);
    expect((await getOrder.execute({ order_id: "O-5006" }, ctx)).output.refunded_usd).toBe(19.7);
  });

  it("refuses unknown ids, and another tenant's orders", async () => {
    await expect(getOrder.execute({ order_id: "O-0000" }, ctx)).rejects.toThrow(ToolInputError);
    await db.insert(demoOrders).values({
      tenantId: other.id,
      id: "O-7777",
      customerId: "C-1001",
      totalUsd: 20,
      status: "delivered",
      items: [],
      placedAt: new Date(),
    });
    await expect(getOrder.execute({ order_id: "O-7777" }, ctx)).rejects.toThrow(/No order with id O-7777/);
    expect((await getOrder.execute({ order_id: "O-7777" }, toolContext(db, other.id))).output.total_usd).toBe(
      20,
    );
    expect(getOrder.input.safeParse({ order_id: 5004 }).success).toBe(false);
  });
});
