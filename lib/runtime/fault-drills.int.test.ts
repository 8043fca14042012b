import type { LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import { MockLanguageModelV4 } from "ai/test";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { runSteps, type ToolStepPayload } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { resolveModel } from "@/lib/models/resolve-model";
import { startFakeOpenAI } from "@/lib/models/testing/fake-openai-server";
import { demoTenant, fixedModel, runToEnd, testEngine } from "./testing/engine-harness";

const { db } = await createTestDatabase();

const toolSteps = async (runId: string) =>
  (
    await db
      .select()
      .from(runSteps)
      .where(and(eq(runSteps.runId, runId), eq(runSteps.kind, "tool")))
      .orderBy(asc(runSteps.seq))
  ).map((s) => s.payload as ToolStepPayload);

const server = await startFakeOpenAI((messages) => {
  const toolResults = messages.filter((m) => m.role === "tool").length;
  const goal = String(messages.find((m) => m.role === "user")?.content ?? "");
  if (goal.includes("malformed") && toolResults === 0) {
    return { toolCall: { name: "get_ticket", arguments: '{"ticket_id": "T-1002"' } };
  }
  if (goal.includes("huge")) {
    return {
      toolCall: { name: "get_ticket", arguments: { ticket_id: `T-100${toolResults + 1}` } },
      usage: { prompt_tokens: 400_000, completion_tokens: 1_000 },
    };
  }
  return { content: "Done." };
});
afterAll(() => server.close());
const engine = testEngine(db, {
  resolveModel: (name) => resolveModel(name, { OPENAI_COMPATIBLE_BASE_URL: server.baseURL }),
});

describe("fault drills", () => {
  it("malformed tool-call JSON is never executed: the model reads the error and goes on", async () => {
    const { operator } = await demoTenant(db);
    const run = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "malformed drill",
      model: "compat:drill",
    });
    expect(run).toMatchObject({ status: "succeeded", output: "Done." });
    const [step] = await toolSteps(run.id);
    expect(step).toMatchObject({ toolName: "get_ticket", status: "invalid" });
    expect(JSON.stringify(server.requests.at(-1)?.messages)).toContain("Invalid arguments for get_ticket");
  });

  it("huge reported usage stops the run at its token budget", async () => {
    const { operator } = await demoTenant(db);
    const run = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "huge usage drill",
      model: "compat:drill",
      limits: { maxTokens: 1_000_000 },
    });
    expect(run).toMatchObject({ status: "stopped", stopReason: "budget_tokens" });
    // The check runs before each call against the estimate; a model that reports far more than the
    // estimate overshoots by that one call at most.
    expect(run.inputTokens + run.outputTokens).toBeLessThanOrEqual(1_000_000 + 401_000);
    expect(run.modelCalls).toBeLessThanOrEqual(3);
  });

  it("tool results that bring nothing new, step after step, end the run as a loop", async () => {
    const { operator } = await demoTenant(db);
    // Searches for words the knowledge base lacks: never the same arguments, always the same (empty) result.
    const queries = Array.from({ length: 8 }, (_, i) => `qqq-${i}`);
    const call = (query: string, i: number): LanguageModelV4GenerateResult => ({
      content: [
        {
          type: "tool-call",
          toolCallId: `c${i}`,
          toolName: "search_kb",
          input: JSON.stringify({ query }),
        },
      ],
      finishReason: { unified: "tool-calls", raw: "tool_calls" },
      usage: {
        inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: 5, text: 5, reasoning: 0 },
      },
      warnings: [],
    });
    const model = new MockLanguageModelV4({ doGenerate: queries.map(call) });
    const run = await runToEnd(db, testEngine(db, { resolveModel: fixedModel(model) }), operator, {
      agent: "support-triage",
      input: "go",
    });
    expect(run).toMatchObject({ status: "stopped", stopReason: "loop_detected" });
    expect(run.error).toMatch(/nothing new/);
    expect(await toolSteps(run.id)).toHaveLength(6);
  });
});
