import type { LanguageModelV4CallOptions, LanguageModelV4Prompt } from "@ai-sdk/provider";
import { APICallError } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it } from "vitest";
import { MAX_OUTPUT_TOKENS } from "@/lib/budgets/estimate";
import { DEFAULT_RESILIENCE } from "@/lib/resilience/settings";
import { callModel, type ModelChoice } from "./model-step";

const user = (text: string): LanguageModelV4Prompt[number] => ({
  role: "user",
  content: [{ type: "text", text }],
});

const overloaded = () =>
  new APICallError({
    message: "overloaded",
    url: "http://model.test",
    requestBodyValues: {},
    statusCode: 503,
    isRetryable: true,
  });

function answering(sent: LanguageModelV4CallOptions[]) {
  return new MockLanguageModelV4({
    doGenerate: async (options) => {
      sent.push(options);
      return {
        content: [{ type: "text", text: "done" }],
        finishReason: { unified: "stop", raw: "stop" },
        usage: { inputTokens: { total: 10, noCache: 10 }, outputTokens: { total: 2, text: 2 } } as never,
        warnings: [],
      };
    },
  });
}

describe("the fallback model's prompt", () => {
  it("is fitted for the fallback, and every call is held to the output the window reserves", async () => {
    const sent: LanguageModelV4CallOptions[] = [];
    const down: ModelChoice = {
      name: `test:down-${Date.now()}`,
      model: new MockLanguageModelV4({ doGenerate: async () => Promise.reject(overloaded()) }),
      price: null,
      window: null,
    };
    const small: ModelChoice = { name: "test:small", model: answering(sent), price: null, window: 8_000 };
    const whole = [user("the whole, long history"), user("the latest turn")];
    const fitted = [user("the latest turn")];
    const result = await callModel({
      runModel: down.name,
      primary: down,
      fallback: async () => small,
      prompt: whole,
      fallbackPrompt: (choice) => (choice === small ? fitted : whole),
      tools: [],
      signal: new AbortController().signal,
      timeoutMs: 5_000,
      resilience: { ...DEFAULT_RESILIENCE, modelAttempts: 1, breakerFailures: 1, baseDelayMs: 1 },
    });
    expect(result.payload).toMatchObject({ text: "done", model: "test:small" });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.prompt).toEqual(fitted);
    expect(sent[0]?.maxOutputTokens).toBe(MAX_OUTPUT_TOKENS);
  });
});
