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
  /** Index of the parent's row; null for a root. */
  parent: number | null;
  hasChildren: boolean;
  /** 1-based place among its siblings, and how many they are (a tree's aria-posinset/setsize). */
  position: number;
  siblings: number;
};

export type SpanLayout = { rows: SpanRow[]; totalMs: number };

export function spanKind(span: SpanView): SpanKind {
  const op = span.attributes["gen_ai.operation.name"];
  if (op === "invoke_agent") return "agent";
  if (op === "chat") return "chat";
  if (op === "execute_tool") return "tool";
  return "flightdeck.turn" in span.attributes ? "turn" : "other";
}

type Timed = { span: SpanView; from: number; to: number | null };

/**
 * Depth-first order (parents before children, siblings by start) with waterfall positions. Open
 * spans (a run still going) reach to the latest known time, `latestMs`.
 */
export function layoutSpans(spans: SpanView[], latestMs: number): SpanLayout {
  if (spans.length === 0) return { rows: [], totalMs: 0 };
  // Each time parsed once (a 10,000-span trace is laid out again as its pages arrive); loops
  // rather than Math.min(...spread), which would hit the argument limit.
  const timed: Timed[] = spans.map((span) => ({
    span,
    from: Date.parse(span.startTime),
    to: span.endTime ? Date.parse(span.endTime) : null,
  }));
  let start = Number.POSITIVE_INFINITY;
  let end = latestMs;
  for (const t of timed) {
    start = Math.min(start, t.from);
    end = Math.max(end, t.to ?? t.from);
  }
  const total = Math.max(1, end - start);
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string | null, Timed[]>();
  // Spans of one tool call often start in the same millisecond: the one that ends first (the
  // policy decision) comes before the execution it allowed; open spans go last.
  const ends = (t: Timed) => t.to ?? Number.POSITIVE_INFINITY;
  timed.sort((a, b) => a.from - b.from || (a.span.seq ?? 0) - (b.span.seq ?? 0) || ends(a) - ends(b));
  for (const t of timed) {
    // A span whose parent is not stored (yet) is shown as a root rather than dropped.
    const parent = t.span.parentSpanId && ids.has(t.span.parentSpanId) ? t.span.parentSpanId : null;
    const siblings = children.get(parent);
    if (siblings) siblings.push(t);
    else children.set(parent, [t]);
  }
  const rows: SpanRow[] = [];
  const visit = (
    { span, from, to }: Timed,
    depth: number,
    parent: number | null,
    position: number,
    siblings: number,
  ) => {
    const until = to ?? end;
    const index = rows.length;
    const kids = children.get(span.spanId) ?? [];
    rows.push({
      span,
      depth,
      kind: spanKind(span),
      offset: ((from - start) / total) * 100,
      width: Math.max(0.4, ((until - from) / total) * 100),
      durationMs: to === null ? null : to - from,
      parent,
      hasChildren: kids.length > 0,
      position,
      siblings,
    });
    for (const [i, child] of kids.entries()) visit(child, depth + 1, index, i + 1, kids.length);
  };
  const roots = children.get(null) ?? [];
  for (const [i, root] of roots.entries()) visit(root, 0, null, i + 1, roots.length);
  return { rows, totalMs: total };
}
