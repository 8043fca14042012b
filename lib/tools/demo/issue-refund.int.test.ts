import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { demoRefunds } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { seededTenant, toolContext } from "@/lib/tools/testing/demo-context";
import { ToolInputError } from "@/lib/tools/types";
import { issueRefund } from "./issue-refund";

const { db } = await createTestDatabase();
const tenant = await seededTenant(db);
const other = await seededTenant(db);

const ledger = (tenantId: string, orderId: string) =>
  db
    .select()
    .from(demoRefunds)
    .where(and(eq(demoRefunds.tenantId, tenantId), eq(demoRefunds.orderId, orderId)));

describe("issue_refund", () => {
  it("writes a ledger row and a receipt that matches it", async () => {
    const ctx = toolContext(db, tenant.id);
    const args = issueRefund.input.parse({
      order_id: "O-5004",
      amount_usd: 120,
      reason: "Refund requested in T-1004",
    });
    const { output, receipt } = await issueRefund.execute(args, ctx);
    const [row] = await ledger(tenant.id, "O-5004");
    expect(row).toMatchObject({
      orderId: "O-5004",
      amountUsd: 120,
      reason: "Refund requested in T-1004",
      idempotencyKey: ctx.idempotencyKey,
    });
    expect(output).toEqual({
      refund_id: row?.id,
      order_id: "O-5004",
      amount_usd: 120,
      refunded_total_usd: 120,
    });
    expect(receipt).toEqual({
      ledger_id: row?.id,
      order_id: "O-5004",
      amount_usd: 120,
      idempotency_key: ctx.idempotencyKey,
    });
    expect(issueRefund.risk(args)).toBe("write");
  });

  it("is idempotent by key: a retry returns the same row and refunds once", async () => {
    const ctx = toolContext(db, tenant.id);
    const args = { order_id: "O-5001", amount_usd: 18.5, reason: "Refund requested in T-1001" };
    const first = await issueRefund.execute(args, ctx);
    const again = await issueRefund.execute(args, ctx);
    const concurrent = await Promise.all([issueRefund.execute(args, ctx), issueRefund.execute(args, ctx)]);
    expect(again).toEqual(first);
    for (const c of concurrent) expect(c).toEqual(first);
    expect(await ledger(tenant.id, "O-5001")).toHaveLength(1);
  });

  it("refuses more than the remaining refundable amount, counting earlier refunds", async () => {
    const reason = "Refund requested in T-1005";
    await issueRefund.execute({ order_id: "O-5005", amount_usd: 42, reason }, toolContext(db, tenant.id));
    const over = issueRefund.execute(
      { order_id: "O-5005", amount_usd: 8.51, reason },
      toolContext(db, tenant.id),
    );
    await expect(over).rejects.toThrow(ToolInputError);
    await expect(over).rejects.toThrow(
      "exceeds what is left to refund on O-5005: $8.50 (total $50.50, already refunded $42.00)",
    );
    const rest = await issueRefund.execute(
      { order_id: "O-5005", amount_usd: 8.5, reason },
      toolContext(db, tenant.id),
    );
    expect(rest.output.refunded_total_usd).toBe(50.5);
    await expect(
      issueRefund.execute({ order_id: "O-5019", amount_usd: 349.01, reason }, toolContext(db, tenant.id)),
    ).rejects.toThrow(ToolInputError);
  });

  it("lets only one of two concurrent refunds take the last of an order", async () => {
    const args = { order_id: "O-5017", amount_usd: 30, reason: "concurrent" };
    const results = await Promise.allSettled([
      issueRefund.execute(args, toolContext(db, tenant.id)),
      issueRefund.execute(args, toolContext(db, tenant.id)),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await ledger(tenant.id, "O-5017")).toHaveLength(1);
  });

  it("keeps concurrent refunds of one tenant under the hourly cap, whatever policy saw", async () => {
    const capped = await seededTenant(db);
    // 490 USD already refunded this hour: room for one more 10 USD refund, not ten.
    await db.insert(demoRefunds).values([
      { tenantId: capped.id, orderId: "O-5019", amountUsd: 300, reason: "earlier", idempotencyKey: "a" },
      { tenantId: capped.id, orderId: "O-5004", amountUsd: 100, reason: "earlier", idempotencyKey: "b" },
      { tenantId: capped.id, orderId: "O-5010", amountUsd: 90, reason: "earlier", idempotencyKey: "c" },
    ]);
    const orders = ["O-5019", "O-5004", "O-5019", "O-5004", "O-5019", "O-5004", "O-5019", "O-5004"];
    const results = await Promise.allSettled(
      orders.map((order_id, i) =>
        issueRefund.execute(
          { order_id, amount_usd: 10, reason: `concurrent ${i}` },
          toolContext(db, capped.id),
        ),
      ),
    );
    const rows = await db.select().from(demoRefunds).where(eq(demoRefunds.tenantId, capped.id));
    expect(rows.reduce((sum, r) => sum + r.amountUsd, 0)).toBeLessThanOrEqual(500);
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused).toHaveLength(orders.length - 1);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ToolInputError);
    expect(String((refused[0] as PromiseRejectedResult).reason.message)).toMatch(
      /above the cap of \$500\.00/,
    );
  });

  it("refuses unknown orders, another tenant's orders and invalid amounts", async () => {
    const reason = "Refund requested";
    await expect(
      issueRefund.execute({ order_id: "O-0000", amount_usd: 1, reason }, toolContext(db, tenant.id)),
    ).rejects.toThrow(/No order with id O-0000/);
    await db
      .insert(demoRefunds)
      .values({ tenantId: other.id, orderId: "O-5010", amountUsd: 84, reason, idempotencyKey: "k" });
    const mine = await issueRefund.execute(
      { order_id: "O-5010", amount_usd: 7.5, reason },
      toolContext(db, tenant.id),
    );
    expect(mine.output.refunded_total_usd).toBe(7.5);
    for (const amount_usd of [0, -5, 1.005, "10"]) {
      expect(issueRefund.input.safeParse({ order_id: "O-5010", amount_usd, reason }).success).toBe(false);
    }
    expect(
      issueRefund.input.safeParse({ order_id: "O-5010", amount_usd: 1, reason, to_order: "O-5019" }).success,
    ).toBe(false);
  });

  it("does nothing once the run is aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("run killed"));
    const ctx = toolContext(db, tenant.id, { signal: controller.signal });
    await expect(
      issueRefund.execute({ order_id: "O-5008", amount_usd: 5, reason: "aborted" }, ctx),
    ).rejects.toThrow("run killed");
    expect(await ledger(tenant.id, "O-5008")).toHaveLength(0);
  });
});
