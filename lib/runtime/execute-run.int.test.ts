import type { LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import { MockLanguageModelV4 } from "ai/test";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  agents,
  demoOutbox,
  demoRefunds,
  demoTickets,
  type ModelStepPayload,
  runSteps,
  runs,
  spans,
  type ToolStepPayload,
} from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { startRun } from "@/lib/runs/start-run";
import { readTraceSpan, readTraceSpans } from "@/lib/telemetry/trace-spans";
import { agentSnapshotOf } from "./agent-snapshots";
import { executeRun } from "./execute-run";
import { claimUntil, demoTenant, fixedModel, runToEnd, testEngine } from "./testing/engine-harness";

const { db } = await createTestDatabase();

const usage = (input: number, cached: number, output: number, reasoning: number) => ({
  inputTokens: { total: input, noCache: input - cached, cacheRead: cached, cacheWrite: 0 },
  outputTokens: { total: output, text: output - reasoning, reasoning },
});
const toolCall = (id: string, toolName: string, args: unknown): LanguageModelV4GenerateResult => ({
  content: [
    { type: "text", text: `Calling ${toolName}.` },
    { type: "tool-call", toolCallId: id, toolName, input: JSON.stringify(args) },
  ],
  finishReason: { unified: "tool-calls", raw: "tool_calls" },
  usage: usage(1000, 400, 100, 20),
  warnings: [],
});
const answer = (text: string): LanguageModelV4GenerateResult => ({
  content: [{ type: "text", text }],
  finishReason: { unified: "stop", raw: "stop" },
  usage: usage(1200, 1000, 50, 0),
  warnings: [],
});

describe("the run engine", () => {
  it("runs the loop: the model proposes, the engine executes, every step is committed and traced", async () => {
    const { operator } = await demoTenant(db);
    const model = new MockLanguageModelV4({
      doGenerate: [toolCall("c1", "get_ticket", { ticket_id: "T-1004" }), answer("Ticket read.")],
    });
    const engine = testEngine(db, { resolveModel: fixedModel(model) });
    const run = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1004",
      model: "openai:gpt-5-mini",
    });

    expect(run).toMatchObject({
      status: "succeeded",
      stopReason: "completed",
      output: "Ticket read.",
      lastSeq: 3,
      modelCalls: 2,
      toolCalls: 1,
    });
    expect(run).toMatchObject({
      inputTokens: 2200,
      cachedInputTokens: 1400,
      outputTokens: 150,
      reasoningTokens: 20,
    });
    // gpt-5-mini: 0.25 in, 0.025 cached, 2.00 out per million; reasoning billed as output.
    const expected = ((2200 - 1400) * 0.25 + 1400 * 0.025 + 150 * 2) / 1e6;
    expect(run.costUsd).toBeCloseTo(expected, 9);

    const steps = await db
      .select()
      .from(runSteps)
      .where(eq(runSteps.runId, run.id))
      .orderBy(asc(runSteps.seq));
    expect(steps.map((s) => s.kind)).toEqual(["model", "tool", "model"]);
    const tool = steps[1]?.payload as ToolStepPayload;
    expect(tool).toMatchObject({ toolName: "get_ticket", status: "ok", args: { ticket_id: "T-1004" } });
    expect(tool.idempotencyKey).toBe(`${run.id}:1:c1`);
    expect((steps[0]?.payload as ModelStepPayload | undefined)?.toolCalls).toEqual([
      { toolCallId: "c1", toolName: "get_ticket", input: { ticket_id: "T-1004" } },
    ]);

    // The second model call saw the tool result in its prompt.
    const secondPrompt = JSON.stringify(model.doGenerateCalls[1]?.prompt);
    expect(secondPrompt).toContain("tool-result");
    expect(secondPrompt).toContain("T-1004");

    const trace = await readTraceSpans(db, run);
    // Only the root is stored: the turn, model, policy and tool spans are read back from the steps.
    expect(await db.$count(spans, eq(spans.runId, run.id))).toBe(1);
    expect(trace.length).toBeGreaterThan(4);
    const root = trace.find((s) => s.parentSpanId === null);
    expect(root).toMatchObject({ name: "invoke_agent support-triage", status: "ok", traceId: run.traceId });
    const turns = trace.filter((s) => s.parentSpanId === root?.spanId);
    expect(turns.map((t) => t.name).sort()).toEqual(["step 1", "step 2"]);
    const chat = trace.filter((s) => s.attributes["gen_ai.operation.name"] === "chat");
    expect(chat).toHaveLength(2);
    expect(chat[0]?.attributes).toMatchObject({
      "gen_ai.request.model": "gpt-5-mini",
      "gen_ai.provider.name": "openai",
      "gen_ai.usage.input_tokens": 1000,
    });
    const toolSpan = trace.find((s) => s.attributes["gen_ai.operation.name"] === "execute_tool");
    expect(toolSpan?.attributes).toMatchObject({
      "gen_ai.tool.name": "get_ticket",
      "gen_ai.tool.call.id": "c1",
    });
    expect(toolSpan?.parentSpanId).toBe(turns.find((t) => t.name === "step 1")?.spanId);
    // Each read back alone by its id, as the run page of a long trace asks for one.
    for (const span of [toolSpan, turns[0], chat[1]])
      expect(await readTraceSpan(db, run, span?.spanId ?? "")).toEqual(span);
    expect(await readTraceSpan(db, run, "0123456789abcdef")).toBeNull();
  });

  it("never executes unknown tools or invalid arguments, and tells the model why", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const model = new MockLanguageModelV4({
      doGenerate: [
        toolCall("c1", "refund_money", { order: "O-5004" }),
        toolCall("c2", "issue_refund", { order_id: "O-5004", amount_usd: "forty", reason: "x" }),
        toolCall("c3", "get_order", { order_id: "O-5004" }),
        answer("Gave up."),
      ],
    });
    const run = await runToEnd(db, testEngine(db, { resolveModel: fixedModel(model) }), operator, {
      agent: "support-triage",
      input: "go",
    });
    expect(run.status).toBe("succeeded");
    const tools = (
      await db
        .select()
        .from(runSteps)
        .where(and(eq(runSteps.runId, run.id), eq(runSteps.kind, "tool")))
        .orderBy(asc(runSteps.seq))
    ).map((s) => s.payload as ToolStepPayload);
    expect(tools.map((t) => t.status)).toEqual(["unknown_tool", "invalid", "ok"]);
    const errorOf = (i: number) => (tools[i]?.result as { error: string } | undefined)?.error;
    expect(errorOf(0)).toMatch(/no tool named "refund_money"/);
    expect(errorOf(1)).toMatch(/amount_usd/);
    expect(await db.select().from(demoRefunds).where(eq(demoRefunds.tenantId, tenantId))).toHaveLength(0);
    expect(JSON.stringify(model.doGenerateCalls[1]?.prompt)).toMatch(/no tool named/);
  });

  it("ends internal_error, not model_failed, on a fault of Flightdeck's own, and keeps its cause", async () => {
    const { operator } = await demoTenant(db);
    const engine = testEngine(db, {
      observe: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'seq')");
      },
    });
    const failed = await runToEnd(db, engine, operator, { agent: "ops-health", input: "check" });
    expect(failed).toMatchObject({ status: "failed", stopReason: "internal_error" });
    expect(failed.error).toMatch(/TypeError: Cannot read properties of undefined/);
  });

  it("ends with model_failed when the model errors, and invalid_input for an unusable model", async () => {
    const { operator } = await demoTenant(db);
    const broken = new MockLanguageModelV4({
      doGenerate: async () => {
        throw new Error("provider exploded");
      },
    });
    const failed = await runToEnd(db, testEngine(db, { resolveModel: fixedModel(broken) }), operator, {
      agent: "ops-health",
      input: "check",
    });
    expect(failed).toMatchObject({ status: "failed", stopReason: "model_failed" });
    expect(failed.error).toMatch(/provider exploded/);

    const noKey = await runToEnd(db, testEngine(db), operator, {
      agent: "ops-health",
      input: "check",
      model: "openai:gpt-5-mini",
    });
    expect(noKey).toMatchObject({ status: "failed", stopReason: "invalid_input" });
    expect(noKey.error).toMatch(/OPENAI_API_KEY/);
  });

  it("stops at the agent's step limit with budget_steps", async () => {
    const { operator } = await demoTenant(db);
    // A new ticket every time (new arguments, new results), so the loop guard does not end it first.
    let n = 0;
    const model = new MockLanguageModelV4({
      doGenerate: async () => toolCall(`c${++n}`, "get_ticket", { ticket_id: `T-${1000 + n}` }),
    });
    const run = await runToEnd(db, testEngine(db, { resolveModel: fixedModel(model) }), operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1004",
    });
    expect(run).toMatchObject({ status: "stopped", stopReason: "budget_steps" });
  });

  it("resolves a support ticket on the simulator with real effects, exactly once", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const run = await runToEnd(db, testEngine(db), operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1005",
    });
    expect(run).toMatchObject({ status: "succeeded", stopReason: "completed" });
    expect(run.costUsd).toBeGreaterThan(0);
    const refunds = await db.select().from(demoRefunds).where(eq(demoRefunds.tenantId, tenantId));
    expect(refunds.map((r) => [r.orderId, r.amountUsd])).toEqual([["O-5005", 42]]);
    expect(await db.select().from(demoOutbox).where(eq(demoOutbox.tenantId, tenantId))).toHaveLength(1);
    const [ticket] = await db
      .select()
      .from(demoTickets)
      .where(and(eq(demoTickets.tenantId, tenantId), eq(demoTickets.id, "T-1005")));
    expect(ticket?.status).toBe("resolved");
    const receipts = (
      await db
        .select()
        .from(runSteps)
        .where(and(eq(runSteps.runId, run.id), eq(runSteps.kind, "tool")))
    ).map((s) => (s.payload as ToolStepPayload).receipt);
    expect(receipts).toContainEqual(expect.objectContaining({ ledger_id: refunds[0]?.id, amount_usd: 42 }));
  });

  it("keeps the agent's definition as it was when the run started", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const engine = testEngine(db);
    const queued = await startRun(db, operator, { agent: "support-triage", input: "Resolve ticket T-1001" });
    await db
      .update(agents)
      .set({ maxSteps: 1, tools: [] })
      .where(and(eq(agents.tenantId, tenantId), eq(agents.name, "support-triage")));
    await executeRun(engine, await claimUntil(db, engine, queued.id), new AbortController().signal);
    const [run] = await db.select().from(runs).where(eq(runs.id, queued.id));
    expect(run).toMatchObject({ status: "succeeded" });
    expect(await agentSnapshotOf(db, tenantId, run?.agentSnapshotHash ?? "")).toMatchObject({ maxSteps: 30 });
    expect(run?.toolCalls).toBeGreaterThan(2);
  });
});
