import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { demoRefunds, receipts, runSteps } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { demoTenant, runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";
import { checkInvariants, invariantsHold } from "./invariants";

const { db } = await createTestDatabase();

describe("the chaos drill's invariants", () => {
  it("hold for runs that ran cleanly, and each one catches the harm it names", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const run = await runToEnd(db, testEngine(db), operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1001",
    });
    expect(run.status).toBe("succeeded");
    const clean = await checkInvariants(db, tenantId);
    expect(clean).toMatchObject({
      effectsWithoutReceipt: 0,
      receiptsWithoutEffect: 0,
      receiptChainValid: true,
    });
    expect(invariantsHold(clean)).toBe(true);

    // The same refund again under another call of the same run: a doubled effect, without a receipt.
    const [refund] = await db.select().from(demoRefunds).where(eq(demoRefunds.tenantId, tenantId));
    if (!refund) throw new Error("no refund");
    await db.insert(demoRefunds).values({
      tenantId,
      orderId: refund.orderId,
      amountUsd: refund.amountUsd,
      reason: "again",
      idempotencyKey: `${run.id}:9:again`,
    });
    // An email's receipt whose effect is gone, and a step missing from the middle of the run.
    await db.execute(sql`delete from demo_outbox where tenant_id = ${tenantId}`);
    await db.delete(runSteps).where(and(eq(runSteps.runId, run.id), eq(runSteps.seq, 2)));
    const harmed = await checkInvariants(db, tenantId);
    expect(harmed).toMatchObject({
      doubledEffects: 1,
      effectsWithoutReceipt: 1,
      receiptsWithoutEffect: 1,
      stepGaps: 1,
    });
    expect(invariantsHold(harmed)).toBe(false);

    await db
      .update(receipts)
      .set({ contentHash: "0".repeat(64) })
      .where(eq(receipts.runId, run.id));
    expect((await checkInvariants(db, tenantId)).receiptChainValid).toBe(false);
  });
});
