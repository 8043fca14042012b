import { assistantText } from "./gen-ai-messages";
import type { IngestSpan } from "./read-spans";
import { parseStorableJson, storable } from "./storable-text";

export type ObservedModelCall = {
  kind: "model";
  /** `provider:model` when the span names its provider (the price table's key), else the model. */
  model: string;
  usage: { inputTokens: number; cachedInputTokens: number; outputTokens: number; reasoningTokens: number };
  text: string;
};

export type ObservedToolCall = {
  kind: "tool";
  toolName: string;
  callId: string;
  args: unknown;
  result: unknown;
};

type Attributes = IngestSpan["attributes"];

const MODEL_OPERATIONS = new Set(["chat", "text_completion", "generate_content"]);

/**
 * What a span of an outside agent stands for, read from the conventions agents' SDKs write:
 * OpenTelemetry GenAI (`gen_ai.*`), the AI SDK (`ai.*`: its `…doGenerate`/`…doStream` spans are the
 * model calls, `ai.toolCall` the tool calls — its outer spans repeat their totals and are not counted)
 * and OpenInference (`openinference.span.kind`, `llm.*`, `tool.*`). Anything else is a plain span.
 */
export function classifySpan(span: IngestSpan): ObservedModelCall | ObservedToolCall | null {
  const a = span.attributes;
  const operation = text(a["gen_ai.operation.name"]);
  const openInference = text(a["openinference.span.kind"])?.toUpperCase();
  const aiSdkModelCall = /\.do(Generate|Stream)$/.test(span.name) && a["ai.model.id"] !== undefined;
  if ((operation && MODEL_OPERATIONS.has(operation)) || openInference === "LLM" || aiSdkModelCall)
    return modelCall(a);
  if (operation === "execute_tool" || openInference === "TOOL" || span.name === "ai.toolCall")
    return toolCall(span, a);
  return null;
}

function modelCall(a: Attributes): ObservedModelCall {
  const model =
    text(a["gen_ai.response.model"]) ??
    text(a["gen_ai.request.model"]) ??
    text(a["ai.model.id"]) ??
    text(a["llm.model_name"]) ??
    "unknown";
  const provider = (
    text(a["gen_ai.provider.name"]) ??
    text(a["gen_ai.system"]) ??
    text(a["ai.model.provider"]) ??
    text(a["llm.provider"])
  )
    // The AI SDK names the provider's API too ("openai.chat", "anthropic.messages").
    ?.split(".")[0]
    ?.toLowerCase();
  const inputTokens = count(a, [
    "gen_ai.usage.input_tokens",
    "ai.usage.inputTokens",
    "ai.usage.promptTokens",
    "llm.token_count.prompt",
  ]);
  const outputTokens = count(a, [
    "gen_ai.usage.output_tokens",
    "ai.usage.outputTokens",
    "ai.usage.completionTokens",
    "llm.token_count.completion",
  ]);
  return {
    kind: "model",
    model: provider && !model.includes(":") ? `${provider}:${model}` : model,
    usage: {
      inputTokens,
      cachedInputTokens: Math.min(
        inputTokens,
        count(a, [
          "gen_ai.usage.cache_read.input_tokens",
          "ai.usage.cachedInputTokens",
          "llm.token_count.prompt_details.cache_read",
        ]),
      ),
      outputTokens,
      reasoningTokens: Math.min(
        outputTokens,
        count(a, [
          "gen_ai.usage.reasoning.output_tokens",
          "ai.usage.reasoningTokens",
          // @ai-sdk/otel, with its `usage` option: the GenAI conventions name no reasoning count it writes.
          "ai.usage.outputTokenDetails.reasoningTokens",
        ]),
      ),
    },
    text:
      text(a["ai.response.text"]) ??
      text(a["output.value"]) ??
      assistantText(text(a["gen_ai.output.messages"]) ?? ""),
  };
}

function toolCall(span: IngestSpan, a: Attributes): ObservedToolCall {
  return {
    kind: "tool",
    toolName: text(a["gen_ai.tool.name"]) ?? text(a["ai.toolCall.name"]) ?? text(a["tool.name"]) ?? span.name,
    callId: text(a["gen_ai.tool.call.id"]) ?? text(a["ai.toolCall.id"]) ?? span.spanId,
    args: json(
      a["gen_ai.tool.call.arguments"] ?? a["ai.toolCall.args"] ?? a["ai.toolCall.input"] ?? a["input.value"],
    ),
    result:
      span.status === "error"
        ? { error: span.statusMessage ?? "The tool call failed." }
        : json(
            a["gen_ai.tool.call.result"] ??
              a["ai.toolCall.result"] ??
              a["ai.toolCall.output"] ??
              a["output.value"],
          ),
  };
}

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;

function count(a: Attributes, keys: string[]): number {
  for (const key of keys) {
    const value = Number(a[key]);
    if (a[key] !== undefined && Number.isFinite(value) && value >= 0)
      return Math.min(Math.trunc(value), 2 ** 31 - 1);
  }
  return 0;
}

/**
 * Arguments and results are JSON text in every convention; kept as text when they are not JSON (or
 * nest too deep). Read storable: they are stored as jsonb.
 */
function json(value: unknown): unknown {
  if (typeof value !== "string") return value ?? null;
  const parsed = parseStorableJson(value);
  return parsed ? parsed.value : storable(value);
}
