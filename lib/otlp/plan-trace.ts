import type { ModelPrice, ModelStepPayload, Run, ToolStepPayload } from "@/db/schema";
import { costOf } from "@/lib/models/pricing";
import { assistantText, lastUserText } from "./gen-ai-messages";
import type { IngestSpan } from "./read-spans";
import { classifySpan } from "./span-kind";

export type PlannedStep = {
  runId: string;
  spanKey: string;
  seq: number;
  kind: "model" | "tool";
  payload: ModelStepPayload | ToolStepPayload;
  costUsd: number | null;
  startedAt: string;
  endedAt: string;
};

/** What one request's new spans change on their run: added to its totals, or set. */
export type RunChange = {
  id: string;
  last_seq: number;
  model_calls: number;
  tool_calls: number;
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  cost: number;
  unpriced: boolean;
  model: string | null;
  input: string | null;
  earliest: string | null;
  status: "succeeded" | "failed" | null;
  stop_reason: "completed" | "reported_error" | null;
  error: string | null;
  output: string | null;
  ended_at: string | null;
};

export type PriceOf = (model: string, at: Date) => ModelPrice | null;

/** A span's key in the spans table: span ids are only unique within their trace. */
export const spanKey = (traceId: string, spanId: string): string => `${traceId}${spanId}`;

/**
 * The steps a run gains from spans stored for the first time (in start order, numbered after its
 * last step) and what they change on the run. The root span, once it has ended, ends the run —
 * unless something else ended it first.
 */
export function planTrace(
  run: Run,
  added: IngestSpan[],
  priceOf: PriceOf,
): { steps: PlannedStep[]; change: RunChange } {
  const steps: PlannedStep[] = [];
  const change: RunChange = {
    id: run.id,
    last_seq: run.lastSeq,
    model_calls: 0,
    tool_calls: 0,
    input_tokens: 0,
    cached_input_tokens: 0,
    output_tokens: 0,
    reasoning_tokens: 0,
    cost: 0,
    unpriced: false,
    model: null,
    input: null,
    earliest: added[0]?.start.toISOString() ?? null,
    status: null,
    stop_reason: null,
    error: null,
    output: null,
    ended_at: null,
  };
  for (const span of added) {
    const call = classifySpan(span);
    if (!call) continue;
    change.last_seq += 1;
    const step = {
      runId: run.id,
      spanKey: spanKey(span.traceId, span.spanId),
      seq: change.last_seq,
      startedAt: span.start.toISOString(),
      endedAt: (span.end ?? span.start).toISOString(),
    };
    if (call.kind === "model") {
      const price = priceOf(call.model, span.start);
      const costUsd = price ? costOf(call.usage, price) : null;
      const payload: ModelStepPayload = {
        text: call.text,
        toolCalls: [],
        finishReason: span.status === "error" ? "error" : "stop",
        usage: call.usage,
        costUsd,
        model: call.model,
      };
      steps.push({ ...step, kind: "model", payload, costUsd });
      change.model ??= call.model;
      change.model_calls += 1;
      change.input_tokens += call.usage.inputTokens;
      change.cached_input_tokens += call.usage.cachedInputTokens;
      change.output_tokens += call.usage.outputTokens;
      change.reasoning_tokens += call.usage.reasoningTokens;
      if (costUsd === null) change.unpriced = true;
      else change.cost += costUsd;
    } else {
      const payload: ToolStepPayload = {
        toolCallId: call.callId,
        toolName: call.toolName,
        args: call.args,
        status: span.status === "error" ? "error" : "ok",
        result: call.result,
        receipt: null,
        idempotencyKey: "",
      };
      steps.push({ ...step, kind: "tool", payload, costUsd: null });
      change.tool_calls += 1;
    }
  }
  const root = added.find((span) => span.parentSpanId === null);
  // The root span states the task, whenever it arrives; until then the run is named after its trace.
  if (root) change.input = statedInput(root);
  if (root?.end && run.status === "running") {
    const failed = root.status === "error";
    change.status = failed ? "failed" : "succeeded";
    change.stop_reason = failed ? "reported_error" : "completed";
    change.error = failed ? (root.statusMessage ?? `${root.name} ended with an error.`) : null;
    change.output = firstText(root, {
      "gen_ai.output.messages": assistantText,
      "ai.response.text": asIs,
      "output.value": asIs,
    });
    change.ended_at = root.end.toISOString();
  }
  return { steps, change };
}

/** The first of the attributes that holds text, read by its reader (GenAI messages are JSON). */
function firstText(span: IngestSpan, readers: Record<string, (text: string) => string>): string | null {
  for (const [key, read] of Object.entries(readers)) {
    const value = span.attributes[key];
    const text = typeof value === "string" ? read(value) : "";
    if (text !== "") return text;
  }
  return null;
}

const asIs = (text: string): string => text;

export const statedInput = (span: IngestSpan): string | null =>
  firstText(span, { "gen_ai.input.messages": lastUserText, "ai.prompt": asIs, "input.value": asIs });
