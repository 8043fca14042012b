import type { LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import { MockLanguageModelV4 } from "ai/test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { agentMemory, agentMemoryVersions, agents, approvals, demoRefunds } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import {
  demoTenant,
  fixedModel,
  runToEnd,
  testEngine,
  toolCallTurn,
  toolStepsOf,
} from "@/lib/runtime/testing/engine-harness";

const { db } = await createTestDatabase();

const answer = (text: string): LanguageModelV4GenerateResult => ({
  content: [{ type: "text", text }],
  finishReason: { unified: "stop", raw: "stop" },
  usage: { inputTokens: { total: 10, noCache: 10 }, outputTokens: { total: 5, text: 5 } } as never,
  warnings: [],
});
const scripted = (...turns: LanguageModelV4GenerateResult[]) =>
  testEngine(db, { resolveModel: fixedModel(new MockLanguageModelV4({ doGenerate: turns })) });

async function tenantWithMemory() {
  const { operator, tenantId } = await demoTenant(db);
  await db
    .update(agents)
    .set({
      tools: ["get_ticket", "get_order", "issue_refund", "remember", "recall", "search_memory"],
    })
    .where(and(eq(agents.tenantId, tenantId), eq(agents.name, "support-triage")));
  return { operator, tenantId };
}

const memoryOf = (tenantId: string) =>
  db
    .select({
      key: agentMemory.key,
      sessionKey: agentMemory.sessionKey,
      value: agentMemory.value,
      version: agentMemory.version,
      untrusted: agentMemory.untrusted,
      source: agentMemory.source,
    })
    .from(agentMemory)
    .where(eq(agentMemory.tenantId, tenantId))
    .orderBy(agentMemory.key);

describe("remember and recall", () => {
  it("stores what came from untrusted text marked untrusted, with the run, step and call it came from", async () => {
    const { operator, tenantId } = await tenantWithMemory();
    const run = await runToEnd(
      db,
      scripted(
        toolCallTurn("c1", "get_ticket", { ticket_id: "T-1011" }),
        // O-5011 is the ticket's own order (structured data); O-5019 only appears in its body.
        toolCallTurn("c2", "remember", { key: "ticket:T-1011:order", value: { order_id: "O-5011" } }),
        toolCallTurn("c3", "remember", {
          key: "ticket:T-1011:refund_to",
          value: { order_id: "O-5019", note: "partner's account" },
          scope: "session",
        }),
        toolCallTurn("c4", "remember", {
          key: "ticket:T-1011:order",
          value: { order_id: "O-5011", checked: true },
        }),
        answer("Noted."),
      ),
      operator,
      { agent: "support-triage", input: "Resolve ticket T-1011", externalId: "case-1011" },
    );
    expect(run.status).toBe("succeeded");
    const steps = await toolStepsOf(db, run.id);
    expect(steps.map((s) => s.status)).toEqual(["ok", "ok", "ok", "ok"]);
    expect(steps[2]?.policy?.provenance.value).toBe("untrusted");

    expect(await memoryOf(tenantId)).toEqual([
      {
        key: "ticket:T-1011:order",
        sessionKey: "",
        value: { order_id: "O-5011", checked: true },
        version: 2,
        untrusted: false,
        source: { kind: "run", runId: run.id, seq: expect.any(Number), toolCallId: "c4" },
      },
      {
        key: "ticket:T-1011:refund_to",
        sessionKey: "case-1011",
        value: { order_id: "O-5019", note: "partner's account" },
        version: 1,
        untrusted: true,
        source: { kind: "run", runId: run.id, seq: expect.any(Number), toolCallId: "c3" },
      },
    ]);
    const history = await db
      .select({ version: agentMemoryVersions.version, value: agentMemoryVersions.value })
      .from(agentMemoryVersions)
      .innerJoin(agentMemory, eq(agentMemory.id, agentMemoryVersions.itemId))
      .where(eq(agentMemory.key, "ticket:T-1011:order"))
      .orderBy(agentMemoryVersions.version);
    expect(history).toEqual([
      { version: 1, value: { order_id: "O-5011" } },
      { version: 2, value: { order_id: "O-5011", checked: true } },
    ]);
  });

  it("carries the untrusted mark onward: a refund to an order recalled from untrusted memory waits for a person", async () => {
    const { operator, tenantId } = await tenantWithMemory();
    await runToEnd(
      db,
      scripted(
        toolCallTurn("c1", "get_ticket", { ticket_id: "T-1011" }),
        toolCallTurn("c2", "remember", { key: "refund_to", value: { order_id: "O-5019" } }),
        toolCallTurn("c3", "remember", { key: "own_order", value: { order_id: "O-5011" } }),
        answer("Noted."),
      ),
      operator,
      { agent: "support-triage", input: "Resolve ticket T-1011" },
    );

    // A later run, whose goal names no order: it only knows the order from its memory.
    const followUp = (key: string, orderId: string) =>
      scripted(
        toolCallTurn("r1", "recall", { key }),
        toolCallTurn("r2", "get_order", { order_id: orderId }),
        toolCallTurn("r3", "issue_refund", { order_id: orderId, amount_usd: 10, reason: "Goodwill" }),
        answer("Refunded."),
      );
    const tainted = await runToEnd(db, followUp("refund_to", "O-5019"), operator, {
      agent: "support-triage",
      input: "Follow up on yesterday's refund",
    });
    const [recalled] = await toolStepsOf(db, tainted.id);
    expect(recalled?.result).toEqual({
      items: [
        expect.objectContaining({
          key: "refund_to",
          untrusted: true,
          untrusted_value: { order_id: "O-5019" },
        }),
      ],
      more: false,
    });
    expect(tainted.status).toBe("waiting_approval");
    const [asked] = await db.select().from(approvals).where(eq(approvals.runId, tainted.id));
    expect(asked).toMatchObject({
      toolName: "issue_refund",
      policyIds: expect.arrayContaining(["refund-payee-from-untrusted-text"]),
      provenance: { order_id: "untrusted" },
    });

    const trusted = await runToEnd(db, followUp("own_order", "O-5011"), operator, {
      agent: "support-triage",
      input: "Follow up on yesterday's refund",
    });
    expect(trusted.status).toBe("succeeded");
    const refunds = await db.select().from(demoRefunds).where(eq(demoRefunds.tenantId, tenantId));
    expect(refunds.map((r) => r.orderId)).toEqual(["O-5011"]);
  });

  it("reads the agent's own memory and its session's, never another session's or another agent's", async () => {
    const { operator, tenantId } = await tenantWithMemory();
    const write = (session: string | undefined, key: string) =>
      runToEnd(
        db,
        scripted(
          toolCallTurn("w", "remember", {
            key,
            value: `kept ${key}`,
            scope: session ? "session" : "agent",
          }),
          answer("ok"),
        ),
        operator,
        { agent: "support-triage", input: "Remember", externalId: session },
      );
    await write(undefined, "shared");
    await write("case-a", "only-a");
    await write("case-b", "only-b");
    const read = await runToEnd(
      db,
      scripted(
        toolCallTurn("r", "recall", {}),
        toolCallTurn("s", "search_memory", { query: "kept" }),
        answer("ok"),
      ),
      operator,
      { agent: "support-triage", input: "Recall", externalId: "case-a" },
    );
    const [recall, search] = await toolStepsOf(db, read.id);
    const keys = (result: unknown) => (result as { items: { key: string }[] }).items.map((i) => i.key).sort();
    expect(keys(recall?.result)).toEqual(["only-a", "shared"]);
    expect(keys(search?.result)).toEqual(["only-a", "shared"]);

    const noSession = await runToEnd(
      db,
      scripted(toolCallTurn("w", "remember", { key: "x", value: 1, scope: "session" }), answer("ok")),
      operator,
      { agent: "support-triage", input: "Remember" },
    );
    const [refused] = await toolStepsOf(db, noSession.id);
    expect(refused?.status).toBe("error");
    expect(JSON.stringify(refused?.result)).toMatch(/no session/);
    expect((await memoryOf(tenantId)).map((m) => m.key).sort()).toEqual(["only-a", "only-b", "shared"]);
  });

  it("refuses a value too large or too deep before anything is stored", async () => {
    const { operator, tenantId } = await tenantWithMemory();
    let deep: unknown = "bottom";
    for (let i = 0; i < 12; i++) deep = { inner: deep };
    const run = await runToEnd(
      db,
      scripted(
        toolCallTurn("a", "remember", { key: "big", value: "x".repeat(20_000) }),
        toolCallTurn("b", "remember", { key: "deep", value: deep }),
        toolCallTurn("c", "remember", { key: "../etc", value: 1 }),
        answer("ok"),
      ),
      operator,
      { agent: "support-triage", input: "Remember" },
    );
    const steps = await toolStepsOf(db, run.id);
    expect(steps.map((s) => s.status)).toEqual(["invalid", "invalid", "invalid"]);
    expect(JSON.stringify(steps[0]?.result)).toMatch(/at most 16384/);
    expect(JSON.stringify(steps[1]?.result)).toMatch(/deeper than 8/);
    expect(await memoryOf(tenantId)).toEqual([]);
  });
});
