import { describe, expect, it } from "vitest";
import type { SpanView, StepView } from "./live-view";
import { mergeOutlines, mergeSpans } from "./trace-merge";

const span = (spanId: string, partial = true): SpanView => ({
  spanId,
  parentSpanId: null,
  name: `span ${spanId}`,
  seq: null,
  startTime: "2026-11-22T00:00:00.000Z",
  endTime: "2026-11-22T00:00:01.000Z",
  status: "ok",
  attributes: {},
  ...(partial ? { partial: true } : {}),
});

const step = (seq: number, partial = true): StepView => ({
  seq,
  turn: seq,
  kind: "tool",
  startedAt: "2026-11-22T00:00:00.000Z",
  endedAt: "2026-11-22T00:00:01.000Z",
  payload: {
    toolCallId: `c${seq}`,
    toolName: "lookup_order",
    status: "ok",
    args: null,
    result: null,
    receipt: null,
    idempotencyKey: `k${seq}`,
  },
  ...(partial ? { partial: true } : {}),
});

describe("mergeOutlines", () => {
  it("appends a page's spans in order and sorts steps by seq", () => {
    const merged = mergeOutlines(
      { spans: [span("a"), span("b")], steps: [step(1), step(4)] },
      { spans: [span("c"), span("d")], steps: [step(2), step(3)] },
    );
    expect(merged.spans.map((s) => s.spanId)).toEqual(["a", "b", "c", "d"]);
    expect(merged.steps.map((s) => s.seq)).toEqual([1, 2, 3, 4]);
  });

  it("keeps what the live stream already delivered in full over a later outline of it", () => {
    const merged = mergeOutlines(
      { spans: [span("a", false)], steps: [step(2, false)] },
      { spans: [span("a"), span("b")], steps: [step(2), step(3)] },
    );
    expect(merged.spans).toHaveLength(2);
    expect(merged.spans[0]?.partial).toBeUndefined();
    expect(merged.steps.map((s) => [s.seq, s.partial ?? false])).toEqual([
      [2, false],
      [3, true],
    ]);
  });

  it("leaves a part the page did not carry untouched (same arrays)", () => {
    const current = { spans: [span("a")], steps: [step(1)] };
    const merged = mergeOutlines(current, { spans: [span("b")] });
    expect(merged.steps).toBe(current.steps);
    expect(mergeOutlines(current, {})).toEqual(current);
  });
});

describe("mergeSpans", () => {
  it("replaces the reader's copy of a span with the stream's and appends new spans", () => {
    const open = { ...span("a", false), endTime: null };
    const ended = span("a", false);
    const merged = mergeSpans([open, span("b")], [ended, span("c", false)]);
    expect(merged.map((s) => [s.spanId, s.endTime, s.partial ?? false])).toEqual([
      ["a", "2026-11-22T00:00:01.000Z", false],
      ["b", "2026-11-22T00:00:01.000Z", true],
      ["c", "2026-11-22T00:00:01.000Z", false],
    ]);
    const current = [span("a")];
    expect(mergeSpans(current, [])).toBe(current);
  });
});
