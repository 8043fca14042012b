import type { ModelStepPayload, Span, ToolStepPayload } from "@/db/schema";
import { otelProviderName, parseModelName } from "@/lib/models/model-name";
import { newSpanId } from "./ids";

type SpanRow = typeof import("@/db/schema").spans.$inferInsert;

type RunRef = {
  id: string;
  tenantId: string;
  traceId: string;
  agentName: string;
  model: string;
  /** The agent's model for simple turns, if it has one. */
  routerModel?: string;
};

/** The id of a run's root span and of a turn's span: derived, so no look-up is needed to parent a step. */
export const runSpanId = (traceId: string): string => traceId.slice(0, 16);
export const turnSpanId = (traceId: string, turn: number): string =>
  (BigInt(`0x${traceId.slice(16)}`) ^ BigInt(turn)).toString(16).padStart(16, "0");

export function runSpan(run: RunRef, start: Date): SpanRow {
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
  run: RunRef,
  seq: number,
  turn: number,
  payload: ModelStepPayload,
  start: Date,
  end: Date,
): SpanRow {
  // A router or fallback answer is named after the model that gave it.
  const { provider, id } = parseModelName(payload.model ?? run.model);
  return {
    spanId: newSpanId(),
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
      ...(payload.model
        ? {
            [payload.model === run.routerModel ? "flightdeck.routed_from" : "flightdeck.fallback_from"]:
              run.model,
          }
        : {}),
      ...(payload.costUsd === null
        ? { "flightdeck.cost.unpriced": true }
        : { "flightdeck.cost_usd": payload.costUsd }),
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
    spanId: newSpanId(),
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

export type { Span };
