import { runFilterSchema } from "./queries";
import { parseRunColumns, runColumnsParam } from "./run-columns";

/** The runs list's filters that live in its URL, in the order they are written back. */
export const RUN_FILTER_KEYS = [
  "status",
  "stop_reason",
  "agent",
  "model",
  "flagged",
  "refused",
  "last",
  "source",
  "from",
  "to",
  "q",
  "session",
] as const;

/**
 * A runs list URL's query reduced to what a view is: its valid filters and its columns, in a fixed
 * order (no page cursor). Null when a filter is not valid.
 */
export function canonicalRunsQuery(query: string): string | null {
  const params = new URLSearchParams(query.startsWith("?") ? query.slice(1) : query);
  const parsed = runFilterSchema.safeParse(
    Object.fromEntries(RUN_FILTER_KEYS.flatMap((k) => (params.get(k) ? [[k, params.get(k)]] : []))),
  );
  if (!parsed.success) return null;
  const out = new URLSearchParams();
  for (const key of RUN_FILTER_KEYS) {
    const value = parsed.data[key];
    if (value) out.set(key, String(value));
  }
  const cols = runColumnsParam(parseRunColumns(params.getAll("cols")));
  if (cols) out.set("cols", cols);
  return out.toString();
}
