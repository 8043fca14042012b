import type { LanguageModelV4, LanguageModelV4FunctionTool, LanguageModelV4Prompt } from "@ai-sdk/provider";
import type { ModelPrice, ModelStepPayload, ProposedToolCall } from "@/db/schema";
import { costOf } from "@/lib/models/pricing";

export type ModelCallResult = { payload: ModelStepPayload; startedAt: Date; endedAt: Date; workMs: number };

export class ModelTimeoutError extends Error {
  constructor(ms: number) {
    super(`The model did not answer within ${Math.round(ms / 1000)} s.`);
    this.name = "ModelTimeoutError";
  }
}

/**
 * One model call through the AI SDK's language-model interface (the same one every provider
 * package implements). The engine calls it directly: the model only proposes tool calls, the
 * engine validates and runs them, and retry policy belongs to the engine.
 */
export async function callModel(input: {
  model: LanguageModelV4;
  /** The model's price for this run, looked up once; null when unpriced. */
  price: ModelPrice | null;
  prompt: LanguageModelV4Prompt;
  tools: LanguageModelV4FunctionTool[];
  signal: AbortSignal;
  timeoutMs: number;
}): Promise<ModelCallResult> {
  const startedAt = new Date();
  const clock = performance.now();
  const timeout = AbortSignal.timeout(input.timeoutMs);
  let result: Awaited<ReturnType<LanguageModelV4["doGenerate"]>>;
  try {
    result = await input.model.doGenerate({
      prompt: input.prompt,
      tools: input.tools,
      toolChoice: { type: "auto" },
      abortSignal: AbortSignal.any([input.signal, timeout]),
    });
  } catch (error) {
    if (timeout.aborted && !input.signal.aborted) throw new ModelTimeoutError(input.timeoutMs);
    throw error;
  }
  const workMs = performance.now() - clock;
  const endedAt = new Date();
  let text = "";
  const toolCalls: ProposedToolCall[] = [];
  for (const part of result.content) {
    if (part.type === "text") text += part.text;
    if (part.type === "tool-call")
      toolCalls.push({ toolCallId: part.toolCallId, toolName: part.toolName, input: parseInput(part.input) });
  }
  const usage = {
    inputTokens: result.usage.inputTokens.total ?? 0,
    cachedInputTokens: result.usage.inputTokens.cacheRead ?? 0,
    outputTokens: result.usage.outputTokens.total ?? 0,
    reasoningTokens: result.usage.outputTokens.reasoning ?? 0,
  };
  return {
    startedAt,
    endedAt,
    workMs,
    payload: {
      text,
      toolCalls,
      finishReason: result.finishReason.unified,
      usage,
      costUsd: input.price ? costOf(usage, input.price) : null,
    },
  };
}

// Malformed JSON from the model stays a string: validation then tells the model what is wrong.
function parseInput(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
