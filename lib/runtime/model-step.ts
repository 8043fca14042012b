import type { LanguageModelV4, LanguageModelV4FunctionTool, LanguageModelV4Prompt } from "@ai-sdk/provider";
import { isBrokenCircuitError } from "cockatiel";
import type { ModelPrice, ModelStepPayload, ProposedToolCall } from "@/db/schema";
import { MAX_OUTPUT_TOKENS } from "@/lib/budgets/estimate";
import { costOf } from "@/lib/models/pricing";
import { breakerFor, isOpen } from "@/lib/resilience/breakers";
import { callSignal } from "@/lib/resilience/call-signal";
import {
  isTransientModelError,
  ModelCallError,
  ModelTimeoutError,
  modelFailure,
  retryAfterMs,
} from "@/lib/resilience/model-errors";
import { type Attempts, withRetries } from "@/lib/resilience/retry";
import type { ResilienceSettings } from "@/lib/resilience/settings";

export { ModelTimeoutError };

export type ModelCallResult = { payload: ModelStepPayload; startedAt: Date; endedAt: Date; workMs: number };

/** A model the engine can call: resolved lazily for a fallback or router, which may never be needed. */
export type ModelChoice = {
  name: string;
  model: LanguageModelV4;
  price: ModelPrice | null;
  /** Its context window in tokens; null: unknown, the whole prompt is sent. */
  window: number | null;
};

type Generated = Awaited<ReturnType<LanguageModelV4["doGenerate"]>>;

/**
 * One model call through the AI SDK's language-model interface (the same one every provider
 * package implements). The engine calls it directly: the model only proposes tool calls, the
 * engine validates and runs them, and retry policy belongs to the engine: transient faults are
 * retried with backoff behind a per-model circuit breaker; while the breaker is open the agent's
 * fallback model answers, if it has one. `primary` is the model asked first: the run's model, or
 * its router model for a simple turn.
 */
export async function callModel(input: {
  /** The run's model: a step answered by any other model records which one. */
  runModel: string;
  primary: ModelChoice;
  fallback?: () => Promise<ModelChoice>;
  prompt: LanguageModelV4Prompt;
  /** The prompt for the fallback, fitted into its own window; absent: the same prompt. */
  fallbackPrompt?: (choice: ModelChoice) => LanguageModelV4Prompt;
  tools: LanguageModelV4FunctionTool[];
  signal: AbortSignal;
  timeoutMs: number;
  resilience: ResilienceSettings;
}): Promise<ModelCallResult> {
  const startedAt = new Date();
  const clock = performance.now();
  const record: Attempts = { attempts: 0, waitsMs: [] };
  let choice = input.primary;
  let result: Generated;
  try {
    result = await attempts(input, choice, record);
  } catch (error) {
    if (input.signal.aborted) throw error;
    const breakerOpen = isBrokenCircuitError(error) || isOpen(modelBreaker(choice.name, input.resilience));
    if (!breakerOpen) throw withAttempts(modelFailure(error, choice.name), choice.name, record);
    if (!input.fallback)
      throw new ModelCallError(
        `circuit open: ${choice.name} failed ${input.resilience.breakerFailures} times in a row, so calls to it pause for ${Math.round(input.resilience.breakerCooldownMs / 1000)} s; configure a fallback model to keep runs going.`,
      );
    const fallback = await input.fallback();
    choice = fallback;
    const prompt = input.fallbackPrompt ? input.fallbackPrompt(fallback) : input.prompt;
    result = await attempts({ ...input, prompt }, fallback, record).catch((fallbackError) => {
      throw input.signal.aborted ? fallbackError : modelFailure(fallbackError, choice.name);
    });
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
      costUsd: choice.price ? costOf(usage, choice.price) : null,
      // Only when the run's model did not answer (router, fallback) or needed retries: a plain
      // run's payload stays as it was.
      ...(choice.name !== input.runModel ? { model: choice.name } : {}),
      ...(record.attempts > 1 ? { attempts: record.attempts, retryWaitsMs: record.waitsMs } : {}),
    },
  };
}

const modelBreaker = (name: string, settings: ResilienceSettings) =>
  breakerFor("model", name, settings, isTransientModelError);

function attempts(
  input: Parameters<typeof callModel>[0],
  choice: ModelChoice,
  record: Attempts,
): Promise<Generated> {
  const breaker = modelBreaker(choice.name, input.resilience);
  const { maxRetryAfterMs } = input.resilience;
  return withRetries({
    maxAttempts: input.resilience.modelAttempts,
    settings: input.resilience,
    isTransient: isTransientModelError,
    retryAfterMs: (error) => {
      const asked = retryAfterMs(error);
      return asked === null ? null : Math.min(asked, maxRetryAfterMs);
    },
    signal: input.signal,
    record,
    attempt: (signal) => breaker.execute(() => generate(choice.model, input, signal)),
  });
}

async function generate(
  model: LanguageModelV4,
  input: { prompt: LanguageModelV4Prompt; tools: LanguageModelV4FunctionTool[]; timeoutMs: number },
  signal: AbortSignal,
): Promise<Generated> {
  const call = callSignal(signal, input.timeoutMs);
  try {
    return await model.doGenerate({
      prompt: input.prompt,
      tools: input.tools,
      toolChoice: { type: "auto" },
      // The window and the budget's hold reserve this much for the answer: the provider must not exceed it.
      maxOutputTokens: MAX_OUTPUT_TOKENS,
      abortSignal: call.signal,
    });
  } catch (error) {
    if (call.timedOut() && !signal.aborted) throw new ModelTimeoutError(input.timeoutMs);
    throw error;
  } finally {
    call.dispose();
  }
}

function withAttempts(error: Error, model: string, record: Attempts): Error {
  if (record.attempts <= 1 || error instanceof ModelCallError) return error;
  return new ModelCallError(`${model} failed after ${record.attempts} attempts: ${error.message}`, {
    cause: error,
  });
}

// Malformed JSON from the model stays a string: validation then tells the model what is wrong.
function parseInput(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
