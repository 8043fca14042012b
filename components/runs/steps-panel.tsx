"use client";

import { useRef } from "react";
import type { StepView } from "@/lib/runs/live-view";
import { StepItem } from "./step-item";

type Props = { steps: StepView[]; selectedSeq: number | null; finished: boolean };

export function StepsPanel({ steps, selectedSeq, finished }: Props) {
  const list = useRef<HTMLOListElement>(null);
  const setAll = (open: boolean) => {
    for (const el of list.current?.querySelectorAll<HTMLDetailsElement>("details.step") ?? []) el.open = open;
  };
  return (
    <section className="card" aria-labelledby="steps-title">
      <div className="trace-head">
        <h2 id="steps-title">
          Steps <span className="muted">({steps.length})</span>
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
      {steps.length === 0 ? (
        <p className="muted" role="status">
          {finished ? "This run ended before its first step." : "Waiting for the first step…"}
        </p>
      ) : (
        <ol className="steps" ref={list} aria-live="polite" aria-relevant="additions">
          {steps.map((step) => (
            <li key={step.seq}>
              <StepItem step={step} selected={step.seq === selectedSeq} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
