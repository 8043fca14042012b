import type { LanguageModelV4 } from "@ai-sdk/provider";
import { generateText, type ModelMessage, type ToolSet } from "ai";
import type { ModelPrice, ModelStepPayload } from "@/db/schema";
import { costOf } from "@/lib/models/pricing";

export type ModelCallResult = { payload: ModelStepPayload; startedAt: Date; endedAt: Date; workMs: number };

/**
 * One model call. The tools carry no `execute`: the model only proposes calls; the engine decides
 * what runs. SDK retries are off: retry policy belongs to the engine.
 */
export async function callModel(input: {
  model: LanguageModelV4;
  /** The model's price for this run, looked up once; null when unpriced. */
  price: ModelPrice | null;
  instructions: string;
  messages: ModelMessage[];
  tools: ToolSet;
  signal: AbortSignal;
  timeoutMs: number;
}): Promise<ModelCallResult> {
  const startedAt = new Date();
  const clock = performance.now();
  const result = await generateText({
    model: input.model,
    instructions: input.instructions,
    messages: input.messages,
    tools: input.tools,
    maxRetries: 0,
    abortSignal: input.signal,
    timeout: input.timeoutMs,
  });
  const workMs = performance.now() - clock;
  const endedAt = new Date();
  const usage = {
    inputTokens: result.usage.inputTokens ?? 0,
    cachedInputTokens: result.usage.inputTokenDetails?.cacheReadTokens ?? 0,
    outputTokens: result.usage.outputTokens ?? 0,
    reasoningTokens: result.usage.outputTokenDetails?.reasoningTokens ?? 0,
  };
  const price = input.price;
  return {
    startedAt,
    endedAt,
    workMs,
    payload: {
      text: result.text,
      toolCalls: result.toolCalls.map((call) => ({
        toolCallId: call.toolCallId,
        toolName: call.toolName,
        input: call.input,
      })),
      finishReason: result.finishReason,
      usage,
      costUsd: price ? costOf(usage, price) : null,
    },
  };
}
