import type { SpanView } from "@/lib/runs/live-view";

export type SpanKind = "agent" | "turn" | "chat" | "tool" | "other";

export type SpanRow = {
  span: SpanView;
  depth: number;
  kind: SpanKind;
  /** Percentages of the trace's time window. */
  offset: number;
  width: number;
  durationMs: number | null;
};

export type SpanLayout = { rows: SpanRow[]; totalMs: number };

export function spanKind(span: SpanView): SpanKind {
  const op = span.attributes["gen_ai.operation.name"];
  if (op === "invoke_agent") return "agent";
  if (op === "chat") return "chat";
  if (op === "execute_tool") return "tool";
  return "flightdeck.turn" in span.attributes ? "turn" : "other";
}

const ms = (iso: string) => Date.parse(iso);
const byStart = (a: SpanView, b: SpanView) =>
  ms(a.startTime) - ms(b.startTime) || (a.seq ?? 0) - (b.seq ?? 0);

/**
 * Depth-first order (parents before children, siblings by start) with waterfall positions. Open
 * spans (a run still going) reach to the latest known time, `latestMs`.
 */
export function layoutSpans(spans: SpanView[], latestMs: number): SpanLayout {
  if (spans.length === 0) return { rows: [], totalMs: 0 };
  // Loops rather than Math.min(...spread): a 10,000-span trace must not hit the argument limit.
  let start = Number.POSITIVE_INFINITY;
  let end = latestMs;
  for (const s of spans) {
    start = Math.min(start, ms(s.startTime));
    end = Math.max(end, ms(s.endTime ?? s.startTime));
  }
  const total = Math.max(1, end - start);
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string | null, SpanView[]>();
  for (const span of [...spans].sort(byStart)) {
    // A span whose parent is not stored (yet) is shown as a root rather than dropped.
    const parent = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : null;
    const siblings = children.get(parent);
    if (siblings) siblings.push(span);
    else children.set(parent, [span]);
  }
  const rows: SpanRow[] = [];
  const visit = (span: SpanView, depth: number) => {
    const from = ms(span.startTime);
    const to = span.endTime ? ms(span.endTime) : end;
    rows.push({
      span,
      depth,
      kind: spanKind(span),
      offset: ((from - start) / total) * 100,
      width: Math.max(0.4, ((to - from) / total) * 100),
      durationMs: span.endTime ? to - from : null,
    });
    for (const child of children.get(span.spanId) ?? []) visit(child, depth + 1);
  };
  for (const root of children.get(null) ?? []) visit(root, 0);
  return { rows, totalMs: total };
}
