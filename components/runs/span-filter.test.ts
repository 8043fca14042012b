import { describe, expect, it } from "vitest";
import type { SpanView } from "@/lib/runs/live-view";
import { attemptsOf, matchingRows, outcomeOf, toolsIn, visibleRows } from "./span-filter";
import { layoutSpans } from "./span-layout";

const span = (
  spanId: string,
  parentSpanId: string | null,
  ms: number,
  extra: Partial<SpanView> = {},
): SpanView => ({
  spanId,
  parentSpanId,
  name: spanId,
  seq: null,
  startTime: new Date(Date.UTC(2026, 11, 3, 10, 0, 0, ms)).toISOString(),
  endTime: new Date(Date.UTC(2026, 11, 3, 10, 0, 0, ms + 5)).toISOString(),
  status: "ok",
  attributes: {},
  ...extra,
});

const spans = [
  span("agent", null, 0),
  span("turn-1", "agent", 1),
  span("policy issue_refund", "turn-1", 2, {
    seq: 2,
    attributes: { "gen_ai.tool.name": "issue_refund", "flightdeck.policy.decision": "deny" },
    status: "error",
  }),
  span("turn-2", "agent", 3),
  span("execute_tool send_email", "turn-2", 4, { seq: 4, status: "error" }),
  span("execute_tool get_order", "turn-2", 5, {
    seq: 5,
    attributes: { "gen_ai.tool.name": "get_order", "flightdeck.attempts": 3, "flightdeck.tool.status": "ok" },
  }),
  span("execute_tool update_ticket", "turn-2", 6, {
    seq: 6,
    attributes: { "flightdeck.tool.status": "rejected", "flightdeck.attempts": 1 },
  }),
];
const { rows } = layoutSpans(spans, 0);
const names = (indexes: number[]) => indexes.map((i) => rows[i]?.span.spanId);

describe("span filters", () => {
  it("tells denied calls from failed ones, and names tools from attributes or the span's name", () => {
    expect(rows.map((r) => outcomeOf(r.span))).toEqual(["ok", "ok", "denied", "ok", "error", "ok", "denied"]);
    expect(toolsIn(spans)).toEqual(["get_order", "issue_refund", "send_email", "update_ticket"]);
  });

  it("matches by tool, outcome and text together", () => {
    expect(names(matchingRows(rows, { text: "", tool: "", outcome: "" }))).toEqual([]);
    expect(names(matchingRows(rows, { text: "", tool: "", outcome: "denied" }))).toEqual([
      "policy issue_refund",
      "execute_tool update_ticket",
    ]);
    expect(names(matchingRows(rows, { text: "EXECUTE", tool: "", outcome: "" }))).toEqual([
      "execute_tool send_email",
      "execute_tool get_order",
      "execute_tool update_ticket",
    ]);
    expect(names(matchingRows(rows, { text: "execute", tool: "send_email", outcome: "ok" }))).toEqual([]);
  });

  it("hides a collapsed span's descendants, and keeps only matches with the spans above them", () => {
    expect(names(visibleRows(rows, new Set(["turn-2"]), null))).toEqual([
      "agent",
      "turn-1",
      "policy issue_refund",
      "turn-2",
    ]);
    expect(names(visibleRows(rows, new Set(["agent"]), null))).toEqual(["agent"]);
    const denied = matchingRows(rows, { text: "", tool: "issue_refund", outcome: "denied" });
    expect(names(visibleRows(rows, new Set(), denied))).toEqual(["agent", "turn-1", "policy issue_refund"]);
  });

  it("counts a retried call's attempts, and none for a call that went through at once", () => {
    expect(rows.map((r) => attemptsOf(r.span))).toEqual([null, null, null, null, null, 3, null]);
  });
});
