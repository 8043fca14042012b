import { describe, expect, it } from "vitest";
import type { ModelStepPayload, PolicyRecord, ToolStepPayload } from "@/db/schema";
import { modelCallSpan, policyDecisionSpan, stepSpanId, toolCallSpan, turnSpan, turnSpanId } from "./spans";
import { DERIVED_SPAN, derivedSpans, normalized, splitStepSpans } from "./step-spans";

const run = {
  id: "0b8f7a52-7a4e-4c55-9f43-0d4a5c0b2a11",
  tenantId: "5d1c3e0a-2f6b-4a8e-9a7d-3c2b1a0f9e88",
  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
  model: "openai:gpt-5-mini",
};
const at = (ms: number) => new Date(Date.UTC(2026, 11, 6, 12, 0, 0, ms));

const modelPayload: ModelStepPayload = {
  text: "",
  toolCalls: [{ toolCallId: "c1", toolName: "get_ticket", input: { ticket_id: "T-1" } }],
  finishReason: "tool-calls",
  usage: { inputTokens: 120, cachedInputTokens: 0, outputTokens: 9, reasoningTokens: 0 },
  costUsd: 0.0001,
  traceAttributes: { "flightdeck.context.window": 32_000 },
};
const policy: PolicyRecord = {
  effect: "allow",
  policyIds: ["reads"],
  version: 3,
  message: "Allowed by policy.",
  resource: 'Ticket::"T-1"',
  facts: {},
  provenance: { ticket_id: "model" },
  ms: 0.25,
  at: at(210).toISOString(),
};
const toolPayload: ToolStepPayload = {
  toolCallId: "c1",
  toolName: "get_ticket",
  args: { ticket_id: "T-1" },
  status: "ok",
  result: { subject: "Broken mug" },
  receipt: { found: true },
  idempotencyKey: `${run.id}:1:c1`,
  policy,
};
const modelStep = {
  seq: 1,
  turn: 1,
  kind: "model" as const,
  payload: modelPayload,
  startedAt: at(0),
  endedAt: at(200),
};
const toolStep = {
  seq: 2,
  turn: 1,
  kind: "tool" as const,
  payload: toolPayload,
  startedAt: at(211),
  endedAt: at(260),
};

describe("spans read back from their steps", () => {
  it("leaves out of storage exactly the spans a step rebuilds, and rebuilds them as committed", () => {
    const modelSpans = [
      turnSpan(run, 1, at(0), at(200)),
      modelCallSpan(run, 1, 1, modelPayload, at(0), at(200)),
    ];
    const model = splitStepSpans(run, modelStep, modelSpans);
    expect(model).toEqual({ stored: [], derivedSpans: DERIVED_SPAN.call | DERIVED_SPAN.turn });

    const policySpan = policyDecisionSpan(run, 2, 1, "get_ticket", { ...policy, at: policy.at ?? "" });
    const toolSpans = [policySpan, toolCallSpan(run, 2, 1, toolPayload, at(211), at(260))];
    const tool = splitStepSpans(run, toolStep, toolSpans);
    expect(tool).toEqual({ stored: [], derivedSpans: DERIVED_SPAN.call | DERIVED_SPAN.policy });

    const readBack = derivedSpans(run, [
      { ...modelStep, derivedSpans: model.derivedSpans },
      { ...toolStep, derivedSpans: tool.derivedSpans },
    ]).map(normalized);
    // The turn's span ends with its last step, as the engine's update of a stored one did.
    const expected = [turnSpan(run, 1, at(0), at(260)), modelSpans[1], policySpan, toolSpans[1]];
    expect(readBack.sort(byId)).toEqual(
      expected.map((s) => normalized(s as NonNullable<typeof s>)).sort(byId),
    );
    expect(policySpan).toMatchObject({ startTime: at(210), endTime: new Date(at(210).getTime() + 0.25) });
  });

  it("stores a span that says more than its step, or that its step cannot rebuild", () => {
    const extra = modelCallSpan(run, 1, 1, modelPayload, at(0), at(200));
    extra.attributes = { ...extra.attributes, "flightdeck.note": "not in the payload" };
    const node = { ...turnSpan(run, 1, at(0), at(200)), name: "workflow_node triage" };
    expect(splitStepSpans(run, modelStep, [node, extra])).toEqual({ stored: [node, extra], derivedSpans: 0 });

    // A decision recorded before its start time was kept: its span is stored as it was built.
    const { at: _, ...older } = policy;
    const oldTool = { ...toolStep, payload: { ...toolPayload, policy: older } };
    const stored = {
      ...policyDecisionSpan(run, 2, 1, "get_ticket", { ...older, at: at(210).toISOString() }),
    };
    expect(splitStepSpans(run, oldTool, [stored])).toEqual({ stored: [stored], derivedSpans: 0 });
    expect(derivedSpans(run, [{ ...oldTool, derivedSpans: 0 }])).toEqual([]);
  });

  it("gives each step's spans ids of their own, apart from the turns' and the root's", () => {
    const ids = new Set<string>([run.traceId.slice(0, 16)]);
    for (let n = 1; n <= 500; n++) {
      ids.add(turnSpanId(run.traceId, n));
      ids.add(stepSpanId(run.traceId, n, "call"));
      ids.add(stepSpanId(run.traceId, n, "policy"));
    }
    expect(ids.size).toBe(1 + 3 * 500);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{16}$/);
  });
});

const byId = (a: { spanId: string }, b: { spanId: string }) => (a.spanId < b.spanId ? -1 : 1);
