"use client";

import type { TraceLoading } from "./use-trace-pages";

const count = (n: number) => n.toLocaleString("en-US");

/** How far a long run's spans or steps have loaded, or why they stopped (with a way to try again). */
export function TraceLoadingNote({
  loading,
  part,
}: {
  loading: TraceLoading | null;
  part: "spans" | "steps";
}) {
  if (!loading) return null;
  const loaded = loading[part];
  const total = loading.totals[part];
  if (loading.error)
    return (
      <div className="alert alert-error trace-loading" role="alert">
        {loading.error}{" "}
        <button type="button" className="button-secondary button-small" onClick={loading.retry}>
          Try again
        </button>
      </div>
    );
  if (loaded >= total) return null;
  return (
    <p className="muted trace-loading" role="status">
      <progress max={total} value={loaded} aria-label={`${part} loaded`} /> Loading {part}: {count(loaded)} of{" "}
      {count(total)}…
    </p>
  );
}
