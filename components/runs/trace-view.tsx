"use client";

import "./trace.css";
import { useCallback, useDeferredValue, useEffect, useMemo, useState } from "react";
import type { ReceiptLink } from "@/lib/receipts/links";
import type { SpanView, StepView } from "@/lib/runs/live-view";
import { formatDuration } from "./format";
import { isFiltering, matchingRows, NO_FILTER, type SpanFilter, toolsIn, visibleRows } from "./span-filter";
import { layoutSpans } from "./span-layout";
import { SpanPanel } from "./span-panel";
import { SpanTree } from "./span-tree";
import { TraceLoadingNote } from "./trace-loading";
import { TraceSearch } from "./trace-search";
import type { TraceLoading } from "./use-trace-pages";

type Props = {
  runId: string;
  spans: SpanView[];
  steps: StepView[];
  receipts: ReceiptLink[];
  latestMs: number;
  selectedId: string | null;
  onSelect: (spanId: string | null) => void;
  /** A long run whose spans are still arriving. */
  loading?: TraceLoading | null;
};

/** The span tree with its waterfall, search and filters, beside the selected span's details. */
export function TraceView({
  runId,
  spans,
  steps,
  receipts,
  latestMs,
  selectedId,
  onSelect,
  loading = null,
}: Props) {
  const { rows, totalMs } = useMemo(() => layoutSpans(spans, latestMs), [spans, latestMs]);
  const indexById = useMemo(() => new Map(rows.map((row, i) => [row.span.spanId, i])), [rows]);
  const stepBySeq = useMemo(() => new Map(steps.map((step) => [step.seq, step])), [steps]);
  const stepOf = useCallback(
    (seq: number | null) => (seq === null ? undefined : stepBySeq.get(seq)),
    [stepBySeq],
  );

  const [filter, setFilter] = useState<SpanFilter>(NO_FILTER);
  const [only, setOnly] = useState(false);
  const searched = useDeferredValue(filter);
  const filtering = isFiltering(searched);
  const matchList = useMemo(() => matchingRows(rows, searched), [rows, searched]);
  const matchSet = useMemo(() => (filtering ? new Set(matchList) : null), [filtering, matchList]);
  const tools = useMemo(() => toolsIn(spans), [spans]);

  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const visible = useMemo(
    () => visibleRows(rows, collapsed, only && filtering ? matchList : null),
    [rows, collapsed, only, filtering, matchList],
  );
  const [activeId, setActiveId] = useState<string | null>(null);
  const active = activeId === null ? null : (indexById.get(activeId) ?? null);

  /** Expands what hides a row, so it can be shown. */
  const reveal = useCallback(
    (index: number) => {
      const hidden: string[] = [];
      for (let i = rows[index]?.parent ?? null; i !== null; i = rows[i]?.parent ?? null) {
        const id = rows[i]?.span.spanId;
        if (id && collapsed.has(id)) hidden.push(id);
      }
      if (hidden.length === 0) return;
      setCollapsed((current) => {
        const next = new Set(current);
        for (const id of hidden) next.delete(id);
        return next;
      });
    },
    [rows, collapsed],
  );

  // A selection from the URL (a link, Back) becomes the active row, shown.
  const selectedIndex = selectedId === null ? undefined : indexById.get(selectedId);
  // Only when the selection itself changes, not as pages of a long trace arrive.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    if (selectedIndex === undefined) return;
    setActiveId(rows[selectedIndex]?.span.spanId ?? null);
    reveal(selectedIndex);
  }, [selectedIndex]);

  const toggle = useCallback((spanId: string, open: boolean) => {
    setCollapsed((current) => {
      const next = new Set(current);
      if (open) next.delete(spanId);
      else next.add(spanId);
      return next;
    });
  }, []);

  const matchPlace = active === null ? -1 : matchList.indexOf(active);
  const step = (direction: 1 | -1) => {
    if (matchList.length === 0) return;
    let target: number | undefined;
    if (matchPlace >= 0) target = matchList.at((matchPlace + direction) % matchList.length);
    else {
      const from = active ?? -1;
      target =
        direction === 1
          ? (matchList.find((i) => i > from) ?? matchList[0])
          : (matchList.findLast((i) => i < from) ?? matchList.at(-1));
    }
    const row = target === undefined ? undefined : rows[target];
    if (!row || target === undefined) return;
    reveal(target);
    setActiveId(row.span.spanId);
    onSelect(row.span.spanId);
  };

  const selected = selectedIndex === undefined ? undefined : rows[selectedIndex]?.span;
  const receiptOf = (seq: number | null) =>
    seq === null ? undefined : receipts.find((r) => r.seq === seq && r.kind !== "undo");

  return (
    <section className="card trace" aria-labelledby="trace-title">
      <div className="trace-head">
        <h2 id="trace-title">Trace</h2>
        <span className="muted">
          {(loading?.totals.spans ?? rows.length).toLocaleString("en-US")} spans · {formatDuration(totalMs)} ·
          ↑↓ move, ←→ fold, Enter opens
        </span>
      </div>
      <TraceLoadingNote loading={loading} part="spans" />
      {rows.length === 0 ? (
        <p className="muted">No spans yet.</p>
      ) : (
        <>
          <TraceSearch
            filter={filter}
            onFilter={setFilter}
            tools={tools}
            only={only}
            onOnly={setOnly}
            matches={filtering ? matchList.length : null}
            current={filtering && matchPlace >= 0 ? matchPlace + 1 : null}
            onStep={step}
          />
          <div className={`trace-body${selectedId ? " trace-body-open" : ""}`}>
            <div className="trace-tree-pane">
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
              {visible.length === 0 ? (
                <p className="muted">No span matches.</p>
              ) : (
                <SpanTree
                  rows={rows}
                  visible={visible}
                  active={active}
                  onActive={(index) => setActiveId(rows[index]?.span.spanId ?? null)}
                  selectedId={selectedId}
                  collapsed={collapsed}
                  onToggle={toggle}
                  onOpen={(index) => onSelect(rows[index]?.span.spanId ?? null)}
                  onClose={() => onSelect(null)}
                  matches={matchSet}
                />
              )}
            </div>
            {selectedId &&
              (selected ? (
                <SpanPanel
                  runId={runId}
                  span={selected}
                  step={stepOf(selected.seq)}
                  receipt={receiptOf(selected.seq)}
                  onClose={() => onSelect(null)}
                />
              ) : (
                <MissingSpan spanId={selectedId} loading={loading !== null} onClose={() => onSelect(null)} />
              ))}
          </div>
        </>
      )}
    </section>
  );
}

/** A link to a span not (yet) here: a long trace still loading, or an id of no span of this run. */
function MissingSpan({
  spanId,
  loading,
  onClose,
}: {
  spanId: string;
  loading: boolean;
  onClose: () => void;
}) {
  return (
    <section className="span-panel" aria-label="Span details" data-testid="span-panel">
      <p className={loading ? "muted" : "alert alert-warn"} role="status">
        {loading ? `Loading span ${spanId}…` : `This run has no span ${spanId}.`}
      </p>
      <button type="button" className="button-secondary button-small" onClick={onClose}>
        ← Back to spans
      </button>
    </section>
  );
}
