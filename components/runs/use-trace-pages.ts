"use client";

import { useEffect, useState } from "react";
import type { OutlinePage, TraceTotals } from "@/lib/runs/trace-outline";

export type TraceLoading = {
  spans: number;
  steps: number;
  totals: TraceTotals;
  error: string | null;
  retry: () => void;
};

/**
 * A long run's page arrives with its first outlines: this pages through the rest, one request at a
 * time, handing each page to `apply` (keep it stable). Null once everything is here (or for a
 * short run).
 */
export function useTracePages(
  runId: string,
  totals: TraceTotals | null,
  first: { spans: number; lastSeq: number; steps: number },
  apply: (page: OutlinePage) => void,
): TraceLoading | null {
  const [progress, setProgress] = useState({
    spans: first.spans,
    steps: first.steps,
    lastSeq: first.lastSeq,
  });
  const [error, setError] = useState<string | null>(null);

  const spansDone = !totals || progress.spans >= totals.spans;
  const stepsDone = !totals || progress.steps >= totals.steps;

  useEffect(() => {
    if (spansDone && stepsDone) return;
    if (error) return;
    const abort = new AbortController();
    const query = new URLSearchParams();
    if (!spansDone) query.set("spans_offset", String(progress.spans));
    if (!stepsDone) query.set("steps_after", String(progress.lastSeq));
    fetch(`/api/runs/${runId}/outline?${query}`, { signal: abort.signal })
      .then(async (response) => {
        // A proxy's error page is not JSON: it reads as the generic message below.
        const body = await response.json().catch(() => null);
        if (!response.ok) throw new Error(body?.error?.message ?? "Could not load the rest of the trace.");
        const page = body as OutlinePage;
        apply(page);
        const spans = page.spans ?? [];
        const steps = page.steps ?? [];
        setProgress((p) => ({
          // An empty page means the run has fewer than counted (never expected): stop there.
          spans: spansDone ? p.spans : spans.length === 0 ? Number.POSITIVE_INFINITY : p.spans + spans.length,
          steps: stepsDone ? p.steps : steps.length === 0 ? Number.POSITIVE_INFINITY : p.steps + steps.length,
          lastSeq: steps.at(-1)?.seq ?? p.lastSeq,
        }));
      })
      .catch((reason: unknown) => {
        if (abort.signal.aborted) return;
        setError(
          reason instanceof TypeError
            ? "Could not load the rest of the trace: check the connection."
            : reason instanceof Error
              ? reason.message
              : String(reason),
        );
      });
    return () => abort.abort();
  }, [runId, progress, spansDone, stepsDone, error, apply]);

  if (!totals || (spansDone && stepsDone)) return null;
  return {
    spans: Math.min(progress.spans, totals.spans),
    steps: Math.min(progress.steps, totals.steps),
    totals,
    error,
    retry: () => setError(null),
  };
}
