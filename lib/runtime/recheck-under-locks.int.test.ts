import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { demoRefunds } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { compilePolicy } from "@/lib/policy/compile";
import { DEFAULT_RESILIENCE } from "@/lib/resilience/settings";
import { DEFAULT_POLICY } from "@/lib/tools/default-policy";
import { issueRefund } from "@/lib/tools/demo/issue-refund";
import type { AnyTool } from "@/lib/tools/types";
import { recheckUnderLocks } from "./recheck-under-locks";
import { demoTenant } from "./testing/engine-harness";
import { executeTool } from "./tool-step";

const { db } = await createTestDatabase();
const APP = "http://127.0.0.1:65533";
const tool = issueRefund as AnyTool;
const policy = compilePolicy("test", 0, DEFAULT_POLICY);
if ("problems" in policy) throw new Error("the default policy does not compile");

/** A refund whose policy decision was made before the call (allowed) and is made again under the order's lock. */
const refund = (tenantId: string, idempotencyKey: string, args: Record<string, unknown>) =>
  executeTool({
    db,
    tool,
    call: { toolCallId: idempotencyKey, toolName: tool.name, input: args },
    args,
    tenantId,
    runId: "00000000-0000-4000-8000-000000000001",
    idempotencyKey,
    signal: new AbortController().signal,
    appBaseUrl: APP,
    resilience: DEFAULT_RESILIENCE,
    recheck: async (tx) =>
      recheckUnderLocks(tx, policy, {
        db,
        tenantId,
        agentName: "support-triage",
        tool,
        args,
        evidence: { goal: "Refund O-5001", results: [] },
        appBaseUrl: APP,
      }),
  });

describe("a write decided again under its locks", () => {
  it("lets only one of two concurrent refunds of one order through, as the one-refund-per-order policy says", async () => {
    const { tenantId } = await demoTenant(db);
    const args = { order_id: "O-5001", amount_usd: 10, reason: "Refund requested in T-1001" };
    // Both were allowed before either wrote: the default policy saw no refund on the order yet.
    const results = await Promise.all([refund(tenantId, "run-a:3", args), refund(tenantId, "run-b:3", args)]);
    expect(results.map((r) => r.payload.status).sort()).toEqual(["error", "ok"]);
    const refused = results.find((r) => r.payload.status === "error");
    expect(JSON.stringify(refused?.payload.result)).toContain("second-refund-same-order");
    expect(refused?.payload.receipt).toBeNull();
    const ledger = await db.select().from(demoRefunds).where(eq(demoRefunds.tenantId, tenantId));
    expect(ledger.map((r) => r.amountUsd)).toEqual([10]);

    // The call that did land, replayed under its own key (a retry, a resume), is not refused.
    const winner = results.find((r) => r.payload.status === "ok");
    const replay = await refund(tenantId, winner?.payload.idempotencyKey ?? "", args);
    expect(replay.payload.status).toBe("ok");
    expect(await db.select().from(demoRefunds).where(eq(demoRefunds.tenantId, tenantId))).toHaveLength(1);
  });
});
