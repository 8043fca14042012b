"use client";

import type { KeyboardEvent } from "react";
import type { SpanView } from "@/lib/runs/live-view";
import { formatDuration } from "./format";
import { SpanDetails } from "./span-details";
import { layoutSpans } from "./span-layout";

type Props = {
  spans: SpanView[];
  latestMs: number;
  selectedId: string | null;
  onSelect: (span: SpanView) => void;
};

const MOVES: Record<string, (index: number, count: number) => number> = {
  ArrowDown: (index, count) => Math.min(count - 1, index + 1),
  ArrowUp: (index) => Math.max(0, index - 1),
  Home: () => 0,
  End: (_index, count) => count - 1,
};

/** Arrow keys move between spans, Home/End jump to the ends. */
function moveFocus(event: KeyboardEvent<HTMLOListElement>) {
  const move = MOVES[event.key];
  if (!move) return;
  const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>("button.span-row")];
  const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
  event.preventDefault();
  buttons[move(index, buttons.length)]?.focus();
}

export function TraceView({ spans, latestMs, selectedId, onSelect }: Props) {
  const { rows, totalMs } = layoutSpans(spans, latestMs);
  const selected = spans.find((s) => s.spanId === selectedId) ?? null;
  return (
    <section className="card trace" aria-labelledby="trace-title">
      <div className="trace-head">
        <h2 id="trace-title">Trace</h2>
        <span className="muted">
          {rows.length} spans · {formatDuration(totalMs)} · select a span to see its step
        </span>
      </div>
      {rows.length === 0 ? (
        <p className="muted">No spans yet.</p>
      ) : (
        <>
          <div className="trace-axis" aria-hidden>
            <span />
            <span className="trace-ticks">
              {[0, 0.25, 0.5, 0.75, 1].map((f) => (
                <span key={f} style={{ left: `${f * 100}%` }}>
                  {formatDuration(totalMs * f)}
                </span>
              ))}
            </span>
            <span />
          </div>
          <ol className="trace-rows" aria-label="Spans" onKeyDown={moveFocus}>
            {rows.map((row) => (
              <li key={row.span.spanId}>
                <button
                  type="button"
                  className={`span-row span-${row.kind}${row.span.status === "error" ? " span-error" : ""}`}
                  aria-pressed={row.span.spanId === selectedId}
                  onClick={() => onSelect(row.span)}
                >
                  <span className="span-name" style={{ paddingLeft: row.depth * 16 }} title={row.span.name}>
                    {row.span.name}
                  </span>
                  <span className="span-track" aria-hidden>
                    <span className="span-bar" style={{ left: `${row.offset}%`, width: `${row.width}%` }} />
                  </span>
                  <span className="span-duration">
                    {row.durationMs === null ? "open" : formatDuration(row.durationMs)}
                  </span>
                </button>
              </li>
            ))}
          </ol>
        </>
      )}
      {selected && <SpanDetails span={selected} />}
    </section>
  );
}
