import { isDeepStrictEqual } from "node:util";
import type { ModelStepPayload, RunStep, Span, ToolStepPayload } from "@/db/schema";
import type { SpanRow } from "./readable-span";
import { modelCallSpan, policyDecisionSpan, toolCallSpan, turnSpan } from "./spans";

/**
 * A step's everyday spans say nothing its row does not: its call span (usage, cost, tool, status),
 * its policy decision's span and the span of the turn it opens. Rather than store them beside the
 * step, the step row keeps a bit for each (`derived_spans`) and they are read back from it, built by
 * the same functions that built them for the commit. A span that says more than its step (a
 * workflow node's, a replay's open turn) is stored as before.
 */
export const DERIVED_SPAN = { call: 1, policy: 2, turn: 4 } as const;

type Part = keyof typeof DERIVED_SPAN;

/** The run as its spans name it. */
export type TraceRun = { id: string; tenantId: string; traceId: string; model: string };

export type StepForSpans = Pick<RunStep, "seq" | "turn" | "kind" | "payload" | "startedAt" | "endedAt">;

/** Each span a step can be read back as, built as the engine builds it when the step is committed. */
function readableSpans(run: TraceRun, step: StepForSpans, turnEnd: Date): [Part, SpanRow][] {
  const { seq, turn, startedAt, endedAt } = step;
  if (step.kind === "model") {
    const payload = step.payload as ModelStepPayload;
    return [
      ["call", modelCallSpan(run, seq, turn, payload, startedAt, endedAt)],
      ["turn", turnSpan(run, turn, startedAt, turnEnd)],
    ];
  }
  const payload = step.payload as ToolStepPayload;
  const spans: [Part, SpanRow][] = [["call", toolCallSpan(run, seq, turn, payload, startedAt, endedAt)]];
  const { policy } = payload;
  if (policy?.at)
    spans.push([
      "policy",
      policyDecisionSpan(run, seq, turn, payload.toolName, { ...policy, at: policy.at }),
    ]);
  return spans;
}

/**
 * The spans a committing step must store, and the bits of those its row will give back: a span is
 * left out only when the step rebuilds it exactly (same id, same content), so nothing is lost when
 * a caller adds to a span what the step does not hold.
 */
export function splitStepSpans(
  run: TraceRun,
  step: StepForSpans,
  spans: readonly SpanRow[],
): { stored: SpanRow[]; derivedSpans: number } {
  const readable = readableSpans(run, step, step.endedAt);
  let derivedSpans = 0;
  const stored = spans.filter((span) => {
    const match = readable.find(([, candidate]) => candidate.spanId === span.spanId);
    if (!match || !isDeepStrictEqual(normalized(match[1]), normalized(span))) return true;
    derivedSpans |= DERIVED_SPAN[match[0]];
    return false;
  });
  return { stored, derivedSpans };
}

/**
 * The spans steps give back, from their `derived_spans` bits. A turn's span ends with the last of
 * its steps given, so pass every step of each turn whose span is wanted.
 */
export function derivedSpans(
  run: TraceRun,
  steps: readonly (StepForSpans & { derivedSpans: number })[],
): SpanRow[] {
  const turnEnds = new Map<number, Date>();
  for (const step of steps) {
    const end = turnEnds.get(step.turn);
    if (!end || step.endedAt > end) turnEnds.set(step.turn, step.endedAt);
  }
  const spans: SpanRow[] = [];
  for (const step of steps) {
    if (step.derivedSpans === 0) continue;
    for (const [part, span] of readableSpans(run, step, turnEnds.get(step.turn) ?? step.endedAt))
      if (step.derivedSpans & DERIVED_SPAN[part]) spans.push(span);
  }
  return spans;
}

/** A span as it reads back from the database: absent fields are nulls or defaults. */
export function normalized(span: SpanRow): Span {
  return {
    ...span,
    runId: span.runId ?? null,
    parentSpanId: span.parentSpanId ?? null,
    seq: span.seq ?? null,
    endTime: span.endTime ?? null,
    status: span.status ?? "unset",
    attributes: definedAttributes(span.attributes),
  };
}

// As JSON keeps them: a key whose value is undefined is left out.
function definedAttributes(attributes: SpanRow["attributes"]): Record<string, string | number | boolean> {
  const defined: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(attributes ?? {})) if (value !== undefined) defined[key] = value;
  return defined;
}
