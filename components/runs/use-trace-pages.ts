"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { OutlinePage, TraceTotals } from "@/lib/runs/trace-outline";

export type TraceLoading = {
  spans: number;
  steps: number;
  totals: TraceTotals;
  error: string | null;
  retry: () => void;
};

/** How much of the trace is here: spans and steps counted, and the last step's seq (the next page's cursor). */
type Progress = { spans: number; steps: number; lastSeq: number };

const done = (progress: Progress, totals: TraceTotals) =>
  progress.spans >= totals.spans && progress.steps >= totals.steps;

function after(progress: Progress, page: OutlinePage, totals: TraceTotals): Progress {
  const spans = page.spans ?? [];
  const steps = page.steps ?? [];
  // An empty page means the run has fewer than counted (never expected): stop there.
  const advance = (count: number, total: number, got: number) =>
    count >= total ? count : got === 0 ? Number.POSITIVE_INFINITY : count + got;
  return {
    spans: advance(progress.spans, totals.spans, spans.length),
    steps: advance(progress.steps, totals.steps, steps.length),
    lastSeq: steps.at(-1)?.seq ?? progress.lastSeq,
  };
}

async function fetchOutline(runId: string, from: Progress, totals: TraceTotals, signal: AbortSignal) {
  const query = new URLSearchParams();
  if (from.spans < totals.spans) query.set("spans_offset", String(from.spans));
  if (from.steps < totals.steps) query.set("steps_after", String(from.lastSeq));
  const response = await fetch(`/api/runs/${runId}/outline?${query}`, { signal });
  // A proxy's error page is not JSON: it reads as the generic message below.
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(body?.error?.message ?? "Could not load the rest of the trace.");
  return body as OutlinePage;
}

const messageOf = (reason: unknown) =>
  reason instanceof TypeError
    ? "Could not load the rest of the trace: check the connection."
    : reason instanceof Error
      ? reason.message
      : String(reason);

/**
 * A long run's page arrives with its first outlines: this pages through the rest, one request at a
 * time, handing each page to `apply` once (keep it stable). Null once everything is here (or for a
 * short run). A failed page stops the paging until `retry`.
 */
export function useTracePages(
  runId: string,
  totals: TraceTotals | null,
  first: Progress,
  apply: (page: OutlinePage) => void,
): TraceLoading | null {
  const pending = totals !== null && !done(first, totals);
  const pages = useInfiniteQuery({
    queryKey: ["runs", runId, "outline", first.spans, first.lastSeq],
    queryFn: ({ pageParam, signal }) => fetchOutline(runId, pageParam, totals as TraceTotals, signal),
    initialPageParam: first,
    getNextPageParam: (page, _pages, from) => {
      const next = after(from, page, totals as TraceTotals);
      return done(next, totals as TraceTotals) ? undefined : next;
    },
    enabled: pending,
    // Pages are fixed slices of the past: never fetched again, forgotten with the page. Each is
    // handed to `apply`, so the cache keeps only the latest (the next page's cursor comes from it).
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    maxPages: 1,
    retry: false,
  });

  const applied = useRef<OutlinePage | null>(null);
  const lastPage = pages.data?.pages.at(-1);
  useEffect(() => {
    if (!lastPage || lastPage === applied.current) return;
    applied.current = lastPage;
    apply(lastPage);
  }, [lastPage, apply]);

  const { hasNextPage, isFetching, isError, fetchNextPage } = pages;
  useEffect(() => {
    if (hasNextPage && !isFetching && !isError) void fetchNextPage();
  }, [hasNextPage, isFetching, isError, fetchNextPage]);

  if (!totals || !pending) return null;
  const lastFrom = pages.data?.pageParams.at(-1) as Progress | undefined;
  const progress = lastPage && lastFrom ? after(lastFrom, lastPage, totals) : first;
  if (done(progress, totals)) return null;
  return {
    spans: Math.min(progress.spans, totals.spans),
    steps: Math.min(progress.steps, totals.steps),
    totals,
    // Trying again shows the progress again; the error stays only while nothing is being fetched.
    error: pages.error && !pages.isFetching ? messageOf(pages.error) : null,
    retry: () => void (pages.isFetchNextPageError ? fetchNextPage() : pages.refetch()),
  };
}
