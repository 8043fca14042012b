import type { ContextFacts, ModelStepPayload, PolicyRecord, Span, ToolStepPayload } from "@/db/schema";
import { otelProviderName, parseModelName } from "@/lib/models/model-name";

type SpanRow = typeof import("@/db/schema").spans.$inferInsert;

type RunRef = { id: string; tenantId: string; traceId: string };
/** A run as its model call spans name it: the run's model is the one a call used unless it says otherwise. */
type ModelRunRef = RunRef & { model: string };

/** The id of a run's root span and of a turn's span: derived, so no look-up is needed to parent a step. */
export const runSpanId = (traceId: string): string => traceId.slice(0, 16);
export const turnSpanId = (traceId: string, turn: number): string =>
  (BigInt(`0x${traceId.slice(16)}`) ^ BigInt(turn)).toString(16).padStart(16, "0");

/**
 * The id of a step's call span (a model or tool call) and of its policy decision's span: derived
 * like a turn's, in bits a turn number never reaches, so a span read back from its step has the id
 * it was exported with.
 */
export const stepSpanId = (traceId: string, seq: number, part: "call" | "policy"): string =>
  (BigInt(`0x${traceId.slice(16)}`) ^ ((BigInt(seq) << 33n) | (part === "policy" ? 1n << 32n : 0n)))
    .toString(16)
    .padStart(16, "0");

export function runSpan(run: RunRef & { agentName: string; model: string }, start: Date): SpanRow {
  return {
    spanId: runSpanId(run.traceId),
    traceId: run.traceId,
    parentSpanId: null,
    runId: run.id,
    tenantId: run.tenantId,
    name: `invoke_agent ${run.agentName}`,
    startTime: start,
    attributes: {
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.agent.name": run.agentName,
      "gen_ai.request.model": run.model,
    },
  };
}

export function turnSpan(run: RunRef, turn: number, start: Date, end: Date): SpanRow {
  return {
    spanId: turnSpanId(run.traceId, turn),
    traceId: run.traceId,
    parentSpanId: runSpanId(run.traceId),
    runId: run.id,
    tenantId: run.tenantId,
    name: `step ${turn}`,
    startTime: start,
    endTime: end,
    status: "ok",
    attributes: { "flightdeck.turn": turn },
  };
}

export function modelCallSpan(
  run: ModelRunRef,
  seq: number,
  turn: number,
  payload: ModelStepPayload,
  start: Date,
  end: Date,
): SpanRow {
  // A router or fallback answer is named after the model that gave it.
  const { provider, id } = parseModelName(payload.model ?? run.model);
  return {
    spanId: stepSpanId(run.traceId, seq, "call"),
    traceId: run.traceId,
    parentSpanId: turnSpanId(run.traceId, turn),
    runId: run.id,
    tenantId: run.tenantId,
    name: `chat ${id}`,
    seq,
    startTime: start,
    endTime: end,
    status: "ok",
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": otelProviderName(provider),
      "gen_ai.request.model": id,
      "gen_ai.usage.input_tokens": payload.usage.inputTokens,
      "gen_ai.usage.output_tokens": payload.usage.outputTokens,
      "gen_ai.usage.cache_read.input_tokens": payload.usage.cachedInputTokens,
      "gen_ai.usage.reasoning.output_tokens": payload.usage.reasoningTokens,
      "gen_ai.response.finish_reasons": payload.finishReason,
      "flightdeck.attempts": payload.attempts ?? 1,
      ...(payload.retryWaitsMs?.length
        ? { "flightdeck.retry.waits_ms": payload.retryWaitsMs.join(",") }
        : {}),
      ...(payload.costUsd === null
        ? { "flightdeck.cost.unpriced": true }
        : { "flightdeck.cost_usd": payload.costUsd }),
      ...(payload.context ? contextAttributes(payload.context) : {}),
      ...payload.traceAttributes,
    },
  };
}

export function toolCallSpan(
  run: RunRef,
  seq: number,
  turn: number,
  payload: ToolStepPayload,
  start: Date,
  end: Date,
): SpanRow {
  return {
    spanId: stepSpanId(run.traceId, seq, "call"),
    traceId: run.traceId,
    parentSpanId: turnSpanId(run.traceId, turn),
    runId: run.id,
    tenantId: run.tenantId,
    name: `execute_tool ${payload.toolName}`,
    seq,
    startTime: start,
    endTime: end,
    status: payload.status === "ok" ? "ok" : "error",
    attributes: {
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": payload.toolName,
      "gen_ai.tool.call.id": payload.toolCallId,
      "flightdeck.tool.status": payload.status,
      "flightdeck.attempts": payload.attempts ?? 1,
    },
  };
}

/** What a model call was sent of its run's history, as its span's attributes. */
function contextAttributes(facts: ContextFacts): Record<string, string | number> {
  const { cut } = facts;
  return {
    "flightdeck.context.window": facts.window,
    "flightdeck.context.sent_tokens": facts.sentTokens,
    "flightdeck.context.counted_by": facts.countedBy,
    ...(cut
      ? {
          "flightdeck.context.strategy": cut.strategy,
          "flightdeck.context.reserved_tokens": cut.reserved,
          "flightdeck.context.full_tokens": cut.fullTokens,
          "flightdeck.context.clipped_results": cut.clipped,
          "flightdeck.context.clipped_steps": `${cut.clippedSteps.join(",")}${cut.clipped > 40 ? ",…" : ""}`,
          "flightdeck.context.dropped_turns": cut.droppedTurns,
          ...(cut.summarizedTurns ? { "flightdeck.context.summarized_turns": cut.summarizedTurns } : {}),
          "flightdeck.context.reason": `the history takes ${cut.neededTokens} tokens; the window leaves it ${facts.window - cut.reserved}`,
        }
      : {}),
  };
}

/** A policy decision on a call, from its record: it began at `at` and took `ms`. */
export function policyDecisionSpan(
  run: RunRef,
  seq: number,
  turn: number,
  toolName: string,
  record: PolicyRecord & { at: string },
): SpanRow {
  const start = Date.parse(record.at);
  return {
    spanId: stepSpanId(run.traceId, seq, "policy"),
    traceId: run.traceId,
    parentSpanId: turnSpanId(run.traceId, turn),
    runId: run.id,
    tenantId: run.tenantId,
    name: `policy ${toolName}`,
    seq,
    startTime: new Date(start),
    endTime: new Date(start + record.ms),
    status: record.effect === "deny" ? "error" : "ok",
    attributes: {
      "flightdeck.operation.name": "policy_decision",
      "gen_ai.tool.name": toolName,
      "flightdeck.policy.decision": record.effect,
      "flightdeck.policy.ids": record.policyIds.join(","),
      "flightdeck.policy.version": record.version,
      // The inputs (resource, facts, provenance) are stored once, with the step.
    },
  };
}

export type { Span };
