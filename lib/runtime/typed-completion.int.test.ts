import type { LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import { MockLanguageModelV4 } from "ai/test";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type ModelStepPayload, receipts, runSteps } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { undoReceipt } from "@/lib/receipts/undo";
import { demoTenant, fixedModel, runToEnd, testEngine } from "./testing/engine-harness";

const { db } = await createTestDatabase();

const usage = { inputTokens: { total: 100, noCache: 100 }, outputTokens: { total: 20, text: 20 } };
const calls = (
  ...list: (readonly [id: string, toolName: string, args: unknown])[]
): LanguageModelV4GenerateResult => ({
  content: list.map(([toolCallId, toolName, args]) => ({
    type: "tool-call" as const,
    toolCallId,
    toolName,
    input: JSON.stringify(args),
  })),
  finishReason: { unified: "tool-calls", raw: "tool_calls" },
  usage: usage as never,
  warnings: [],
});
const finish = (answer: unknown, claims?: unknown) => ["fin", "finish_run", { answer, claims }] as const;
const readTicket = calls(["c1", "get_ticket", { ticket_id: "T-1001" }]);
const refund = (amount: number) =>
  calls(["c2", "issue_refund", { order_id: "O-5001", amount_usd: amount, reason: "Mug arrived broken" }]);
const refundClaim = (facts: Record<string, unknown>) => ({ tool_call_id: "c2", tool: "issue_refund", facts });
const scripted = (...turns: LanguageModelV4GenerateResult[]) =>
  testEngine(db, { resolveModel: fixedModel(new MockLanguageModelV4({ doGenerate: turns })) });
const goal = { agent: "support-triage", input: "Resolve ticket T-1001" };

async function stepsOf(runId: string) {
  return db.select().from(runSteps).where(eq(runSteps.runId, runId)).orderBy(asc(runSteps.seq));
}

/** The call the run's last model step proposed: its completion, when it finished by one. */
async function lastProposal(runId: string) {
  const last = (await stepsOf(runId)).at(-1);
  if (last?.kind !== "model") throw new Error("the run did not end with a model step");
  return (last.payload as ModelStepPayload).toolCalls[0];
}

describe("the typed completion", () => {
  it("succeeds when every claim points at a receipt of this run that holds its facts", async () => {
    const { operator } = await demoTenant(db);
    const answer = "Refunded $18.50 on O-5001 for the broken mug.";
    const run = await runToEnd(
      db,
      scripted(
        readTicket,
        refund(18.5),
        calls(finish(answer, [refundClaim({ order_id: "O-5001", amount_usd: "18.50" })])),
      ),
      operator,
      goal,
    );
    expect(run).toMatchObject({ status: "succeeded", stopReason: "completed", output: answer, error: null });
    // The completion is the run's last step: proposed, never executed as a tool.
    expect((await stepsOf(run.id)).map((s) => s.kind)).toEqual(["model", "tool", "model", "tool", "model"]);
    expect((await lastProposal(run.id))?.toolName).toBe("finish_run");
  });

  it("ends unverified when a claim's facts differ from its receipt, or it points at no receipt", async () => {
    const { operator } = await demoTenant(db);
    const wrongAmount = await runToEnd(
      db,
      scripted(
        readTicket,
        refund(18.5),
        calls(finish("Refunded $120 on O-5001.", [refundClaim({ amount_usd: 120 })])),
      ),
      operator,
      goal,
    );
    expect(wrongAmount.status).toBe("unverified");
    expect(wrongAmount.error).toContain("issue_refund call c2: amount_usd is 18.5, not 120");

    // The default policy refuses a refund above the order's total: the call leaves no receipt.
    const denied = await runToEnd(
      db,
      scripted(
        readTicket,
        refund(5000),
        calls(finish("Resolved ticket T-1001: refunded 5000 USD.", [refundClaim({})])),
      ),
      operator,
      goal,
    );
    expect(denied.status).toBe("unverified");
    expect(denied.error).toContain("issue_refund call c2: no receipt of this run comes from that call");

    const otherTool = await runToEnd(
      db,
      scripted(readTicket, calls(finish("Done.", [{ tool_call_id: "c1", tool: "issue_refund" }]))),
      operator,
      goal,
    );
    expect(otherTool.error).toContain("issue_refund call c1: that call was get_ticket");
  });

  it("ends unverified when its text claims an effect it does not claim in type, though a receipt exists", async () => {
    const { operator } = await demoTenant(db);
    const run = await runToEnd(
      db,
      scripted(readTicket, refund(18.5), calls(finish("All sorted: refunded 18,50 € to the customer."))),
      operator,
      goal,
    );
    expect(run.status).toBe("unverified");
    expect(run.error).toContain("a refund (no issue_refund claim)");
  });

  it("ends unverified when the claimed effect was undone before the run finished", async () => {
    const { operator, tenantId } = await demoTenant(db);
    let turn = 0;
    const turns = [readTicket, refund(18.5)];
    const model = new MockLanguageModelV4({
      doGenerate: async () => {
        const next = turns[turn++];
        if (next) return next;
        const [made] = await db
          .select()
          .from(receipts)
          .where(and(eq(receipts.tenantId, tenantId), eq(receipts.tool, "issue_refund")));
        if (!made) throw new Error("no refund receipt");
        await undoReceipt(db, operator, made.id, { reason: "Customer sent the mug back" });
        return calls(finish("Refunded $18.50 on O-5001.", [refundClaim({ amount_usd: 18.5 })]));
      },
    });
    const run = await runToEnd(db, testEngine(db, { resolveModel: fixedModel(model) }), operator, goal);
    expect(run.status).toBe("unverified");
    expect(run.error).toContain("issue_refund call c2: its effect was undone");
  });

  it("runs the calls proposed beside it first, then ends with claims on them", async () => {
    const { operator } = await demoTenant(db);
    const run = await runToEnd(
      db,
      scripted(
        readTicket,
        calls(
          ["c2", "issue_refund", { order_id: "O-5001", amount_usd: 18.5, reason: "Mug arrived broken" }],
          finish("Refunded $18.50 on O-5001.", [refundClaim({ order_id: "O-5001" })]),
        ),
      ),
      operator,
      goal,
    );
    expect(run).toMatchObject({ status: "succeeded", output: "Refunded $18.50 on O-5001." });
    expect((await stepsOf(run.id)).map((s) => s.kind)).toEqual(["model", "tool", "model", "tool"]);
  });

  it("ends unverified with what is wrong when the completion itself is malformed", async () => {
    const { operator } = await demoTenant(db);
    const run = await runToEnd(db, scripted(readTicket, calls(finish(""))), operator, goal);
    expect(run.status).toBe("unverified");
    expect(run.error).toMatch(/^The completion is malformed: answer: /);
  });

  it("is how the demo model finishes: its claims prove the refund, the email and the ticket update", async () => {
    const { operator } = await demoTenant(db, { keepRequiredEvidence: true });
    const run = await runToEnd(db, testEngine(db), operator, goal);
    expect(run).toMatchObject({ status: "succeeded", stopReason: "completed" });
    const input = (await lastProposal(run.id))?.input as { claims: { tool: string }[] };
    expect(input.claims.map((c) => c.tool).sort()).toEqual(["issue_refund", "send_email", "update_ticket"]);

    const boast = await runToEnd(db, testEngine(db), operator, { ...goal, model: "sim:boastful" });
    expect(boast.status).toBe("unverified");
    expect(boast.error).toContain("no receipt of this run comes from that call");
  });
});
