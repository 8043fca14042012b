"use client";

import { useEffect, useRef, useState } from "react";
import { Time } from "@/components/time/time-zone";
import type { ReceiptLink } from "@/lib/receipts/links";
import type { SpanView, StepView } from "@/lib/runs/live-view";
import { formatDuration } from "./format";
import { attemptsOf, outcomeOf } from "./span-filter";
import { FullStep, StepBody } from "./step-item";

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

type Props = {
  runId: string;
  span: SpanView;
  step: StepView | undefined;
  receipt: ReceiptLink | undefined;
  onClose: () => void;
};

/**
 * The selected span in place: what it did (the step's input and output, the policy decision with
 * its statements, the receipt) and its attributes. Payloads arrive already redacted for viewers.
 */
export function SpanPanel({ runId, span, step, receipt, onClose }: Props) {
  const attributes = useAttributes(runId, span);
  const back = useRef<HTMLButtonElement>(null);
  // On a phone the panel covers the tree: focus goes to its way back.
  useEffect(() => {
    if (span.spanId && window.matchMedia("(max-width: 800px)").matches) back.current?.focus();
  }, [span.spanId]);
  const duration = span.endTime
    ? formatDuration(Date.parse(span.endTime) - Date.parse(span.startTime))
    : "open";
  const outcome = outcomeOf(span);
  const attempts = attemptsOf(span);
  const waits = step?.kind === "model" ? step.payload.retryWaitsMs : undefined;
  return (
    <section
      className="span-panel"
      aria-labelledby="span-panel-title"
      data-testid="span-panel"
      onKeyDown={(event) => {
        if (event.key === "Escape") onClose();
      }}
    >
      <div className="span-panel-head">
        <button
          ref={back}
          type="button"
          className="button-secondary button-small span-panel-back"
          onClick={onClose}
        >
          ← Back to spans
        </button>
        <h3 id="span-panel-title">
          {span.name} <span className={`badge span-status-${outcome}`}>{outcome}</span>
        </h3>
        <button
          type="button"
          className="button-secondary button-small span-panel-close"
          onClick={onClose}
          aria-label="Close the span's details"
          title="Close (Escape)"
        >
          ✕
        </button>
      </div>
      <p className="muted">
        <Time at={span.startTime} /> · {duration} · span <code>{span.spanId}</code>
        {span.seq !== null && (
          <>
            {" "}
            · <a href={`#step-${span.seq}`}>step #{span.seq}</a>
          </>
        )}
      </p>
      {attempts !== null && (
        <p className="span-attempts" data-testid="span-attempts">
          <span className="badge attempts-badge">{attempts} attempts</span>{" "}
          {waits && waits.length > 0 && (
            <span className="muted">
              waited {waits.map((ms) => formatDuration(ms)).join(", ")} between them
            </span>
          )}
        </p>
      )}
      {receipt && (
        <p>
          <a href={`#receipt-${receipt.id}`}>Receipt #{receipt.id}</a>{" "}
          <span className="muted">in the run&apos;s receipts</span>
        </p>
      )}
      {step &&
        (step.partial ? <FullStep key={step.seq} runId={runId} seq={step.seq} /> : <StepBody step={step} />)}
      <h4 className="span-panel-sub">Attributes</h4>
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
    </section>
  );
}
