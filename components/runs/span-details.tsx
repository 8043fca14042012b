"use client";

import { useEffect, useState } from "react";
import type { SpanView } from "@/lib/runs/live-view";
import { formatDuration, formatUtc } from "./format";

/** A very long trace arrives as outlines: the selected span's attributes are fetched. */
function useAttributes(runId: string, span: SpanView): SpanView["attributes"] | null {
  const [loaded, setLoaded] = useState<{ id: string; attributes: SpanView["attributes"] } | null>(null);
  useEffect(() => {
    if (!span.partial) return;
    let live = true;
    fetch(`/api/runs/${runId}/spans/${span.spanId}`)
      .then((r) => (r.ok ? r.json() : null))
      .then((full: SpanView | null) => {
        if (live && full) setLoaded({ id: span.spanId, attributes: full.attributes });
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [runId, span.spanId, span.partial]);
  if (!span.partial) return span.attributes;
  return loaded?.id === span.spanId ? loaded.attributes : null;
}

export function SpanDetails({ runId, span }: { runId: string; span: SpanView }) {
  const attributes = useAttributes(runId, span);
  const duration = span.endTime
    ? formatDuration(Date.parse(span.endTime) - Date.parse(span.startTime))
    : "open";
  return (
    <div className="span-details" aria-live="polite">
      <h3>
        {span.name} <span className={`badge span-status-${span.status}`}>{span.status}</span>
      </h3>
      <p className="muted">
        {formatUtc(span.startTime)} · {duration} · span <code>{span.spanId}</code>
        {span.seq !== null && <> · step #{span.seq}</>}
      </p>
      {!attributes && (
        <p className="muted" role="status">
          Loading attributes…
        </p>
      )}
      <table className="span-attributes">
        <tbody>
          {Object.entries(attributes ?? {}).map(([key, value]) => (
            <tr key={key}>
              <th scope="row" className="mono">
                {key}
              </th>
              <td className="mono">{String(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
