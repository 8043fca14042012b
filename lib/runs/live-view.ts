import type { ModelStepPayload, Run, RunStep, Span, ToolStepPayload } from "@/db/schema";
import { isSimulated } from "@/lib/models/model-name";
import type { Redactor } from "@/lib/redaction/personal-data";
import { redactModelPayload, redactSpanAttributes, redactToolPayload } from "./redact";

/**
 * JSON-safe views of a run, its steps and spans: what the run page renders first and what the
 * live stream sends afterwards, so both paths hand the browser the same shape (no lease internals).
 */
export type RunView = {
  id: string;
  agentName: string;
  /** `engine`, `otlp` (observed) or `gate`. */
  source: Run["source"];
  model: string;
  simulated: boolean;
  status: Run["status"];
  stopReason: Run["stopReason"];
  input: string;
  output: string | null;
  error: string | null;
  lastSeq: number;
  modelCalls: number;
  toolCalls: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  costUsd: number | null;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  dryRun: boolean;
  /** Calls the envelope refused as out of bounds: the run's security flag. */
  securityAttempts: number;
  /** Calls refused for invalid arguments: not a flag, but the run is not clean. */
  invalidCalls: number;
  promotedFrom: string | null;
  replayOf: string | null;
  outcome: { value: string; note: string | null; by: string | null; at: string | null } | null;
};

export type StepView = (
  | {
      seq: number;
      turn: number;
      kind: "model";
      payload: ModelStepPayload;
      startedAt: string;
      endedAt: string;
    }
  | { seq: number; turn: number; kind: "tool"; payload: ToolStepPayload; startedAt: string; endedAt: string }
) & {
  /** Only the step's outline was sent (a very long run): its body is fetched when opened. */
  partial?: boolean;
};

export type SpanView = {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  seq: number | null;
  startTime: string;
  endTime: string | null;
  status: Span["status"];
  attributes: Record<string, string | number | boolean>;
  /** Only the attributes the waterfall needs were sent (a very long trace): the rest load on select. */
  partial?: boolean;
};

// What the waterfall reads to draw a span (its kind, retries) and its filters match (tool,
// outcome); everything else waits for a click.
export const OUTLINE_ATTRIBUTES = [
  "gen_ai.operation.name",
  "flightdeck.turn",
  "gen_ai.tool.name",
  "flightdeck.tool.status",
  "flightdeck.policy.decision",
  "flightdeck.attempts",
];

export function toSpanOutline(span: Span): SpanView {
  const attributes: SpanView["attributes"] = {};
  for (const key of OUTLINE_ATTRIBUTES) {
    const value = span.attributes[key];
    if (value !== undefined) attributes[key] = value;
  }
  return { ...toSpanView(span), attributes, partial: true };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** `redactor`: for people without `payloads:read` (viewers), the tenant's rules (lib/redaction). */
export function toRunView(run: Run, redactor: Redactor | null = null): RunView {
  const text = (value: string | null) => (redactor ? redactor.text(value) : value);
  return {
    id: run.id,
    agentName: run.agentName,
    source: run.source,
    model: run.model,
    simulated: isSimulated(run.model),
    status: run.status,
    stopReason: run.stopReason,
    input: text(run.input) ?? "",
    output: text(run.output),
    error: text(run.error),
    lastSeq: run.lastSeq,
    modelCalls: run.modelCalls,
    toolCalls: run.toolCalls,
    inputTokens: run.inputTokens,
    cachedInputTokens: run.cachedInputTokens,
    outputTokens: run.outputTokens,
    reasoningTokens: run.reasoningTokens,
    costUsd: run.costUsd,
    createdBy: run.createdBy,
    createdAt: run.createdAt.toISOString(),
    startedAt: iso(run.startedAt),
    endedAt: iso(run.endedAt),
    dryRun: run.dryRun,
    securityAttempts: run.securityAttempts,
    invalidCalls: run.invalidCalls,
    promotedFrom: run.promotedFrom,
    replayOf: run.replayOf,
    outcome: run.outcome
      ? {
          value: run.outcome,
          note: text(run.outcomeNote),
          by: run.outcomeBy,
          at: iso(run.outcomeAt),
        }
      : null,
  };
}

export function toStepView(step: RunStep, redact = false): StepView {
  const base = {
    seq: step.seq,
    turn: step.turn,
    startedAt: step.startedAt.toISOString(),
    endedAt: step.endedAt.toISOString(),
  };
  if (step.kind === "model") {
    const payload = step.payload as ModelStepPayload;
    return { ...base, kind: "model", payload: redact ? redactModelPayload(payload) : payload };
  }
  const payload = step.payload as ToolStepPayload;
  return { ...base, kind: "tool", payload: redact ? redactToolPayload(payload) : payload };
}

/**
 * A step's outline for very long runs: what its header shows (tool, status, model's tool names,
 * usage, cost), without the text, arguments and results that make a 10,000-span page megabytes.
 */
export function toStepOutline(step: RunStep): StepView {
  const base = {
    seq: step.seq,
    turn: step.turn,
    startedAt: step.startedAt.toISOString(),
    endedAt: step.endedAt.toISOString(),
    partial: true,
  };
  if (step.kind === "model") {
    const p = step.payload as ModelStepPayload;
    return {
      ...base,
      kind: "model",
      payload: { ...p, text: "", toolCalls: p.toolCalls.map((c) => ({ ...c, input: {} })) },
    };
  }
  const p = step.payload as ToolStepPayload;
  return {
    ...base,
    kind: "tool",
    payload: {
      toolCallId: p.toolCallId,
      toolName: p.toolName,
      status: p.status,
      args: null,
      result: null,
      receipt: p.receipt ? {} : null,
      idempotencyKey: p.idempotencyKey,
      ...(p.preview ? { preview: true } : {}),
      ...(p.inheritedFrom ? { inheritedFrom: p.inheritedFrom } : {}),
      ...(p.recordedFrom ? { recordedFrom: p.recordedFrom } : {}),
      ...(p.childRun ? { childRun: p.childRun } : {}),
    },
  };
}

export function toSpanView(span: Span, redact = false): SpanView {
  return {
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    seq: span.seq,
    startTime: span.startTime.toISOString(),
    endTime: iso(span.endTime),
    status: span.status,
    attributes: redact ? redactSpanAttributes(span.attributes) : span.attributes,
  };
}
