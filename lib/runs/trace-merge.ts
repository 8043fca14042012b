import type { SpanView, StepView } from "./live-view";
import type { OutlinePage } from "./trace-outline";

/** Adds what is not there yet: a span or step the live stream already delivered (in full) stays. */
export function mergeOutlines(
  current: { spans: SpanView[]; steps: StepView[] },
  page: OutlinePage,
): { spans: SpanView[]; steps: StepView[] } {
  let { spans, steps } = current;
  if (page.spans?.length) {
    const have = new Set(spans.map((s) => s.spanId));
    spans = [...spans, ...page.spans.filter((s) => !have.has(s.spanId))];
  }
  if (page.steps?.length) {
    const have = new Set(steps.map((s) => s.seq));
    steps = [...steps, ...page.steps.filter((s) => !have.has(s.seq))].sort((a, b) => a.seq - b.seq);
  }
  return { spans, steps };
}

/** The live stream's spans: each replaces the reader's copy of that span, or is added. */
export function mergeSpans(current: SpanView[], updates: SpanView[]): SpanView[] {
  if (updates.length === 0) return current;
  const byId = new Map(updates.map((s) => [s.spanId, s]));
  const merged = current.map((s) => {
    const update = byId.get(s.spanId);
    if (update) byId.delete(s.spanId);
    return update ?? s;
  });
  return [...merged, ...byId.values()];
}
