import type { SpanView } from "@/lib/runs/live-view";
import type { SpanRow } from "./span-layout";

export type SpanOutcome = "ok" | "error" | "denied";

export type SpanFilter = { text: string; tool: string; outcome: SpanOutcome | "" };

export const NO_FILTER: SpanFilter = { text: "", tool: "", outcome: "" };

export const isFiltering = (filter: SpanFilter) =>
  filter.text.trim() !== "" || filter.tool !== "" || filter.outcome !== "";

/** The tool a span is about: the GenAI attribute, or the name of an observed agent's tool span. */
export function toolOf(span: SpanView): string | null {
  const name = span.attributes["gen_ai.tool.name"] ?? span.attributes["tool.name"];
  if (typeof name === "string") return name;
  const match = /^execute_tool (\S+)/.exec(span.name);
  return match?.[1] ?? null;
}

/** Denied: policy or a person refused the call (nothing ran); error: it ran and failed. */
export function outcomeOf(span: SpanView): SpanOutcome {
  const tool = span.attributes["flightdeck.tool.status"];
  if (span.attributes["flightdeck.policy.decision"] === "deny" || tool === "denied" || tool === "rejected")
    return "denied";
  return span.status === "error" ? "error" : "ok";
}

/** How many tries the span's model or tool call took, when more than one. */
export function attemptsOf(span: SpanView): number | null {
  const attempts = span.attributes["flightdeck.attempts"];
  return typeof attempts === "number" && attempts > 1 ? attempts : null;
}

function matches(span: SpanView, filter: SpanFilter, text: string): boolean {
  if (filter.tool && toolOf(span) !== filter.tool) return false;
  if (filter.outcome && outcomeOf(span) !== filter.outcome) return false;
  if (!text) return true;
  if (span.name.toLowerCase().includes(text) || span.spanId.startsWith(text)) return true;
  for (const value of Object.values(span.attributes))
    if (typeof value === "string" && value.toLowerCase().includes(text)) return true;
  return false;
}

/** Indexes (into `rows`) of the spans that pass the filter, in tree order. */
export function matchingRows(rows: SpanRow[], filter: SpanFilter): number[] {
  if (!isFiltering(filter)) return [];
  const text = filter.text.trim().toLowerCase();
  const found: number[] = [];
  rows.forEach((row, index) => {
    if (matches(row.span, filter, text)) found.push(index);
  });
  return found;
}

/**
 * The rows the tree shows, as indexes into `rows`: collapsed spans hide their descendants, and
 * with `only` set, just the matches and the spans above them.
 */
export function visibleRows(
  rows: SpanRow[],
  collapsed: ReadonlySet<string>,
  only: number[] | null,
): number[] {
  let keep: Uint8Array | null = null;
  if (only) {
    keep = new Uint8Array(rows.length);
    for (const index of only) {
      for (let i: number | null = index; i !== null && !keep[i]; i = rows[i]?.parent ?? null) keep[i] = 1;
    }
  }
  const shown: number[] = [];
  let hiddenBelow = Number.POSITIVE_INFINITY;
  rows.forEach((row, index) => {
    if (row.depth > hiddenBelow) return;
    hiddenBelow = Number.POSITIVE_INFINITY;
    if (keep && !keep[index]) return;
    shown.push(index);
    if (row.hasChildren && collapsed.has(row.span.spanId)) hiddenBelow = row.depth;
  });
  return shown;
}

/** The distinct tools of a trace, for the filter's choices. */
export function toolsIn(spans: SpanView[]): string[] {
  const tools = new Set<string>();
  for (const span of spans) {
    const tool = toolOf(span);
    if (tool) tools.add(tool);
  }
  return [...tools].sort();
}
