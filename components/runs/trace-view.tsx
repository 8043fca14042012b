"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { type KeyboardEvent, useMemo, useRef } from "react";
import type { SpanView } from "@/lib/runs/live-view";
import { formatDuration } from "./format";
import { SpanDetails } from "./span-details";
import { layoutSpans, type SpanRow } from "./span-layout";
import { TraceLoadingNote } from "./trace-loading";
import type { TraceLoading } from "./use-trace-pages";

type Props = {
  runId: string;
  spans: SpanView[];
  latestMs: number;
  selectedId: string | null;
  onSelect: (span: SpanView) => void;
  /** A long run whose spans are still arriving. */
  loading?: TraceLoading | null;
};

/** Above this many spans only the rows in view are rendered (a 10,000-span trace stays fast). */
export const VIRTUAL_SPAN_ROWS = 200;
const ROW_HEIGHT = 28;
const VIEWPORT_HEIGHT = 560;

const MOVES: Record<string, (index: number, count: number) => number> = {
  ArrowDown: (index, count) => Math.min(count - 1, index + 1),
  ArrowUp: (index) => Math.max(0, index - 1),
  Home: () => 0,
  End: (_index, count) => count - 1,
};

export function TraceView({ runId, spans, latestMs, selectedId, onSelect, loading = null }: Props) {
  const { rows, totalMs } = useMemo(() => layoutSpans(spans, latestMs), [spans, latestMs]);
  const selected = useMemo(() => spans.find((s) => s.spanId === selectedId) ?? null, [spans, selectedId]);
  return (
    <section className="card trace" aria-labelledby="trace-title">
      <div className="trace-head">
        <h2 id="trace-title">Trace</h2>
        <span className="muted">
          {(loading?.totals.spans ?? rows.length).toLocaleString("en-US")} spans · {formatDuration(totalMs)} ·
          select a span to see its step
        </span>
      </div>
      <TraceLoadingNote loading={loading} part="spans" />
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
          {(loading?.totals.spans ?? rows.length) > VIRTUAL_SPAN_ROWS ? (
            <VirtualRows rows={rows} selectedId={selectedId} onSelect={onSelect} />
          ) : (
            <ol className="trace-rows" aria-label="Spans" onKeyDown={moveFocus}>
              {rows.map((row) => (
                <li key={row.span.spanId}>
                  <SpanRowButton row={row} selectedId={selectedId} onSelect={onSelect} />
                </li>
              ))}
            </ol>
          )}
        </>
      )}
      {selected && <SpanDetails runId={runId} span={selected} />}
    </section>
  );
}

function SpanRowButton({
  row,
  selectedId,
  onSelect,
  index,
}: {
  row: SpanRow;
  selectedId: string | null;
  onSelect: (span: SpanView) => void;
  index?: number;
}) {
  return (
    <button
      type="button"
      className={`span-row span-${row.kind}${row.span.status === "error" ? " span-error" : ""}`}
      aria-pressed={row.span.spanId === selectedId}
      data-index={index}
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
  );
}

/** Arrow keys move between spans, Home/End jump to the ends. */
function moveFocus(event: KeyboardEvent<HTMLOListElement>) {
  const move = MOVES[event.key];
  if (!move) return;
  const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>("button.span-row")];
  const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
  event.preventDefault();
  buttons[move(index, buttons.length)]?.focus();
}

/**
 * A long trace: a scrolling window of fixed-height rows where only the visible ones (and a few
 * around them) are in the DOM. Keyboard moves scroll the target row in before focusing it.
 */
function VirtualRows({
  rows,
  selectedId,
  onSelect,
}: {
  rows: SpanRow[];
  selectedId: string | null;
  onSelect: (span: SpanView) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 1000, height: VIEWPORT_HEIGHT },
  });
  const onKeyDown = (event: KeyboardEvent<HTMLOListElement>) => {
    const move = MOVES[event.key];
    if (!move) return;
    event.preventDefault();
    const current = Number((document.activeElement as HTMLElement | null)?.dataset.index ?? -1);
    const target = move(current, rows.length);
    virtualizer.scrollToIndex(target, { align: "auto" });
    requestAnimationFrame(() =>
      scroller.current?.querySelector<HTMLButtonElement>(`button[data-index="${target}"]`)?.focus(),
    );
  };
  return (
    <div
      ref={scroller}
      style={{ maxHeight: VIEWPORT_HEIGHT, overflowY: "auto", contain: "strict", height: VIEWPORT_HEIGHT }}
    >
      <ol
        className="trace-rows"
        aria-label="Spans"
        onKeyDown={onKeyDown}
        style={{ height: virtualizer.getTotalSize(), position: "relative" }}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          return (
            <li
              key={row.span.spanId}
              aria-setsize={rows.length}
              aria-posinset={item.index + 1}
              style={{
                position: "absolute",
                top: 0,
                left: 0,
                right: 0,
                height: ROW_HEIGHT,
                transform: `translateY(${item.start}px)`,
              }}
            >
              <SpanRowButton row={row} selectedId={selectedId} onSelect={onSelect} index={item.index} />
            </li>
          );
        })}
      </ol>
    </div>
  );
}
