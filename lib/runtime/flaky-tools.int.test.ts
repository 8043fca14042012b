import type { LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import { MockLanguageModelV4 } from "ai/test";
import { and, asc, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { demoHealth, demoOutbox, demoTickets, policies, runSteps, type ToolStepPayload } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { DEFAULT_RESILIENCE } from "@/lib/resilience/settings";
import { demoFlakyMode } from "@/lib/tools/demo/flaky";
import { demoTenant, fixedModel, runToEnd, testEngine } from "./testing/engine-harness";

const { db } = await createTestDatabase();

// Short backoffs, and breakers that stay closed: each test uses its own tools anyway.
const resilience = { ...DEFAULT_RESILIENCE, baseDelayMs: 1, maxDelayMs: 2, breakerFailures: 100 };

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 5, text: 5, reasoning: 0 },
};
const toolCall = (toolName: string, args: unknown): LanguageModelV4GenerateResult => ({
  content: [{ type: "tool-call", toolCallId: "c1", toolName, input: JSON.stringify(args) }],
  finishReason: { unified: "tool-calls", raw: "tool_calls" },
  usage,
  warnings: [],
});
const answer: LanguageModelV4GenerateResult = {
  content: [{ type: "text", text: "Done." }],
  finishReason: { unified: "stop", raw: "stop" },
  usage,
  warnings: [],
};

/** A demo tenant whose shop is in flaky mode, and one run of support-triage making the given call. */
async function flakyRun(percent: number, call: LanguageModelV4GenerateResult) {
  const { operator, tenantId } = await demoTenant(db);
  await db.update(demoHealth).set({ flakyPercent: percent }).where(eq(demoHealth.tenantId, tenantId));
  // The drill is about faults, not the envelope: a policy that allows every call.
  await db
    .insert(policies)
    .values({ tenantId, version: 1, text: "permit (principal, action, resource);", createdBy: "test" });
  const model = new MockLanguageModelV4({ doGenerate: [call, answer] });
  const run = await runToEnd(db, testEngine(db, { resolveModel: fixedModel(model), resilience }), operator, {
    agent: "support-triage",
    input: "flaky drill",
  });
  const steps = await db
    .select()
    .from(runSteps)
    .where(and(eq(runSteps.runId, run.id), eq(runSteps.kind, "tool")))
    .orderBy(asc(runSteps.seq));
  return { run, tenantId, tools: steps.map((s) => s.payload as ToolStepPayload) };
}

const flakyError = (tool: string) => ({
  error: `demo shop flaky mode: simulated transient failure of ${tool}`,
});

let restoreRandom: (() => void) | undefined;
afterEach(() => {
  restoreRandom?.();
  restoreRandom = undefined;
});

describe("demo shop flaky mode (fault drill)", () => {
  it("at 100 %, a read tool is retried with the same key, then the run fails with tool_failed", async () => {
    const { run, tools } = await flakyRun(100, toolCall("get_ticket", { ticket_id: "T-1004" }));
    expect(run).toMatchObject({ status: "failed", stopReason: "tool_failed", toolCalls: 1 });
    expect(run.error).toBe(flakyError("get_ticket").error);
    expect(tools).toHaveLength(1);
    expect(tools[0]).toMatchObject({
      toolName: "get_ticket",
      status: "error",
      result: flakyError("get_ticket"),
      receipt: null,
      attempts: resilience.toolAttempts,
    });
  });

  it("a transient failure of an idempotent tool is retried and the run completes", async () => {
    // 50 %, and a random source that fails the first call only.
    const randoms = [0];
    restoreRandom = demoFlakyMode.useRandom(() => randoms.shift() ?? 0.99);
    const { run, tools } = await flakyRun(50, toolCall("get_order", { order_id: "O-5004" }));
    expect(run).toMatchObject({ status: "succeeded", stopReason: "completed", output: "Done." });
    expect(tools).toHaveLength(1);
    expect(tools[0]).toMatchObject({ toolName: "get_order", status: "ok", attempts: 2 });
    expect(tools[0]?.result).toMatchObject({ order_id: "O-5004", total_usd: 189.9 });
  });

  it("an email that keeps failing is never sent: the run fails with tool_failed, the outbox stays empty", async () => {
    const { run, tenantId, tools } = await flakyRun(
      100,
      toolCall("send_email", { to: "tom.becker@example.com", subject: "Your refund", body: "Refunded." }),
    );
    expect(run).toMatchObject({ status: "failed", stopReason: "tool_failed" });
    // send_email is idempotent by key (one outbox row however often retried), so it is retried too.
    expect(tools[0]).toMatchObject({
      toolName: "send_email",
      status: "error",
      result: flakyError("send_email"),
    });
    expect(await db.select().from(demoOutbox).where(eq(demoOutbox.tenantId, tenantId))).toEqual([]);
  });

  it("a non-idempotent write runs once: it fails the run with tool_failed and changes nothing", async () => {
    const { run, tenantId, tools } = await flakyRun(
      100,
      toolCall("update_ticket", { ticket_id: "T-1004", status: "resolved", note: "Refunded." }),
    );
    expect(run).toMatchObject({ status: "failed", stopReason: "tool_failed" });
    expect(tools).toHaveLength(1);
    expect(tools[0]).toMatchObject({
      toolName: "update_ticket",
      status: "error",
      result: flakyError("update_ticket"),
    });
    expect(tools[0]).not.toHaveProperty("attempts");
    const [ticket] = await db
      .select()
      .from(demoTickets)
      .where(and(eq(demoTickets.tenantId, tenantId), eq(demoTickets.id, "T-1004")));
    expect(ticket).toMatchObject({ status: "open", notes: [] });
  });
});
