import { streamText, tool } from "ai";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestDatabase } from "@/db/testing/test-database";
import { demoTenant, runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";
import { resolveModel } from "./resolve-model";
import { startFakeOpenAI } from "./testing/fake-openai-server";

const { db } = await createTestDatabase();

// First call: read the ticket; once a tool result is in the conversation: answer.
const server = await startFakeOpenAI((messages) =>
  messages.some((m) => m.role === "tool")
    ? { content: "Ticket T-1002 is about a shipping delay." }
    : { toolCall: { name: "get_ticket", arguments: { ticket_id: "T-1002" } } },
);
afterAll(() => server.close());
const config = { OPENAI_COMPATIBLE_BASE_URL: server.baseURL, OPENAI_COMPATIBLE_API_KEY: "test-key" };

describe("an OpenAI-compatible provider (compat:)", () => {
  it("runs an agent end to end through the engine", async () => {
    const { operator } = await demoTenant(db);
    const engine = testEngine(db, { resolveModel: (name) => resolveModel(name, config) });
    const run = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "What is T-1002 about?",
      model: "compat:tiny-llm",
    });
    expect(run).toMatchObject({
      status: "succeeded",
      output: "Ticket T-1002 is about a shipping delay.",
      toolCalls: 1,
      modelCalls: 2,
    });
    expect(run.inputTokens).toBe(240);
    expect(run.cachedInputTokens).toBe(40);
    expect(run.costUsd).toBeNull(); // compat:tiny-llm has no price: unpriced, never guessed
    const last = server.requests.at(-1);
    expect(last?.messages.some((m) => m.role === "tool")).toBe(true);
    expect(JSON.stringify(last?.tools)).toContain("ticket_id");
  });

  it("parses streamed tool calls", async () => {
    const result = streamText({
      model: resolveModel("compat:tiny-llm", config),
      prompt: "Read T-1002",
      tools: {
        get_ticket: tool({ description: "Read a ticket", inputSchema: z.object({ ticket_id: z.string() }) }),
      },
      maxRetries: 0,
    });
    const calls = await result.toolCalls;
    expect(calls.map((c) => [c.toolName, c.input])).toEqual([["get_ticket", { ticket_id: "T-1002" }]]);
    expect(server.requests.at(-1)?.stream).toBe(true);
  });
});
