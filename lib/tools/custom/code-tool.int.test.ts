import { MockLanguageModelV4 } from "ai/test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { approvals, receipts, runs } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { createAgent } from "@/lib/agents/create-agent";
import { decideApproval } from "@/lib/approvals/decide-approval";
import { executeRun } from "@/lib/runtime/execute-run";
import { claimNextRun } from "@/lib/runtime/lease";
import {
  demoTenant,
  fixedModel,
  runToEnd,
  testEngine,
  toolCallTurn,
} from "@/lib/runtime/testing/engine-harness";
import { ledger } from "./testing/loyalty-tools";

// A team's code tools join the catalog through lib/tools/custom alone: here, tools from a test folder.
vi.mock("@/lib/tools/custom", async () => {
  const { addPoints, lookupPoints } = await import("./testing/loyalty-tools");
  return { customTools: [lookupPoints, addPoints] };
});

const { db } = await createTestDatabase();

const call = toolCallTurn;

describe("a code tool defined with defineTool()", () => {
  it("is offered to agents and governed like a built-in one: validated, decided by policy, approved, receipted once", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const admin = { ...operator, role: "admin" as const };
    await createAgent(db, admin, {
      name: "loyalty",
      model: "sim:default",
      instructions: "Grant loyalty points when asked.",
      tools: ["lookup_points", "add_points"],
      dryRun: false,
    });
    const engine = testEngine(db, {
      resolveModel: fixedModel(
        new MockLanguageModelV4({
          doGenerate: [
            call("c1", "lookup_points", { customer_id: "C-1" }),
            call("c2", "add_points", { customer_id: "C-1", points: "many" }),
            call("c3", "add_points", { customer_id: "C-1", points: 50 }),
            call("fin", "finish_run", {
              answer: "Granted 50 points to C-1.",
              claims: [{ tool_call_id: "c3", tool: "add_points", facts: { customer_id: "C-1", points: 50 } }],
            }),
          ],
        }),
      ),
    });
    const parked = await runToEnd(db, engine, operator, { agent: "loyalty", input: "Give C-1 50 points" });
    // The read ran at once (a tool without rules of its own: reads are allowed); the invalid call
    // never reached the tool; the write waits for a person under the default policy.
    expect(parked.status).toBe("waiting_approval");
    expect(ledger.points.get("C-1")).toBeUndefined();
    const [request] = await db.select().from(approvals).where(eq(approvals.runId, parked.id));
    expect(request).toMatchObject({ toolName: "add_points", status: "pending" });
    expect(request?.policyIds).toEqual(["other-tools-act-need-approval"]);

    await decideApproval(
      db,
      operator,
      request?.id ?? "",
      { decision: "approve", comment: "OK" },
      "http://127.0.0.1:9",
    );
    const claimed = await claimNextRun(db, engine.owner, 30);
    expect(claimed?.id).toBe(parked.id);
    if (claimed) await executeRun(engine, claimed, new AbortController().signal);
    const [done] = await db.select().from(runs).where(eq(runs.id, parked.id));
    expect(done, done?.error ?? "").toMatchObject({ status: "succeeded", stopReason: "completed" });
    expect(ledger.points.get("C-1")).toBe(50);
    const granted = await db
      .select()
      .from(receipts)
      .where(and(eq(receipts.tenantId, tenantId), eq(receipts.tool, "add_points")));
    expect(granted).toHaveLength(1);
    expect(granted[0]?.content.receipt).toMatchObject({ customer_id: "C-1", points_added: 50 });
  });
});
