"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, useState } from "react";
import type { StepView } from "@/lib/runs/live-view";
import { StepItem } from "./step-item";
import { TraceLoadingNote } from "./trace-loading";
import type { TraceLoading } from "./use-trace-pages";

type Props = {
  runId: string;
  steps: StepView[];
  selectedSeq: number | null;
  finished: boolean;
  /** A long run whose steps are still arriving. */
  loading?: TraceLoading | null;
};

/** Above this many steps only the ones in view are rendered. */
export const VIRTUAL_STEPS = 100;
const VIEWPORT_HEIGHT = 720;

export function StepsPanel({ runId, steps, selectedSeq, finished, loading = null }: Props) {
  const list = useRef<HTMLOListElement>(null);
  // A long run still loading is laid out as what it will be, so nothing jumps as pages arrive.
  const virtual = (loading?.totals.steps ?? steps.length) > VIRTUAL_STEPS;
  // In a long list a step's details element comes and goes with scrolling: which are open is kept here.
  const [open, setOpen] = useState<{ all: boolean; except: Set<number> }>({ all: false, except: new Set() });
  const setAll = (value: boolean) => {
    if (virtual) setOpen({ all: value, except: new Set() });
    for (const el of list.current?.querySelectorAll<HTMLDetailsElement>("details.step") ?? [])
      el.open = value;
  };
  return (
    <section className="card" aria-labelledby="steps-title">
      <div className="trace-head">
        <h2 id="steps-title">
          Steps{" "}
          <span className="muted">({(loading?.totals.steps ?? steps.length).toLocaleString("en-US")})</span>
        </h2>
        {steps.length > 0 && (
          <div className="page-actions">
            <button type="button" className="button-secondary button-small" onClick={() => setAll(true)}>
              Expand all
            </button>
            <button type="button" className="button-secondary button-small" onClick={() => setAll(false)}>
              Collapse all
            </button>
          </div>
        )}
      </div>
      <TraceLoadingNote loading={loading} part="steps" />
      {steps.length === 0 ? (
        <p className="muted" role="status">
          {finished ? "This run ended before its first step." : "Waiting for the first step…"}
        </p>
      ) : virtual ? (
        <VirtualSteps
          runId={runId}
          steps={steps}
          selectedSeq={selectedSeq}
          list={list}
          open={open}
          setOpen={setOpen}
        />
      ) : (
        <ol className="steps" ref={list} aria-live="polite" aria-relevant="additions">
          {steps.map((step) => (
            <li key={step.seq}>
              <StepItem runId={runId} step={step} selected={step.seq === selectedSeq} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

type OpenState = { all: boolean; except: Set<number> };

function VirtualSteps({
  runId,
  steps,
  selectedSeq,
  list,
  open,
  setOpen,
}: {
  runId: string;
  steps: StepView[];
  selectedSeq: number | null;
  list: React.RefObject<HTMLOListElement | null>;
  open: OpenState;
  setOpen: (update: (state: OpenState) => OpenState) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: steps.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 46,
    overscan: 6,
    initialRect: { width: 1000, height: VIEWPORT_HEIGHT },
  });
  const isOpen = (seq: number) => open.all !== open.except.has(seq);

  // `toggle` does not bubble: listen in the capture phase to remember what the person opened.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onToggle = (event: Event) => {
      const details = event.target;
      if (!(details instanceof HTMLDetailsElement) || !details.id.startsWith("step-")) return;
      const seq = Number(details.id.slice(5));
      setOpen((state) => {
        if (details.open === (state.all !== state.except.has(seq))) return state;
        const except = new Set(state.except);
        if (except.has(seq)) except.delete(seq);
        else except.add(seq);
        return { all: state.all, except };
      });
    };
    el.addEventListener("toggle", onToggle, true);
    return () => el.removeEventListener("toggle", onToggle, true);
  }, [setOpen]);

  // A span selected in the trace: scroll its step into the list's window and open it (focus stays
  // in the trace, whose keys go on moving through the spans).
  useEffect(() => {
    if (selectedSeq === null) return;
    const index = steps.findIndex((s) => s.seq === selectedSeq);
    if (index < 0) return;
    virtualizer.scrollToIndex(index, { align: "start" });
    const frame = requestAnimationFrame(() => {
      const step = document.getElementById(`step-${selectedSeq}`);
      if (!(step instanceof HTMLDetailsElement)) return;
      step.open = true;
    });
    return () => cancelAnimationFrame(frame);
  }, [selectedSeq, steps, virtualizer]);

  return (
    <div ref={scroller} style={{ height: VIEWPORT_HEIGHT, overflowY: "auto", contain: "strict" }}>
      <ol
        className="steps"
        ref={list}
        aria-live="polite"
        aria-relevant="additions"
        style={{ display: "block", height: virtualizer.getTotalSize(), position: "relative" }}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const step = steps[item.index];
          if (!step) return null;
          return (
            <li
              key={step.seq}
              data-index={item.index}
              ref={(el) => {
                if (!el) return;
                // Restore the open state of a step scrolled back into view before measuring it.
                const details = el.querySelector("details");
                if (details && details.open !== isOpen(step.seq)) details.open = isOpen(step.seq);
                virtualizer.measureElement(el);
              }}
              style={{
                position: "absolute",
                top: 0,
                left: 0,
                right: 0,
                paddingBottom: 8,
                transform: `translateY(${item.start}px)`,
              }}
            >
              <StepItem runId={runId} step={step} selected={step.seq === selectedSeq} />
            </li>
          );
        })}
      </ol>
    </div>
  );
}
