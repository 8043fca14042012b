import { describe, expect, it } from "vitest";
import type { SpanView } from "@/lib/runs/live-view";
import { layoutSpans } from "./span-layout";

const span = (spanId: string, parentSpanId: string | null, start: string, end: string | null): SpanView => ({
  spanId,
  parentSpanId,
  name: spanId,
  seq: parentSpanId ? 2 : null,
  startTime: `2026-12-03T10:00:00.${start}Z`,
  endTime: end === null ? null : `2026-12-03T10:00:00.${end}Z`,
  status: "ok",
  attributes: {},
});

describe("layoutSpans", () => {
  it("puts children under their parent in start order", () => {
    const rows = layoutSpans(
      [
        span("late", "turn", "300", "400"),
        span("turn", null, "100", "500"),
        span("early", "turn", "150", "200"),
      ],
      0,
    ).rows;
    expect(rows.map((r) => [r.span.spanId, r.depth])).toEqual([
      ["turn", 0],
      ["early", 1],
      ["late", 1],
    ]);
  });

  it("orders spans that start in the same millisecond by their end, open ones last", () => {
    const rows = layoutSpans(
      [
        span("execute", "turn", "120", "180"),
        span("still-open", "turn", "120", null),
        span("policy", "turn", "120", "120"),
        span("turn", null, "100", "200"),
      ],
      0,
    ).rows;
    expect(rows.map((r) => r.span.spanId)).toEqual(["turn", "policy", "execute", "still-open"]);
  });
});
